import { beforeEach, describe, expect, it } from 'vitest';
import { makeStaff } from '../../../test/factories.js';
import { useTestApi, type TestApi } from '../../../test/harness.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { RoleAssignmentEntity } from '../role/role-assignment.entity.js';
import { createFirstSuperAdmin } from './first-super-admin.js';

const testApi = useTestApi();
let api: TestApi;
beforeEach(() => {
  api = testApi();
});

const PASSWORD = 'correct horse battery staple';
const em = () => api.orm.em.fork();
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: Error & { code?: string }) => error.code ?? String(error),
  );

describe('the first Super Admin of a new installation', () => {
  it('is made once, can sign in and sees the platform, and is audited', async () => {
    const user = await createFirstSuperAdmin(em(), api.clock, {
      email: ' Root@Example.ORG ',
      fullName: '  Rita Root ',
      password: PASSWORD,
    });
    expect(user.email).toBe('root@example.org');

    const client = await api.client().signIn('root@example.org', PASSWORD);
    const { viewer } = await client.ok('{ viewer { fullName scopes { scopeType permissions } } }');
    expect(viewer.fullName).toBe('Rita Root');
    expect(viewer.scopes).toHaveLength(1);
    expect(viewer.scopes[0].scopeType).toBe('PLATFORM');
    expect(viewer.scopes[0].permissions).toContain('platform:organisations');
    const event = await em().findOneOrFail(AuditEventEntity, {
      action: 'role.granted',
      targetId: user.id,
    });
    expect(event).toMatchObject({
      actorId: null,
      actorEmail: 'porter create-super-admin',
      after: { role: 'SUPER_ADMIN', via: 'create-super-admin' },
    });

    // Once there is one, the command refuses: the rest are invited from the app.
    expect(
      await codeOf(
        createFirstSuperAdmin(em(), api.clock, {
          email: 'second@example.org',
          fullName: 'Second',
          password: PASSWORD,
        }),
      ),
    ).toBe('CONFLICT');
  });

  it('refuses while any Super Admin holds the role, and makes exactly one when run twice at once', async () => {
    const existing = await makeStaff(
      em(),
      'SUPER_ADMIN',
      { type: 'PLATFORM' },
      'existing@example.org',
    );
    expect(
      await codeOf(
        createFirstSuperAdmin(em(), api.clock, {
          email: 'root@example.org',
          fullName: 'Rita Root',
          password: PASSWORD,
        }),
      ),
    ).toBe('CONFLICT');
    const e = em();
    const assignment = await e.findOneOrFail(RoleAssignmentEntity, { user: existing.id });
    assignment.endedAt = api.clock.now();
    await e.flush();

    const both = await Promise.all([
      codeOf(
        createFirstSuperAdmin(em(), api.clock, {
          email: 'a@example.org',
          fullName: 'Ann A',
          password: PASSWORD,
        }),
      ),
      codeOf(
        createFirstSuperAdmin(em(), api.clock, {
          email: 'b@example.org',
          fullName: 'Bob B',
          password: PASSWORD,
        }),
      ),
    ]);
    expect(both.sort()).toEqual(['CONFLICT', 'OK']);
    expect(
      await em().count(RoleAssignmentEntity, { role: { key: 'SUPER_ADMIN' }, endedAt: null }),
    ).toBe(1);
  });

  it('checks the address, the name and the password', async () => {
    expect(
      await codeOf(
        createFirstSuperAdmin(em(), api.clock, {
          email: 'not an address',
          fullName: 'Rita Root',
          password: PASSWORD,
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(
        createFirstSuperAdmin(em(), api.clock, {
          email: 'root@example.org',
          fullName: ' ',
          password: PASSWORD,
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(
        createFirstSuperAdmin(em(), api.clock, {
          email: 'root@example.org',
          fullName: 'Rita Root',
          password: 'short',
        }),
      ),
    ).toBe('WEAK_PASSWORD');
    expect(await em().count(RoleAssignmentEntity, {})).toBe(0);
  });
});
