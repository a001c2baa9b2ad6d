/** Input rules shared by the API (which enforces them) and the SPA (which shows them early). */

// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is proven by the invitation email.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

export function isValidEmail(value: string): boolean {
  const email = normaliseEmail(value);
  return email.length <= 254 && EMAIL.test(email);
}

export const PASSWORD_MIN_LENGTH = 12;

// The most common passwords of at least 12 characters; a longer list can replace this one.
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  'password1234',
  'password12345',
  'passwordpassword',
  'qwertyuiopas',
  'qwerty123456',
  '111111111111',
  '000000000000',
  'iloveyou1234',
  'letmein12345',
  'welcome12345',
  'abc123456789',
  'administrator',
  'aaaaaaaaaaaa',
  'qwertyuiop12',
  '1q2w3e4r5t6y',
  'trustno1trustno1',
]);

export type PasswordProblem = 'TOO_SHORT' | 'TOO_COMMON' | 'TOO_LONG';

/** Returns what is wrong with a password, or null when it meets the policy of PRODUCT.md §3.1. */
export function passwordProblem(password: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'TOO_SHORT';
  if (password.length > 256) return 'TOO_LONG';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'TOO_COMMON';
  return null;
}

/** Why a patient stops being monitored (Huma's regulatory list); OTHER needs a note. */
export const OFFBOARD_REASONS = [
  { key: 'COMPLETED', label: 'Completed the programme' },
  { key: 'WITHDREW_CONSENT', label: 'Withdrew consent' },
  { key: 'LOST_TO_FOLLOW_UP', label: 'Lost to follow-up' },
  { key: 'TRANSFERRED', label: 'Transferred to another service' },
  { key: 'ADVERSE_EVENT', label: 'Adverse event' },
  { key: 'DECEASED', label: 'Deceased' },
  { key: 'OTHER', label: 'Other reason' },
] as const;
export type OffboardReason = (typeof OFFBOARD_REASONS)[number]['key'];

/** Patient and invite-link expiry choices, in hours: 24 h, 48 h, 7 days, 1 year. */
export const PATIENT_EXPIRY_HOURS = [24, 48, 168, 8760] as const;
/** Staff invitation expiry choices, in hours: 24 h, 72 h, 7 days. */
export const STAFF_EXPIRY_HOURS = [24, 72, 168] as const;

/** WHATWG URL, present in browsers and Node alike; this package is built without either's typings. */
declare const URL: new (input: string) => { protocol: string; hostname: string };

/** An absolute http(s) address with a host that has a dot (or is localhost): organisations' legal links. */
export function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      (url.hostname.includes('.') || url.hostname === 'localhost')
    );
  } catch {
    return false;
  }
}

/** The most people one invite link may let in (its `maxUses`). */
export const MAX_LINK_USES = 100_000;
