import type { OutgoingEmail } from '../../../infra/mail/mailer.js';
import {
  compileMjmlFile,
  compilePlaceholders,
  type CompiledTemplate,
} from '../../../infra/mail/template.js';

/** What every invitation email says, in the shared layout (invitation.mjml). */
export interface InvitationLayout {
  subject: string;
  preview: string;
  heading: string;
  intro: string;
  details: [string, string, string];
  buttonLabel: string;
  link: string;
  expiresAt: Date;
  footnote: string;
}

type Vars =
  | 'subject'
  | 'preview'
  | 'heading'
  | 'intro'
  | 'detail1'
  | 'detail2'
  | 'detail3'
  | 'buttonLabel'
  | 'link'
  | 'expiresAt'
  | 'footnote';

const TEXT = compilePlaceholders<Vars>(
  `{{heading}}

{{intro}}

{{detail1}}
{{detail2}}
{{detail3}}

{{buttonLabel}}: {{link}}

This invitation expires on {{expiresAt}}.

{{footnote}}
`,
  false,
);

let html: Promise<CompiledTemplate<Vars>> | undefined;

/** Compiles the MJML once; the worker calls this at start so no send pays for it. */
export function warmInvitationLayout(): Promise<CompiledTemplate<Vars>> {
  html ??= compileMjmlFile<Vars>(new URL('./invitation.mjml', import.meta.url));
  return html;
}

export const formatExpiry = (d: Date) =>
  `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(d)} UTC`;

export async function renderInvitation(
  to: string,
  layout: InvitationLayout,
): Promise<OutgoingEmail> {
  const values: Record<Vars, string> = {
    subject: layout.subject,
    preview: layout.preview,
    heading: layout.heading,
    intro: layout.intro,
    detail1: layout.details[0],
    detail2: layout.details[1],
    detail3: layout.details[2],
    buttonLabel: layout.buttonLabel,
    link: layout.link,
    expiresAt: formatExpiry(layout.expiresAt),
    footnote: layout.footnote,
  };
  return {
    to,
    subject: layout.subject,
    html: (await warmInvitationLayout()).render(values),
    text: TEXT.render(values),
  };
}
