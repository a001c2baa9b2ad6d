import { beforeEach, describe, expect, it } from 'vitest';
import { makeStaff, PASSWORD } from '../../../test/factories.js';
import { useTestApi, type TestApi } from '../../../test/harness.js';
import { makeWorld } from '../../../test/world.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { RoleEntity } from '../role/role.entity.js';

const testApi = useTestApi();
let api: TestApi;
beforeEach(() => {
  api = testApi();
});

const STAFF = `query($o: ID!, $d: ID, $search: String, $roleId: ID, $scopeType: ScopeType, $sort: StaffSort, $first: Int, $after: String) {
  staffMembers(organisationId: $o, deploymentId: $d, search: $search, roleId: $roleId, scopeType: $scopeType, sort: $sort, first: $first, after: $after) {
    nodes { id user { email fullName } role { id key name } scopeType viewerCan { changeRole remove } }
    pageInfo { hasNextPage endCursor } } }`;
const CHANGE = `mutation($id: ID!, $roleId: ID!) { changeStaffRole(staffMemberId: $id, roleId: $roleId) { id role { key } } }`;
const REMOVE = `mutation($id: ID!) { removeStaffMember(staffMemberId: $id) }`;
const GRANTABLE = `query($o: ID, $d: ID) { grantableRoles(organisationId: $o, deploymentId: $d) { key name } }`;

const as = (email: string) => api.client().signIn(email, PASSWORD);
const roleId = async (key: string) =>
  (await api.orm.em.fork().findOneOrFail(RoleEntity, { key })).id;

async function staffOf(organisationId: string, viewerEmail = 'organisation_owner@home.org') {
  const { staffMembers } = await (
    await as(viewerEmail)
  ).ok(STAFF, { o: organisationId, first: 200 });
  return staffMembers.nodes as any[];
}
const find = (rows: any[], email: string) => rows.find((r) => r.user.email === email);

describe('changing a staff member’s role', () => {
  it('lets an Admin turn Deployment Staff into a Contributor, and audits before and after', async () => {
    const { home } = await makeWorld(api.orm.em.fork());
    const member = find(await staffOf(home.organisation.id), 'deployment_staff@home.org');
    const admin = await as('admin@home.org');
    const { changeStaffRole } = await admin.ok(CHANGE, {
      id: member.id,
      roleId: await roleId('CONTRIBUTOR'),
    });
    expect(changeStaffRole.role.key).toBe('CONTRIBUTOR');
    const event = await api.orm.em
      .fork()
      .findOneOrFail(AuditEventEntity, { action: 'role.changed' });
    expect(event).toMatchObject({
      actorEmail: 'admin@home.org',
      organisationId: home.organisation.id,
      deploymentId: home.first.id,
      targetLabel: 'deployment_staff@home.org',
      before: { role: 'Deployment Staff' },
      after: { role: 'Contributor' },
    });
  });

  it('refuses each rule with its own code', async () => {
    const { home } = await makeWorld(api.orm.em.fork());
    const rows = await staffOf(home.organisation.id);
    const ds = find(rows, 'deployment_staff@home.org');
    const adminRow = find(rows, 'admin@home.org');
    const ac = await as('access_controller@home.org');
    // Access Controllers may not give Contributor (only Admins may).
    expect(await ac.code(CHANGE, { id: ds.id, roleId: await roleId('CONTRIBUTOR') })).toBe(
      'GRANT_NOT_ALLOWED',
    );
    // Nor touch an Admin, whose role they could not give.
    expect(
      await ac.code(CHANGE, { id: adminRow.id, roleId: await roleId('DEPLOYMENT_STAFF') }),
    ).toBe('GRANT_NOT_ALLOWED');
    // Organisation Staff is an organisation-level role.
    expect(await ac.code(CHANGE, { id: ds.id, roleId: await roleId('ORGANISATION_STAFF') })).toBe(
      'ROLE_SCOPE_NOT_ALLOWED',
    );
    // No staff:manage at all.
    expect(
      await (
        await as('contributor@home.org')
      ).code(CHANGE, { id: ds.id, roleId: await roleId('CONTRIBUTOR') }),
    ).toBe('FORBIDDEN');
    // Not your own role.
    expect(
      await (
        await as('admin@home.org')
      ).code(CHANGE, { id: adminRow.id, roleId: await roleId('CONTRIBUTOR') }),
    ).toBe('FORBIDDEN');
  });

  it('refuses to demote or remove the last Admin of a deployment, and allows it once there is another', async () => {
    const { home } = await makeWorld(api.orm.em.fork());
    // An organisation-level Admin manages the deployment's Admin.
    await makeStaff(api.orm.em.fork(), 'ADMIN', home.scopes.organisation, 'org-admin@home.org');
    const orgAdmin = await as('org-admin@home.org');
    const adminRow = find(await staffOf(home.organisation.id), 'admin@home.org');
    const result = await orgAdmin.request(REMOVE, { id: adminRow.id });
    expect(result.errors?.[0]?.extensions?.code).toBe('LAST_KEEPER');
    expect(result.errors?.[0]?.message).toMatch(/last Admin/);
    expect(
      await orgAdmin.code(CHANGE, { id: adminRow.id, roleId: await roleId('DEPLOYMENT_STAFF') }),
    ).toBe('LAST_KEEPER');
    await makeStaff(api.orm.em.fork(), 'ADMIN', home.scopes.first, 'second-admin@home.org');
    expect(
      await orgAdmin.ok(CHANGE, { id: adminRow.id, roleId: await roleId('DEPLOYMENT_STAFF') }),
    ).toMatchObject({
      changeStaffRole: { role: { key: 'DEPLOYMENT_STAFF' } },
    });
  });

  it('never deadlocks: concurrent removals and demotions of a scope’s Admins leave one Admin', async () => {
    const { home } = await makeWorld(api.orm.em.fork());
    await makeStaff(api.orm.em.fork(), 'ADMIN', home.scopes.organisation, 'org-admin@home.org');
    const orgAdmin = await as('org-admin@home.org');
    const staffRole = await roleId('DEPLOYMENT_STAFF');
    for (let round = 0; round < 3; round++) {
      await makeStaff(api.orm.em.fork(), 'ADMIN', home.scopes.first, `admin-${round}@home.org`);
      const rows = (await staffOf(home.organisation.id)).filter(
        (r) => r.role.key === 'ADMIN' && r.scopeType === 'DEPLOYMENT',
      );
      expect(rows).toHaveLength(2);
      // 20 at once: each Admin removed and demoted five times over.
      const codes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const row = rows[i % 2]!;
          return i % 4 < 2
            ? orgAdmin.code(REMOVE, { id: row.id })
            : orgAdmin.code(CHANGE, { id: row.id, roleId: staffRole });
        }),
      );
      for (const code of codes) expect([undefined, 'LAST_KEEPER', 'NOT_FOUND']).toContain(code);
      expect(codes).toContain('LAST_KEEPER');
      const left = (await staffOf(home.organisation.id)).filter(
        (r) => r.role.key === 'ADMIN' && r.scopeType === 'DEPLOYMENT',
      );
      expect(left).toHaveLength(1);
    }
  });

  it('answers NOT_FOUND for another organisation’s staff member', async () => {
    const { foreign } = await makeWorld(api.orm.em.fork());
    const foreignRow = find(
      await staffOf(foreign.organisation.id, 'owner@foreign.org'),
      'staff@foreign.org',
    );
    const ac = await as('access_controller@home.org');
    expect(await ac.code(REMOVE, { id: foreignRow.id })).toBe('NOT_FOUND');
    expect(
      await ac.code(CHANGE, { id: foreignRow.id, roleId: await roleId('DEPLOYMENT_STAFF') }),
    ).toBe('NOT_FOUND');
  });
});

describe('removing a staff member', () => {
  it('ends their access at once in the session they already have', async () => {
    const { home } = await makeWorld(api.orm.em.fork());
    const removed = await as('deployment_staff@home.org');
    const before = await removed.ok('{ viewer { scopes { deployment { id } } } }');
    expect(before.viewer.scopes.map((s: any) => s.deployment?.id)).toContain(home.first.id);

    const row = find(await staffOf(home.organisation.id), 'deployment_staff@home.org');
    await (await as('access_controller@home.org')).ok(REMOVE, { id: row.id });

    const after = await removed.ok('{ viewer { scopes { deployment { id } } } }');
    expect(after.viewer.scopes).toEqual([]);
    expect(await removed.code(STAFF, { o: home.organisation.id, d: home.first.id })).toBe(
      'NOT_FOUND',
    );
    expect(find(await staffOf(home.organisation.id), 'deployment_staff@home.org')).toBeUndefined();
    const event = await api.orm.em
      .fork()
      .findOneOrFail(AuditEventEntity, { action: 'role.removed' });
    expect(event.before).toEqual({ role: 'Deployment Staff', roleId: row.role.id });
  });
});

describe('the staff list', () => {
  it('tells the viewer which rows they may change', async () => {
    const { home } = await makeWorld(api.orm.em.fork());
    const rows = await staffOf(home.organisation.id, 'access_controller@home.org');
    expect(find(rows, 'deployment_staff@home.org').viewerCan).toEqual({
      changeRole: true,
      remove: true,
    });
    expect(find(rows, 'admin@home.org').viewerCan).toEqual({ changeRole: false, remove: false });
    expect(find(rows, 'access_controller@home.org').viewerCan).toEqual({
      changeRole: false,
      remove: false,
    });
  });

  it('filters by role and scope and sorts by name across pages', async () => {
    const { home } = await makeWorld(api.orm.em.fork());
    const owner = await as('organisation_owner@home.org');
    const byRole = (
      await owner.ok(STAFF, { o: home.organisation.id, roleId: await roleId('CONTRIBUTOR') })
    ).staffMembers.nodes;
    expect(byRole.map((r: any) => r.user.email)).toEqual(['contributor@home.org']);
    const deploymentLevel = (
      await owner.ok(STAFF, { o: home.organisation.id, scopeType: 'DEPLOYMENT' })
    ).staffMembers.nodes;
    expect(deploymentLevel.map((r: any) => r.user.email).sort()).toEqual([
      'admin@home.org',
      'contributor@home.org',
      'deployment_staff@home.org',
    ]);

    const names: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (
        await owner.ok(STAFF, { o: home.organisation.id, sort: 'NAME_DESC', first: 3, after })
      ).staffMembers;
      names.push(...page.nodes.map((r: any) => r.user.fullName));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(names).toHaveLength(7);
    expect(names).toEqual([...names].sort().reverse());
  });
});

describe('grantable roles', () => {
  it('offers only the roles the viewer may give at that level', async () => {
    const { home } = await makeWorld(api.orm.em.fork());
    const ac = await as('access_controller@home.org');
    const atOrg = (await ac.ok(GRANTABLE, { o: home.organisation.id })).grantableRoles.map(
      (r: any) => r.key,
    );
    expect(atOrg).toEqual(['ACCESS_CONTROLLER', 'ORGANISATION_STAFF']);
    const atDeployment = (
      await ac.ok(GRANTABLE, { o: home.organisation.id, d: home.first.id })
    ).grantableRoles.map((r: any) => r.key);
    expect(atDeployment).toEqual(['DEPLOYMENT_STAFF']);
    const admin = await as('admin@home.org');
    const adminGives = (
      await admin.ok(GRANTABLE, { o: home.organisation.id, d: home.first.id })
    ).grantableRoles.map((r: any) => r.key);
    expect(adminGives).toEqual(['ADMIN', 'DEPLOYMENT_STAFF', 'CONTRIBUTOR']);
    expect(
      (
        await (
          await as('contributor@home.org')
        ).ok(GRANTABLE, { o: home.organisation.id, d: home.first.id })
      ).grantableRoles,
    ).toEqual([]);
  });
});
