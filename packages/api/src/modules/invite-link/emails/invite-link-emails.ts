import type { OutgoingEmail } from '../../../infra/mail/mailer.js';
import { renderInvitation } from '../../delivery/index.js';

/** What every invite-link email knows: where the link leads, and the link itself. */
interface LinkEmail {
  to: string;
  organisationName: string;
  deploymentName: string;
  /** The join page of the link, to come back to. */
  link: string;
  /** When the link stops working. */
  expiresAt: Date;
  /** Patients (the default) are looked after by a care team; staff join an organisation. */
  kind?: 'PATIENT' | 'STAFF';
}

/** The line naming who is behind the link, in the words of the people it is for. */
const sender = (e: LinkEmail) =>
  e.kind === 'STAFF' ? `Organisation: ${e.organisationName}` : `Care team: ${e.organisationName}`;

const footnote = (e: LinkEmail) =>
  `You received this because someone entered ${e.to} on the ${e.organisationName} invite link. If that was not you, you can ignore this email.`;

/** The 6-digit code that confirms the address; the code is in the subject for phones' autofill. */
export function joinCodeEmail(
  input: LinkEmail & { code: string; codeMinutes: number },
): Promise<OutgoingEmail> {
  return renderInvitation(input.to, {
    subject: `Your code to join ${input.deploymentName}: ${input.code}`,
    preview: `Your code is ${input.code}`,
    heading: `Your code: ${input.code}`,
    intro: `Enter this code on the page where you asked for it to join ${input.deploymentName}.`,
    details: [
      `Code: ${input.code}`,
      `It works for ${input.codeMinutes} minutes and only once.`,
      sender(input),
    ],
    buttonLabel: 'Back to the join page',
    link: input.link,
    expiresAt: input.expiresAt,
    footnote: footnote(input),
  });
}

/**
 * Sent instead of a code when the address is already registered there (a patient of the
 * deployment, or for staff links a member of that scope), so the
 * page answers the same either way and reveals nothing about who is registered.
 */
export function alreadyRegisteredEmail(
  input: LinkEmail & { signInLink: string },
): Promise<OutgoingEmail> {
  return renderInvitation(input.to, {
    subject: `You are already registered with ${input.deploymentName}`,
    preview: 'Sign in instead; no code is needed',
    heading: 'You are already registered',
    intro: `Someone asked to join ${input.deploymentName} with this address, which is already registered there. There is nothing to join: sign in instead.`,
    details: [
      'No code was sent.',
      input.kind === 'STAFF'
        ? 'Forgot your password? Ask your administrator.'
        : 'Forgot your password? Ask your care team.',
      sender(input),
    ],
    buttonLabel: 'Sign in',
    link: input.signInLink,
    expiresAt: input.expiresAt,
    footnote: footnote(input),
  });
}

/** The reminder to someone who started joining but did not finish, 24 hours before the link expires. */
export function finishJoiningEmail(input: LinkEmail): Promise<OutgoingEmail> {
  return renderInvitation(input.to, {
    subject: `Finish joining ${input.deploymentName}`,
    preview: 'The invite link stops working within a day',
    heading: `Finish joining ${input.deploymentName}`,
    intro: `You started joining ${input.deploymentName} but did not finish. The invite link stops working soon.`,
    details: [
      'Open the link below.',
      'Enter your email to get a new code, then set your password.',
      sender(input),
    ],
    buttonLabel: 'Finish joining',
    link: input.link,
    expiresAt: input.expiresAt,
    footnote: footnote(input),
  });
}
