import type { OutgoingMessage } from '../message.js';
import { helperInvitationEmail } from './helper-invitation.js';
import { patientInvitationEmail } from './patient-invitation.js';
import { patientInvitationSms } from './patient-invitation-sms.js';
import { staffInvitationEmail } from './staff-invitation.js';

/** Who an invitation is for (the invitation kinds): each has its own email. */
export type InvitationMessageKind = 'STAFF' | 'PATIENT' | 'PROXY';

/** Everything an invitation message (or its reminder) may say, whatever the kind and channel. */
export interface InvitationMessageProps {
  kind: InvitationMessageKind;
  /** The address: an email or an E.164 mobile. */
  to: string;
  link: string;
  expiresAt: Date;
  reminder: boolean;
  organisationName: string;
  /** Null for a staff invitation to the whole organisation. */
  deploymentName: string | null;
  roleName: string | null;
  inviterName: string | null;
  inviterEmail: string | null;
  /** The patient's first name (the patient invited, or the one a helper helps). */
  firstName: string | null;
}

/** The personal link in every invitation message. */
export const invitationLink = (appUrl: string, token: string) =>
  `${appUrl.replace(/\/$/, '')}/invitations/${token}`;

/** The invitation as an email: staff, patient or helper wording in the shared layout. */
export async function invitationEmail(p: InvitationMessageProps): Promise<OutgoingMessage> {
  const common = { to: p.to, expiresAt: p.expiresAt, link: p.link, reminder: p.reminder };
  const deploymentName = p.deploymentName ?? p.organisationName;
  switch (p.kind) {
    case 'STAFF':
      return {
        format: 'email',
        ...(await staffInvitationEmail({
          ...common,
          inviterName: p.inviterName ?? 'Your organisation',
          inviterEmail: p.inviterEmail ?? 'no-reply',
          organisationName: p.organisationName,
          deploymentName: p.deploymentName,
          roleName: p.roleName ?? 'Staff',
        })),
      };
    case 'PROXY':
      return {
        format: 'email',
        ...(await helperInvitationEmail({
          ...common,
          inviterName: p.inviterName,
          patientFirstName: p.firstName,
          organisationName: p.organisationName,
          deploymentName,
        })),
      };
    case 'PATIENT':
      return {
        format: 'email',
        ...(await patientInvitationEmail({
          ...common,
          organisationName: p.organisationName,
          deploymentName,
        })),
      };
  }
}

/** The invitation as a short text (SMS): greeting, the link on its own line, the expiry. */
export function invitationText(p: InvitationMessageProps): Promise<OutgoingMessage> {
  return Promise.resolve({
    format: 'text',
    to: p.to,
    text: patientInvitationSms({
      firstName: p.firstName,
      organisationName: p.organisationName,
      deploymentName: p.deploymentName ?? p.organisationName,
      link: p.link,
      expiresAt: p.expiresAt,
      reminder: p.reminder,
    }),
  });
}
