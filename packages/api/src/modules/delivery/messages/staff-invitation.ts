import type { OutgoingEmail } from '../../../infra/mail/mailer.js';
import { renderInvitation } from './invitation-layout.js';

export interface StaffInvitationEmail {
  to: string;
  inviterName: string;
  inviterEmail: string;
  organisationName: string;
  deploymentName: string | null;
  roleName: string;
  expiresAt: Date;
  link: string;
  reminder: boolean;
}

/** The staff invitation (or its reminder). */
export function staffInvitationEmail(input: StaffInvitationEmail): Promise<OutgoingEmail> {
  const place = input.deploymentName ?? `all of ${input.organisationName}`;
  return renderInvitation(input.to, {
    subject: input.reminder
      ? `Reminder: your invitation to ${input.organisationName} expires soon`
      : `${input.inviterName} invited you to ${input.organisationName} on Porter`,
    preview: `${input.inviterName} invited you to ${place} on Porter`,
    heading: input.reminder
      ? 'Your invitation expires soon'
      : `Join ${input.organisationName} on Porter`,
    intro: input.reminder
      ? `${input.inviterName} invited you to join ${place} as ${input.roleName}, and you have not accepted yet. This email carries a new link; earlier links no longer work.`
      : `${input.inviterName} invited you to join ${place} as ${input.roleName}. Create your account to get started.`,
    details: [
      `Organisation: ${input.organisationName}`,
      `Where: ${place}`,
      `Role: ${input.roleName}`,
    ],
    buttonLabel: 'Create account',
    link: input.link,
    expiresAt: input.expiresAt,
    footnote: `You received this because ${input.inviterName} (${input.inviterEmail}) invited ${input.to}. If you did not expect it, you can ignore this email.`,
  });
}
