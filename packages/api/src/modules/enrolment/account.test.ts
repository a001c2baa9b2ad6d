import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../common/access.js';
import { verifyPassword } from '../auth/password.js';
import type { UserEntity } from '../user/user.entity.js';
import {
  fullNameOf,
  resolveAccount,
  splitFullName,
  type AccountInput,
  type AccountRequest,
} from './account.js';

/** Enough of an EntityManager for the account rules: users found by address, created in memory. */
function fakeTx(users: Partial<UserEntity>[] = []) {
  const created: Partial<UserEntity>[] = [];
  const tx = {
    findOne: async (_entity: unknown, where: Record<string, string>) => {
      const [key, value] = Object.entries(where)[0]!;
      return users.find((u) => u[key as keyof UserEntity] === value) ?? null;
    },
    create: (_entity: unknown, data: Partial<UserEntity>) => {
      const user = { id: randomUUID(), ...data };
      created.push(user);
      return user;
    },
  };
  return { tx: tx as unknown as EntityManager, created };
}

const viewer = (over: Partial<Viewer>): Viewer => ({
  userId: 'v',
  email: null,
  mobile: null,
  fullName: 'V',
  sessionId: 's',
  grants: [],
  ...over,
});

const PASSWORD = 'a long enough password';
const byEmail = (input: AccountInput, over: Partial<AccountRequest> = {}): AccountRequest => ({
  address: { kind: 'email', value: 'ann@example.org' },
  input,
  passwordless: false,
  wrongAccount: (v) => `for ann@example.org, signed in as ${v.email}`,
  signInRequired: 'sign in first',
  ...over,
});
const byMobile = (input: AccountInput, over: Partial<AccountRequest> = {}): AccountRequest => ({
  address: { kind: 'mobile', value: '+447700900123' },
  input,
  passwordless: true,
  wrongAccount: () => 'another mobile',
  signInRequired: 'sign in with a code',
  ...over,
});

/** The code, message and details an attempt fails with. */
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: { code?: string; message: string; extensions?: { details?: unknown } }) => ({
      code: error.code,
      message: error.message,
      details: error.extensions?.details,
    }),
  );

describe('resolveAccount: an existing account', () => {
  const ann = { id: 'ann', email: 'ann@example.org', fullName: 'Ann Example' };

  it('is the viewer’s own when they are signed in with the address, with no other rule asked', async () => {
    const { tx, created } = fakeTx([ann]);
    const account = await resolveAccount(
      tx,
      viewer({ userId: 'ann', email: 'ann@example.org' }),
      byEmail({}),
    );
    expect(account).toEqual({ user: ann, created: false, names: null });
    expect(created).toHaveLength(0);
  });

  it('refuses a viewer signed in with another address when the flow is for one address', async () => {
    const { tx } = fakeTx([ann]);
    expect(
      await refusal(resolveAccount(tx, viewer({ email: 'bob@example.org' }), byEmail({}))),
    ).toMatchObject({
      code: 'INVITATION_WRONG_ACCOUNT',
      message: 'for ann@example.org, signed in as bob@example.org',
    });
    // By mobile, the viewer's mobile is what counts (an email-only viewer has none).
    expect(
      await refusal(resolveAccount(tx, viewer({ email: 'ann@example.org' }), byMobile({}))),
    ).toMatchObject({ code: 'INVITATION_WRONG_ACCOUNT', message: 'another mobile' });
  });

  it('asks a signed-out person to sign in (SIGN_IN_REQUIRED), by email or by mobile', async () => {
    const { tx } = fakeTx([ann, { id: 'sam', mobile: '+447700900123', fullName: 'Sam S' }]);
    const input = { fullName: 'Ann', password: PASSWORD, acceptTerms: true };
    expect(await refusal(resolveAccount(tx, null, byEmail(input)))).toMatchObject({
      code: 'SIGN_IN_REQUIRED',
      message: 'sign in first',
    });
    expect(await refusal(resolveAccount(tx, null, byMobile(input)))).toMatchObject({
      code: 'SIGN_IN_REQUIRED',
      message: 'sign in with a code',
    });
  });

  it('without the one-address rule (links), ignores another viewer but still asks the owner to sign in', async () => {
    const input = { fullName: 'Ann Example', password: PASSWORD, acceptTerms: true };
    const link = { wrongAccount: undefined };
    const other = viewer({ userId: 'bob', email: 'bob@example.org' });
    const empty = fakeTx();
    const account = await resolveAccount(empty.tx, other, byEmail(input, link));
    expect(account.created).toBe(true);
    expect(account.user.email).toBe('ann@example.org');
    expect(
      await refusal(resolveAccount(fakeTx([ann]).tx, other, byEmail(input, link))),
    ).toMatchObject({ code: 'SIGN_IN_REQUIRED' });
  });
});

describe('resolveAccount: a new account with a password', () => {
  it('needs the terms first, then the name, then the password', async () => {
    const { tx } = fakeTx();
    expect(
      await refusal(resolveAccount(tx, null, byEmail({ fullName: '', password: 'x' }))),
    ).toMatchObject({ code: 'TERMS_NOT_ACCEPTED' });
    expect(
      await refusal(
        resolveAccount(tx, null, byEmail({ fullName: ' A ', password: 'x', acceptTerms: true })),
      ),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Enter your full name.',
      details: { field: 'fullName' },
    });
    expect(
      await refusal(
        resolveAccount(
          tx,
          null,
          byEmail({ fullName: 'Ann', password: 'short', acceptTerms: true }),
        ),
      ),
    ).toMatchObject({
      code: 'WEAK_PASSWORD',
      details: { field: 'password', problem: 'TOO_SHORT' },
    });
    expect(
      await refusal(
        resolveAccount(
          tx,
          null,
          byEmail({ fullName: 'Ann', password: 'passwordpassword', acceptTerms: true }),
        ),
      ),
    ).toMatchObject({ details: { problem: 'TOO_COMMON' } });
  });

  it('makes the account with the address, the tidied name and an argon2id hash of the password', async () => {
    const { tx, created } = fakeTx();
    const account = await resolveAccount(
      tx,
      null,
      byEmail({ fullName: '  Ann   van  Example ', password: PASSWORD, acceptTerms: true }),
    );
    expect(account.created).toBe(true);
    expect(account.names).toBeNull();
    expect(created).toHaveLength(1);
    expect(account.user).toMatchObject({ email: 'ann@example.org', fullName: 'Ann van Example' });
    expect(account.user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(account.user.passwordHash!, PASSWORD)).toBe(true);
  });

  it('falls back to the name the inviter gave, whole or as first and last names', async () => {
    const input = { password: PASSWORD, acceptTerms: true };
    const named = async (given: AccountRequest['given'], fullName?: string) =>
      (await resolveAccount(fakeTx().tx, null, byEmail({ ...input, fullName }, { given }))).user
        .fullName;
    expect(await named({ fullName: 'Helen Helper' })).toBe('Helen Helper');
    expect(await named({ firstName: 'Pat', lastName: 'Patient' })).toBe('Pat Patient');
    expect(await named({ firstName: 'Pat', lastName: null })).toBe('Pat');
    expect(await named({ fullName: 'Helen Helper' }, 'Helen H')).toBe('Helen H');
  });
});

describe('resolveAccount: a new password-less account (channels that say so)', () => {
  it('needs the terms, then a first and a last name of at most 100 characters', async () => {
    const { tx } = fakeTx();
    expect(
      await refusal(resolveAccount(tx, null, byMobile({ firstName: 'Sam', lastName: 'S' }))),
    ).toMatchObject({ code: 'TERMS_NOT_ACCEPTED' });
    expect(
      await refusal(resolveAccount(tx, null, byMobile({ lastName: 'S', acceptTerms: true }))),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Enter your first name.',
      details: { field: 'firstName' },
    });
    expect(
      await refusal(
        resolveAccount(
          tx,
          null,
          byMobile({ firstName: 'Sam', lastName: 'x'.repeat(101), acceptTerms: true }),
        ),
      ),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Enter your last name.',
      details: { field: 'lastName' },
    });
  });

  it('makes an account with the mobile and no password, from the confirmed or the given names', async () => {
    const { tx } = fakeTx();
    const account = await resolveAccount(
      tx,
      null,
      byMobile(
        { firstName: '  Sam ', lastName: '', password: 'ignored', acceptTerms: true },
        { given: { firstName: 'Samuel', lastName: 'Smith  Jones' } },
      ),
    );
    expect(account.user).toMatchObject({
      mobile: '+447700900123',
      fullName: 'Sam Smith Jones',
      passwordHash: null,
    });
    expect(account.user.email).toBeUndefined();
    expect(account.names).toEqual({ firstName: 'Sam', lastName: 'Smith Jones' });
  });
});

describe('the name rules', () => {
  it('fullNameOf tidies spaces and allows 2 to 200 characters', () => {
    expect(fullNameOf(' Rita   Root ')).toBe('Rita Root');
    expect(fullNameOf(' R ')).toBeNull();
    expect(fullNameOf('x'.repeat(200))).toHaveLength(200);
    expect(fullNameOf('x'.repeat(201))).toBeNull();
    expect(fullNameOf('', ' Given  Name')).toBe('Given Name');
    expect(fullNameOf(null)).toBeNull();
  });

  it('splitFullName gives the first word and the rest, each at most 100 characters', () => {
    expect(splitFullName('Ann van Example')).toEqual({ firstName: 'Ann', lastName: 'van Example' });
    expect(splitFullName('Cher')).toEqual({ firstName: 'Cher', lastName: null });
    expect(splitFullName(`${'a'.repeat(150)} b`).firstName).toHaveLength(100);
  });
});
