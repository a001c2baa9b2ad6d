import { PATIENT_EXPIRY_HOURS, STAFF_EXPIRY_HOURS, type ErrorCode } from '@porter/shared';
import { AppError, BadInputError } from '../../common/errors.js';
import { hashToken, newToken } from '../auth/index.js';

/**
 * An invitation's statuses. PENDING waits for an answer; the expiry job moves one past its expiry
 * to EXPIRED (until it runs, a PENDING one past its expiry reads as expired all the same).
 */
export const INVITATION_STATUSES = ['PENDING', 'ACCEPTED', 'REVOKED', 'EXPIRED'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/**
 * Every change of an invitation's status, declared once: from → to. Nothing leaves ACCEPTED or
 * REVOKED. An EXPIRED invitation is still open: it can be resent (pending again) or revoked.
 * TypeScript paths change a status with `transition`; set-based SQL paths select their rows with
 * `fromSql`, built from the same entries, so the two cannot drift.
 */
export const TRANSITIONS = {
  /** Someone used the link (invitation.accept.ts). */
  accept: { from: ['PENDING'], to: 'ACCEPTED' },
  /** Withdrawn: by an admin, by deleting a patient's invitation, a helper's removal or a link join. */
  revoke: { from: ['PENDING', 'EXPIRED'], to: 'REVOKED' },
  /** Sent again with a new token and a fresh expiry. */
  resend: { from: ['PENDING', 'EXPIRED'], to: 'PENDING' },
  /** The reminder job: one reminder before the expiry; the status stays. */
  remind: { from: ['PENDING'], to: 'PENDING' },
  /** The expiry job. */
  expire: { from: ['PENDING'], to: 'EXPIRED' },
} as const satisfies Record<string, { from: readonly InvitationStatus[]; to: InvitationStatus }>;
export type InvitationTransition = keyof typeof TRANSITIONS;

const ENTRIES = Object.values(TRANSITIONS) as { from: readonly InvitationStatus[] }[];

/** Statuses no transition leaves: ACCEPTED and REVOKED. */
export const TERMINAL_STATUSES: readonly InvitationStatus[] = INVITATION_STATUSES.filter(
  (s) => !ENTRIES.some((t) => t.from.includes(s)),
);
/** Statuses still waiting for an answer (they hold their address): PENDING and EXPIRED. */
export const OPEN_STATUSES: readonly InvitationStatus[] = INVITATION_STATUSES.filter(
  (s) => !TERMINAL_STATUSES.includes(s),
);

export const isOpenStatus = (status: InvitationStatus): boolean => OPEN_STATUSES.includes(status);

/** A list of statuses as an SQL tuple: `('PENDING', 'EXPIRED')`. */
const tuple = (statuses: readonly InvitationStatus[]) =>
  `(${statuses.map((s) => `'${s}'`).join(', ')})`;

/** The statuses a transition starts from, in SQL: `status in ${fromSql('revoke')}`. */
export const fromSql = (name: InvitationTransition): string => tuple(TRANSITIONS[name].from);
/** The status a transition ends in, in SQL: `set status = ${toSql('revoke')}`. */
export const toSql = (name: InvitationTransition): string => `'${TRANSITIONS[name].to}'`;
/** Open statuses in SQL: `status in ${OPEN_SQL}`. */
export const OPEN_SQL = tuple(OPEN_STATUSES);

/** Why a transition cannot start from a status, by the status it is in. */
const REFUSED_FROM = {
  PENDING: 'CONFLICT',
  ACCEPTED: 'INVITATION_ALREADY_USED',
  REVOKED: 'INVITATION_REVOKED',
  EXPIRED: 'INVITATION_EXPIRED',
} as const satisfies Record<InvitationStatus, ErrorCode>;
export type TransitionRefusal = (typeof REFUSED_FROM)[InvitationStatus];

/** Whether the table allows `name` from `status`. */
export const can = (status: InvitationStatus, name: InvitationTransition): boolean =>
  refusal(status, name) === null;

/** The code refusing `name` from `status`, or null when the table allows it. */
export function refusal(
  status: InvitationStatus,
  name: InvitationTransition,
): TransitionRefusal | null {
  return (TRANSITIONS[name].from as readonly InvitationStatus[]).includes(status)
    ? null
    : REFUSED_FROM[status];
}

/**
 * Changes an invitation's status by a transition of the table, or throws the code saying why it
 * cannot (INVITATION_ALREADY_USED, INVITATION_REVOKED, INVITATION_EXPIRED). The only TypeScript
 * write of an invitation's status.
 */
export function transition<S extends InvitationStatus>(
  invitation: { status: S },
  name: InvitationTransition,
): void {
  const code = refusal(invitation.status, name);
  if (code) throw new AppError(code);
  invitation.status = TRANSITIONS[name].to as S;
}

/**
 * Withdraws an open invitation (the `revoke` transition, stamped with when); one already used or
 * withdrawn stays as it is, so a terminal status and its time stay frozen. Returns whether it changed.
 */
export function withdraw(
  invitation: { status: InvitationStatus; revokedAt?: Date | null },
  now: Date,
): boolean {
  if (!can(invitation.status, 'revoke')) return false;
  transition(invitation, 'revoke');
  invitation.revokedAt = now;
  return true;
}

/** How many replaced token hashes an invitation remembers, so an old link can say "replaced". */
export const REPLACED_TOKENS_KEPT = 20;

/** Puts a new token on an invitation, remembering the old hash. Returns the new token. */
export function rotateToken(invitation: { tokenHash: string; replacedTokenHashes: string[] }) {
  const token = newToken();
  invitation.replacedTokenHashes = [
    ...invitation.replacedTokenHashes.slice(-(REPLACED_TOKENS_KEPT - 1)),
    invitation.tokenHash,
  ];
  invitation.tokenHash = hashToken(token);
  return token;
}

/**
 * The same rotation in SQL, as a compare-and-set: `set ${rotateTokenSql(expected, next)}`, where
 * both are SQL expressions (bind parameters or a recordset's columns) for the hash the caller saw
 * and the new one. When the token is still the expected one it is remembered and replaced; when
 * something rotated it meanwhile, the current token stays and the new one is only remembered as
 * replaced.
 */
export const rotateTokenSql = (expected: string, next: string): string =>
  `replaced_token_hashes = (replaced_token_hashes || case when token_hash = ${expected} then token_hash else ${next}::text end)[greatest(1, cardinality(replaced_token_hashes) - ${REPLACED_TOKENS_KEPT - 2}):],
        token_hash = case when token_hash = ${expected} then ${next} else token_hash end`;

/**
 * How long what is sent stays usable, per thing sent: its choices (from @porter/shared), the
 * choice when none is given, and the words for refusing another. Invite links follow the same
 * choices as the invitations of their kind.
 */
export const EXPIRY_RULES = {
  STAFF: { choices: STAFF_EXPIRY_HOURS, fallback: 72, noun: 'Staff invitations' },
  PATIENT: { choices: PATIENT_EXPIRY_HOURS, fallback: 168, noun: 'Patient invitations' },
  PROXY: { choices: PATIENT_EXPIRY_HOURS, fallback: 168, noun: 'Helper invitations' },
  PATIENT_LINK: { choices: PATIENT_EXPIRY_HOURS, fallback: 168, noun: 'Invite links' },
  STAFF_LINK: { choices: STAFF_EXPIRY_HOURS, fallback: 72, noun: 'Staff invite links' },
} as const satisfies Record<string, { choices: readonly number[]; fallback: number; noun: string }>;
export type ExpiryRule = keyof typeof EXPIRY_RULES;

const inWords = (hours: number) =>
  hours === 8760 ? '1 year' : hours === 168 ? '7 days' : `${hours} hours`;

/** "Patient invitations expire after 24 hours, 48 hours, 7 days or 1 year." */
export function expiryMessage(rule: ExpiryRule): string {
  const words = EXPIRY_RULES[rule].choices.map(inWords);
  return `${EXPIRY_RULES[rule].noun} expire after ${words.slice(0, -1).join(', ')} or ${words.at(-1)}.`;
}

/** The expiry in hours (the rule's default when none is given); BAD_USER_INPUT for another. */
export function expiryHoursFor(rule: ExpiryRule, hours: number | null | undefined): number {
  const chosen = hours ?? EXPIRY_RULES[rule].fallback;
  if (!(EXPIRY_RULES[rule].choices as readonly number[]).includes(chosen))
    throw new BadInputError(expiryMessage(rule), { field: 'expiryHours' });
  return chosen;
}
