import type { OutgoingEmail } from '../../../infra/mail/mailer.js';
import { renderInvitation } from './invitation-layout.js';

export interface HelperInvitationEmail {
  to: string;
  inviterName: string | null;
  /** The patient's first name; null when the patient has not given it yet. */
  patientFirstName: string | null;
  organisationName: string;
  deploymentName: string;
  expiresAt: Date;
  link: string;
  reminder: boolean;
}

/** The helper (proxy) invitation, or its reminder: help one patient with their programme. */
export function helperInvitationEmail(input: HelperInvitationEmail): Promise<OutgoingEmail> {
  const who = input.inviterName ?? input.organisationName;
  const patient = input.patientFirstName ?? 'a patient';
  return renderInvitation(input.to, {
    subject: input.reminder
      ? `Reminder: your invitation to help ${patient} expires soon`
      : `${who} invited you to help ${patient} with ${input.deploymentName}`,
    preview: `Help ${patient} with ${input.deploymentName}`,
    heading: input.reminder
      ? 'Your invitation expires soon'
      : `Help ${patient} with ${input.deploymentName}`,
    intro: input.reminder
      ? `You have not accepted yet. This email carries a new link; earlier links no longer work.`
      : `${who} invited you to help ${patient} with ${input.deploymentName}, as a relative or carer.`,
    details: [
      'Step 1: install the app on your phone.',
      'Step 2: open the link below to create your account; it is linked to the person you help.',
      `Care team: ${input.organisationName}`,
    ],
    buttonLabel: 'Accept invitation',
    link: input.link,
    expiresAt: input.expiresAt,
    footnote: `You received this because ${input.organisationName} invited ${input.to} to help one of its patients. If you did not expect it, you can ignore this email.`,
  });
}
