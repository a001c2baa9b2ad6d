import { beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../test/factories.js';
import { useTestApi, type TestApi } from '../../../test/harness.js';
import { makeWorld } from '../../../test/world.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { assignDefaultRole } from './role-assignment.factory.js';
import { RoleAssignmentEntity } from './role-assignment.entity.js';
import { RoleEntity } from './role.entity.js';
import { UserEntity } from '../user/user.entity.js';

const testApi = useTestApi();
let api: TestApi;
beforeEach(() => {
  api = testApi();
});

const CREATE = `mutation($o: ID!, $input: RoleInput!) { createRole(organisationId: $o, input: $input) { id name permissions scopes isDefault viewerCan { edit delete } } }`;
const UPDATE = `mutation($id: ID!, $input: RoleInput!) { updateRole(id: $id, input: $input) { id name permissions } }`;
const DELETE = `mutation($id: ID!) { deleteRole(id: $id) }`;
const ROLES = `query($o: ID) { roles(organisationId: $o) { id key name isDefault viewerCan { edit delete } } }`;
const as = (email: string) => api.client().signIn(email, PASSWORD);

describe('custom roles', () => {
  it('are created with patient:view always on and appear in the organisation’s roles', async () => {
    const { home } = await makeWorld(api.orm.em.fork());
    const ac = await as('access_controller@home.org');
    const { createRole } = await ac.ok(CREATE, {
      o: home.organisation.id,
      input: { name: '  Care   coordinator ', permissions: ['patient:contact'] },
    });
    expect(createRole).toMatchObject({
      name: 'Care coordinator',
      permissions: ['patient:view', 'patient:contact'],
      scopes: ['ORGANISATION', 'DEPLOYMENT'],
      isDefault: false,
      viewerCan: { edit: true, delete: true },
    });
    const roles = (await ac.ok(ROLES, { o: home.organisation.id })).roles;
    expect(roles.map((r: any) => r.name)).toContain('Care coordinator');
    expect(roles.find((r: any) => r.key === 'ADMIN').viewerCan).toEqual({
      edit: false,
      delete: false,
    });
    // Another organisation does not see it.
    const foreign = await as('owner@foreign.org');
    expect((await foreign.ok(ROLES, {})).roles.map((r: any) => r.name)).not.toContain(
      'Care coordinator',
    );
    expect(
      await api.orm.em
        .fork()
        .count(AuditEventEntity, { action: 'role.created', organisationId: home.organisation.id }),
    ).toBe(1);
  });

  it('refuse duplicate names, default names, unknown and platform-only permissions, and permissions the editor lacks', async () => {
    const { home } = await makeWorld(api.orm.em.fork());
    const ac = await as('access_controller@home.org');
    await ac.ok(CREATE, { o: home.organisation.id, input: { name: 'Nurse' } });
    expect(await ac.code(CREATE, { o: home.organisation.id, input: { name: 'nurse' } })).toBe(
      'ROLE_NAME_TAKEN',
    );
    expect(await ac.code(CREATE, { o: home.organisation.id, input: { name: 'Admin' } })).toBe(
      'ROLE_NAME_TAKEN',
    );
    expect(
      await ac.code(CREATE, {
        o: home.organisation.id,
        input: { name: 'X', permissions: ['patient:fly'] },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await ac.code(CREATE, {
        o: home.organisation.id,
        input: { name: 'X', permissions: ['platform:organisations'] },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await ac.code(CREATE, {
        o: home.organisation.id,
        input: { name: 'X', permissions: ['organisation:delete'] },
      }),
    ).toBe('ESCALATION_REFUSED');
    expect(await ac.code(CREATE, { o: home.organisation.id, input: { name: '   ' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await ac.code(CREATE, {
        o: home.organisation.id,
        input: { name: 'X', scopes: ['PLATFORM'] },
      }),
    ).toBe('BAD_USER_INPUT');
  });

  it('need role:manage in that organisation', async () => {
    const { home, foreign } = await makeWorld(api.orm.em.fork());
    expect(
      await (
        await as('organisation_staff@home.org')
      ).code(CREATE, { o: home.organisation.id, input: { name: 'X' } }),
    ).toBe('FORBIDDEN');
    expect(
      await (
        await as('access_controller@home.org')
      ).code(CREATE, { o: foreign.organisation.id, input: { name: 'X' } }),
    ).toBe('NOT_FOUND');
  });

  it('change their holders’ permissions on their next request', async () => {
    const { home } = await makeWorld(api.orm.em.fork());
    const ac = await as('access_controller@home.org');
    const { createRole } = await ac.ok(CREATE, {
      o: home.organisation.id,
      input: { name: 'Reader' },
    });
    const em = api.orm.em.fork();
    const holder = em.create(UserEntity, {
      email: 'reader@home.org',
      fullName: 'Rita Reader',
      passwordHash: (await em.findOneOrFail(UserEntity, { email: 'admin@home.org' })).passwordHash,
    });
    em.create(RoleAssignmentEntity, {
      user: holder,
      role: createRole.id,
      scopeType: 'ORGANISATION',
      organisation: home.organisation.id,
    });
    await em.flush();
    const reader = await as('reader@home.org');
    const permissionsAtOrg = async () =>
      (await reader.ok('{ viewer { scopes { scopeType permissions } } }')).viewer.scopes.find(
        (s: any) => s.scopeType === 'ORGANISATION',
      ).permissions;
    expect(await permissionsAtOrg()).toEqual(['patient:view']);
    await ac.ok(UPDATE, { id: createRole.id, input: { permissions: ['staff:view'] } });
    expect(await permissionsAtOrg()).toEqual(['patient:view', 'staff:view']);
    const event = await api.orm.em
      .fork()
      .findOneOrFail(AuditEventEntity, { action: 'role.updated' });
    expect(event.before).toMatchObject({ permissions: ['patient:view'] });
    expect(event.after).toMatchObject({ permissions: ['patient:view', 'staff:view'] });

    // Deleting is refused while the role is held, with the count of holders.
    const refused = await ac.request(DELETE, { id: createRole.id });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'ROLE_IN_USE',
      details: { holders: 1 },
    });
    expect(refused.errors?.[0]?.message).toMatch(/held by 1 person/);
  });

  it('can be deleted once nobody holds them, keeping the name free for reuse', async () => {
    const { home } = await makeWorld(api.orm.em.fork());
    const ac = await as('access_controller@home.org');
    const { createRole } = await ac.ok(CREATE, {
      o: home.organisation.id,
      input: { name: 'Temp' },
    });
    expect(await ac.ok(DELETE, { id: createRole.id })).toEqual({ deleteRole: createRole.id });
    expect(
      (await ac.ok(ROLES, { o: home.organisation.id })).roles.map((r: any) => r.name),
    ).not.toContain('Temp');
    expect(await ac.code(UPDATE, { id: createRole.id, input: { name: 'Again' } })).toBe(
      'NOT_FOUND',
    );
    await ac.ok(CREATE, { o: home.organisation.id, input: { name: 'Temp' } });
  });

  it('leave default roles read-only', async () => {
    await makeWorld(api.orm.em.fork());
    const admin = await api.orm.em.fork().findOneOrFail(RoleEntity, { key: 'ADMIN' });
    const owner = await as('organisation_owner@home.org');
    expect(await owner.code(UPDATE, { id: admin.id, input: { name: 'Boss' } })).toBe(
      'ROLE_READ_ONLY',
    );
    expect(await owner.code(DELETE, { id: admin.id })).toBe('ROLE_READ_ONLY');
  });

  it('can be granted within the grant rules and refused beyond the granter’s permissions', async () => {
    const { home } = await makeWorld(api.orm.em.fork());
    const owner = await as('organisation_owner@home.org');
    const { createRole: wide } = await owner.ok(CREATE, {
      o: home.organisation.id,
      input: { name: 'Exporter', permissions: ['patient:export'] },
    });
    const em = api.orm.em.fork();
    const user = em.create(UserEntity, {
      email: 'temp@home.org',
      fullName: 'Temp',
      passwordHash: null,
    });
    const assignment = await assignDefaultRole(em, user, 'DEPLOYMENT_STAFF', home.scopes.first);
    await em.flush();
    const ac = await as('access_controller@home.org');
    // Access Controllers hold no patient:export, so they may not hand out a role that has it.
    expect(
      await ac.code(
        `mutation($id: ID!, $r: ID!) { changeStaffRole(staffMemberId: $id, roleId: $r) { id } }`,
        { id: assignment.id, r: wide.id },
      ),
    ).toBe('ESCALATION_REFUSED');
  });
});
