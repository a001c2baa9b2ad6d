import { beforeEach, describe, expect, it } from 'vitest';
import { makeStaff, makeTenant, makeUser, PASSWORD } from '../../../test/factories.js';
import { useTestApi, type TestApi } from '../../../test/harness.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { ADDRESS_WINDOW_MS, MAX_FAILURES_PER_ADDRESS } from './auth.service.js';
import { SessionEntity } from './session.entity.js';
import { hashToken } from './token.js';

const VIEWER = `{ viewer { id email fullName isPlatformStaff
  assignments { role { key } scopeType organisation { id } deployment { id } }
  scopes { scopeType organisation { id } deployment { id } permissions } } }`;
const SIGN_IN = `mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { id email } }`;

const testApi = useTestApi();
let api: TestApi;
beforeEach(() => {
  api = testApi();
});

describe('signIn', () => {
  it('sets an httpOnly SameSite=Lax session cookie whose token is stored only as a SHA-256 hash', async () => {
    const user = await makeUser(api.orm.em.fork(), 'nurse@example.org');
    const client = api.client();
    const result = await client.request(SIGN_IN, {
      email: '  Nurse@Example.ORG ',
      password: PASSWORD,
    });
    expect(result.errors).toBeUndefined();
    const header = client
      .lastResponse!.headers.getSetCookie()
      .find((c) => c.startsWith('porter_session='))!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    const token = client.cookie!.split('=')[1]!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);

    const sessions = await api.orm.em.fork().find(SessionEntity, { user: user.id });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.tokenHash).toBe(hashToken(token));
    expect(sessions[0]!.tokenHash).not.toContain(token);
  });

  it('rejects a wrong password and an unknown email with the same code', async () => {
    await makeUser(api.orm.em.fork(), 'nurse@example.org');
    const client = api.client();
    expect(
      await client.code(SIGN_IN, { email: 'nurse@example.org', password: 'wrong password here' }),
    ).toBe('INVALID_CREDENTIALS');
    expect(await client.code(SIGN_IN, { email: 'nobody@example.org', password: PASSWORD })).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(client.cookie).toBeNull();
  });

  it('locks the account after five failures in a row, even for the right password, until the lockout ends', async () => {
    await makeUser(api.orm.em.fork(), 'nurse@example.org');
    const client = api.client();
    for (let i = 0; i < 4; i++) {
      expect(
        await client.code(SIGN_IN, { email: 'nurse@example.org', password: 'wrong password here' }),
      ).toBe('INVALID_CREDENTIALS');
    }
    expect(
      await client.code(SIGN_IN, { email: 'nurse@example.org', password: 'wrong password here' }),
    ).toBe('ACCOUNT_LOCKED');
    expect(await client.code(SIGN_IN, { email: 'nurse@example.org', password: PASSWORD })).toBe(
      'ACCOUNT_LOCKED',
    );
    api.clock.advance(16 * 60_000);
    expect(
      (await client.request(SIGN_IN, { email: 'nurse@example.org', password: PASSWORD })).errors,
    ).toBeUndefined();
  });

  it('slows a client address that fails too often across accounts, without locking the accounts', async () => {
    await makeUser(api.orm.em.fork(), 'nurse@example.org');
    const attacker = api.client();
    attacker.headers['x-forwarded-for'] = '203.0.113.7';
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      expect(
        await attacker.code(SIGN_IN, {
          email: `guess-${i}@example.org`,
          password: 'wrong password here',
        }),
      ).toBe('INVALID_CREDENTIALS');
    }
    // Now even the right password from that address is refused, and the refusal counts too.
    expect(await attacker.code(SIGN_IN, { email: 'nurse@example.org', password: PASSWORD })).toBe(
      'RATE_LIMITED',
    );
    // Another address signs in to the same account as usual: it was never locked.
    const nurse = api.client();
    nurse.headers['x-forwarded-for'] = '198.51.100.20';
    expect(
      (await nurse.request(SIGN_IN, { email: 'nurse@example.org', password: PASSWORD })).errors,
    ).toBeUndefined();
    // After the window, the address may try again.
    api.clock.advance(ADDRESS_WINDOW_MS + 1000);
    expect(
      (await attacker.request(SIGN_IN, { email: 'nurse@example.org', password: PASSWORD })).errors,
    ).toBeUndefined();
    const limited = await api.orm.em
      .fork()
      .count(AuditEventEntity, { action: 'sign-in.failed', ip: '203.0.113.7' });
    expect(limited).toBe(MAX_FAILURES_PER_ADDRESS + 1);
  });

  it('audits successes and failures with the client IP', async () => {
    await makeUser(api.orm.em.fork(), 'nurse@example.org');
    const client = api.client();
    await client.request(SIGN_IN, { email: 'nurse@example.org', password: 'wrong password here' });
    await client.signIn('nurse@example.org', PASSWORD);
    const events = await api.orm.em
      .fork()
      .find(AuditEventEntity, {}, { orderBy: { occurredAt: 'asc', action: 'asc' } });
    expect(events.map((e) => e.action).sort()).toEqual(['sign-in.failed', 'sign-in.succeeded']);
    expect(events.every((e) => e.actorEmail === 'nurse@example.org' && e.ip)).toBe(true);
  });
});

describe('viewer', () => {
  it('is null when signed out', async () => {
    expect(await api.client().ok(VIEWER)).toEqual({ viewer: null });
  });

  it('lists assignments and effective permissions per scope, with organisation roles inherited by deployments', async () => {
    const em = api.orm.em.fork();
    const { organisation, first, second, scopes } = await makeTenant(em);
    const user = await makeStaff(em, 'ORGANISATION_STAFF', scopes.organisation, 'os@example.org');
    const { assignDefaultRole } = await import('../role/role-assignment.factory.js');
    await assignDefaultRole(em, user, 'DEPLOYMENT_STAFF', scopes.first);
    await em.flush();

    const { viewer } = await (await api.client().signIn('os@example.org', PASSWORD)).ok(VIEWER);
    expect(viewer.assignments.map((a: any) => a.role.key).sort()).toEqual([
      'DEPLOYMENT_STAFF',
      'ORGANISATION_STAFF',
    ]);
    const at = (id: string) =>
      viewer.scopes.find(
        (s: any) =>
          (s.deployment?.id ?? s.organisation?.id) === id &&
          (s.deployment ? true : s.scopeType === 'ORGANISATION'),
      );
    expect(at(organisation.id).permissions).toEqual([
      'label:manage',
      'patient:offboard',
      'patient:view',
      'staff:view',
    ]);
    // The first deployment adds Deployment Staff's permissions to the inherited ones.
    expect(at(first.id).permissions).toEqual(
      expect.arrayContaining(['label:manage', 'patient:manage', 'patient:view-identifiers']),
    );
    // The second inherits only the organisation role.
    expect(at(second.id).permissions).toEqual([
      'label:manage',
      'patient:offboard',
      'patient:view',
      'staff:view',
    ]);
    expect(viewer.isPlatformStaff).toBe(false);
  });

  it('forgets a session once signed out, expired, or when its assignment is gone', async () => {
    const em = api.orm.em.fork();
    const { scopes } = await makeTenant(em);
    await makeStaff(em, 'ADMIN', scopes.first, 'admin@example.org');
    const client = await api.client().signIn('admin@example.org', PASSWORD);
    const copied = client.cookie;
    expect((await client.ok(VIEWER)).viewer.email).toBe('admin@example.org');
    expect(await client.ok('mutation { signOut }')).toEqual({ signOut: true });
    expect(client.cookie).toBeNull();
    // The old token itself is dead, not just the cookie.
    client.cookie = copied;
    expect((await client.ok(VIEWER)).viewer).toBeNull();

    const second = await api.client().signIn('admin@example.org', PASSWORD);
    api.clock.advance(15 * 86_400_000);
    expect((await second.ok(VIEWER)).viewer).toBeNull();
  });

  it('keeps the session sliding while it is used', async () => {
    await makeUser(api.orm.em.fork(), 'nurse@example.org');
    const client = await api.client().signIn('nurse@example.org', PASSWORD);
    for (let day = 0; day < 4; day++) {
      api.clock.advance(10 * 86_400_000);
      expect((await client.ok(VIEWER)).viewer?.email).toBe('nurse@example.org');
    }
  });
});

describe('transport', () => {
  it('keeps Apollo CSRF prevention on: a simple cross-site request is refused', async () => {
    const response = await fetch(
      `${api.url}/graphql?query=${encodeURIComponent('{ viewer { id } }')}`,
    );
    expect(response.status).toBe(400);
    const form = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query":"{ viewer { id } }"}',
    });
    expect(form.status).toBe(400);
  });
});
