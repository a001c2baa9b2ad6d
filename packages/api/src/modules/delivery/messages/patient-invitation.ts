import type { OutgoingEmail } from '../../../infra/mail/mailer.js';
import { renderInvitation } from './invitation-layout.js';

export interface PatientInvitationEmail {
  to: string;
  organisationName: string;
  deploymentName: string;
  expiresAt: Date;
  link: string;
  reminder: boolean;
}

/** The patient invitation (or its reminder): download the app, then activate. */
export function patientInvitationEmail(input: PatientInvitationEmail): Promise<OutgoingEmail> {
  return renderInvitation(input.to, {
    subject: input.reminder
      ? `Reminder: activate your ${input.organisationName} account before your invitation expires`
      : `${input.organisationName} invited you to ${input.deploymentName}`,
    preview: `Activate your account for ${input.deploymentName}`,
    heading: input.reminder ? 'Your invitation expires soon' : `Welcome to ${input.deploymentName}`,
    intro: input.reminder
      ? `You have not activated your account yet. This email carries a new link; earlier links no longer work.`
      : `${input.organisationName} invited you to take part in ${input.deploymentName}. It takes two steps.`,
    details: [
      'Step 1: install the app on your phone.',
      'Step 2: open the link below to activate your account.',
      `Care team: ${input.organisationName}`,
    ],
    buttonLabel: 'Activate account',
    link: input.link,
    expiresAt: input.expiresAt,
    footnote: `You received this because ${input.organisationName} invited ${input.to}. If you did not expect it, you can ignore this email.`,
  });
}
