import { compileMjmlFile, compilePlaceholders, type CompiledTemplate } from '../../../infra/mail/template.js';
import type { OutgoingEmail } from '../../../infra/mail/mailer.js';

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

type Vars = 'subject' | 'heading' | 'intro' | 'inviterName' | 'inviterEmail' | 'organisationName' | 'placeName' | 'roleName' | 'expiresAt' | 'link' | 'recipient';

const TEXT = compilePlaceholders<Vars>(
  `{{heading}}

{{intro}}

Organisation: {{organisationName}}
Where: {{placeName}}
Role: {{roleName}}

Create your account: {{link}}

This invitation expires on {{expiresAt}}.

You received this because {{inviterName}} ({{inviterEmail}}) invited {{recipient}}. If you did not expect it, you can ignore this email.
`,
  false,
);

let html: Promise<CompiledTemplate<Vars>> | undefined;

/** Compiles the MJML once; call at worker start so the first send is not slow. */
export function warmStaffInvitationEmail(): Promise<unknown> {
  html ??= compileMjmlFile<Vars>(new URL('./staff-invitation.mjml', import.meta.url));
  return html;
}

const formatDate = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(d) + ' UTC';

/** The staff invitation (or its reminder): subject, HTML and plain text. */
export async function staffInvitationEmail(input: StaffInvitationEmail): Promise<OutgoingEmail> {
  const placeName = input.deploymentName ?? `all of ${input.organisationName}`;
  const subject = input.reminder
    ? `Reminder: your invitation to ${input.organisationName} expires soon`
    : `${input.inviterName} invited you to ${input.organisationName} on Porter`;
  const values: Record<Vars, string> = {
    subject,
    heading: input.reminder ? 'Your invitation expires soon' : `Join ${input.organisationName} on Porter`,
    intro: input.reminder
      ? `${input.inviterName} invited you to join ${placeName} as ${input.roleName}, and you have not accepted yet. This email carries a new link; earlier links no longer work.`
      : `${input.inviterName} invited you to join ${placeName} as ${input.roleName}. Create your account to get started.`,
    inviterName: input.inviterName,
    inviterEmail: input.inviterEmail,
    organisationName: input.organisationName,
    placeName,
    roleName: input.roleName,
    expiresAt: formatDate(input.expiresAt),
    link: input.link,
    recipient: input.to,
  };
  return { to: input.to, subject, html: (await warmStaffInvitationEmail().then(() => html!)).render(values), text: TEXT.render(values) };
}
