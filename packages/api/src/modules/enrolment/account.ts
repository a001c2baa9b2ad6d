import type { EntityManager } from '@mikro-orm/postgresql';
import { passwordProblem, type ChannelInfo } from '@porter/shared';
import type { Viewer } from '../../common/access.js';
import { AppError, BadInputError } from '../../common/errors.js';
import { hashPassword } from '../auth/index.js';
import { UserEntity } from '../user/index.js';

/** What an address is: a normalised email, or an E.164 mobile number. */
type AddressKind = ChannelInfo['address'];

/** A confirmed address: the invited email or mobile, or the email a join code proved. */
export interface AccountAddress {
  kind: AddressKind;
  value: string;
}

/** What a person gives when an account is made for them. */
export interface AccountInput {
  fullName?: string | null;
  password?: string | null;
  acceptTerms?: boolean | null;
  /** Password-less channels: the names as the person confirms them. */
  firstName?: string | null;
  lastName?: string | null;
}

/** A name the inviter gave, offered where the person leaves theirs empty. */
export interface GivenName {
  fullName?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

/** The refusals of an existing account, worded for the flow that asks. */
export interface AccountWording {
  /**
   * Invitations are for one address: when set, a viewer signed in with another one is refused
   * (INVITATION_WRONG_ACCOUNT) with this message. Links leave it out: whoever proved the address
   * may make its account.
   */
  wrongAccount?: (viewer: Viewer) => string;
  /** SIGN_IN_REQUIRED's message: an account with the address exists and the viewer is not it. */
  signInRequired: string;
}

export interface NewAccountRules {
  /** From the channel table: no password, first and last names instead of a full name. */
  passwordless: boolean;
  given?: GivenName;
}

export interface AccountRequest extends AccountWording, NewAccountRules {
  address: AccountAddress;
  input: AccountInput;
}

export interface Account {
  user: UserEntity;
  /** False when the viewer came in with the account they already had. */
  created: boolean;
  /** The first and last names a password-less account was made with (they belong on the patient). */
  names: { firstName: string; lastName: string } | null;
}

const clean = (value: string | null | undefined) => (value ?? '').trim().replace(/\s+/g, ' ');

/**
 * The full-name rule: spaces trimmed and collapsed, then 2 to 200 characters. Returns the name,
 * falling back to `fallback` when the given one is empty, or null when the rule is not met.
 */
export function fullNameOf(
  value: string | null | undefined,
  fallback?: string | null,
): string | null {
  const name = clean(value) || clean(fallback);
  return name.length >= 2 && name.length <= 200 ? name : null;
}

/** The password policy (WEAK_PASSWORD with the problem) and, when it is met, the argon2id hash. */
export async function passwordHashOf(password: string | null | undefined): Promise<string> {
  const problem = passwordProblem(password ?? '');
  if (problem) throw new AppError('WEAK_PASSWORD', undefined, { field: 'password', problem });
  return hashPassword(password!);
}

/** A full name split for a patient record: the first word, then the rest (100 characters each). */
export function splitFullName(fullName: string): {
  firstName: string | null;
  lastName: string | null;
} {
  const [first, ...rest] = fullName.split(' ');
  return {
    firstName: first?.slice(0, 100) || null,
    lastName: rest.join(' ').slice(0, 100) || null,
  };
}

const whereAddress = (address: AccountAddress) =>
  address.kind === 'email' ? { email: address.value } : { mobile: address.value };

const viewerAddress = (viewer: Viewer, kind: AddressKind) =>
  kind === 'email' ? viewer.email : (viewer.mobile ?? null);

/**
 * The account the address already has, if the viewer may use it: null when there is none. An
 * existing account must be the viewer's (SIGN_IN_REQUIRED otherwise); with `wrongAccount`, a
 * viewer signed in with another address is refused first (INVITATION_WRONG_ACCOUNT).
 */
export async function existingAccount(
  tx: EntityManager,
  viewer: Viewer | null,
  address: AccountAddress,
  wording: AccountWording,
): Promise<UserEntity | null> {
  if (wording.wrongAccount && viewer && viewerAddress(viewer, address.kind) !== address.value)
    throw new AppError('INVITATION_WRONG_ACCOUNT', wording.wrongAccount(viewer));
  const existing = await tx.findOne(UserEntity, whereAddress(address));
  if (existing && viewer?.userId !== existing.id)
    throw new AppError('SIGN_IN_REQUIRED', wording.signInRequired);
  return existing;
}

/**
 * Makes the account for an address that has none, after its rules: the terms
 * (TERMS_NOT_ACCEPTED); then the full name (or the given one) and the password policy, or, for
 * a password-less channel, first and last names of 1 to 100 characters and no password
 * (BAD_USER_INPUT with the field, WEAK_PASSWORD). The account joins the unit of work.
 */
export async function newAccount(
  tx: EntityManager,
  address: AccountAddress,
  input: AccountInput,
  rules: NewAccountRules,
): Promise<Account> {
  if (!input.acceptTerms) throw new AppError('TERMS_NOT_ACCEPTED');
  const given = rules.given ?? {};
  const where = whereAddress(address);
  if (rules.passwordless) {
    const firstName = clean(input.firstName) || clean(given.firstName);
    const lastName = clean(input.lastName) || clean(given.lastName);
    if (!firstName || firstName.length > 100)
      throw new BadInputError('Enter your first name.', { field: 'firstName' });
    if (!lastName || lastName.length > 100)
      throw new BadInputError('Enter your last name.', { field: 'lastName' });
    const user = tx.create(UserEntity, {
      ...where,
      fullName: `${firstName} ${lastName}`,
      passwordHash: null,
    });
    return { user, created: true, names: { firstName, lastName } };
  }
  const fullName = fullNameOf(
    input.fullName,
    given.fullName ?? [given.firstName, given.lastName].filter(Boolean).join(' '),
  );
  if (!fullName) throw new BadInputError('Enter your full name.', { field: 'fullName' });
  const passwordHash = await passwordHashOf(input.password);
  return {
    user: tx.create(UserEntity, { ...where, fullName, passwordHash }),
    created: true,
    names: null,
  };
}

/**
 * Resolves or creates the account behind a confirmed address: the viewer's own when it is theirs
 * (existingAccount), else a new one after the rules (newAccount). A flow with refusals of its own
 * between the two (a link's ALREADY_PATIENT) calls the two steps itself.
 */
export async function resolveAccount(
  tx: EntityManager,
  viewer: Viewer | null,
  request: AccountRequest,
): Promise<Account> {
  const existing = await existingAccount(tx, viewer, request.address, request);
  if (existing) return { user: existing, created: false, names: null };
  return newAccount(tx, request.address, request.input, request);
}
