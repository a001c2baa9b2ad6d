export interface PatientInvitationSms {
  firstName: string | null;
  organisationName: string;
  deploymentName: string;
  link: string;
  expiresAt: Date;
  reminder: boolean;
}

/** "12 Jan 2026, 09:00 UTC": short, and the same for every reader. */
export const smsExpiry = (d: Date) =>
  `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d)} UTC`;

/**
 * The text of a patient's SMS invitation (or its reminder): who invites, to what, the personal
 * link on a line of its own (so phones make it tappable) and when it expires. Plain and short:
 * about two SMS parts with a real link.
 */
export function patientInvitationSms(input: PatientInvitationSms): string {
  const hi = input.firstName?.trim() ? `Hi ${input.firstName.trim()}, ` : 'Hello, ';
  if (input.reminder) {
    return [
      `${hi}your invitation from ${input.organisationName} to ${input.deploymentName} expires ${smsExpiry(input.expiresAt)}. Accept it here:`,
      input.link,
      'Earlier links no longer work.',
    ].join('\n');
  }
  return [
    `${hi}${input.organisationName} invited you to join ${input.deploymentName}. Accept here (no password needed):`,
    input.link,
    `The link expires ${smsExpiry(input.expiresAt)}. Not expecting this? Ignore this text.`,
  ].join('\n');
}
