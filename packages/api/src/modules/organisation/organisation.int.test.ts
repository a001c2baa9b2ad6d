import { beforeEach, describe, expect, it } from 'vitest';
import { makePatient, makeStaff, makeTenant, PASSWORD } from '../../../test/factories.js';
import { useTestApi, type TestApi } from '../../../test/harness.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { DeploymentEntity } from '../deployment/deployment.entity.js';
import { RoleAssignmentEntity } from '../role/role-assignment.entity.js';
import { OrganisationEntity } from './organisation.entity.js';

const testApi = useTestApi();
let api: TestApi;
beforeEach(() => {
  api = testApi();
});

const FIELDS =
  'id name kind enrolmentTarget completionTarget legalLinks { termsOfUseUrl privacyPolicyUrl contactUrl } archivedAt';
const CREATE = `mutation($input: OrganisationInput!) { createOrganisation(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: OrganisationInput!) { updateOrganisation(id: $id, input: $input) { ${FIELDS} } }`;
const ARCHIVE = `mutation($id: ID!) { archiveOrganisation(id: $id) { id archivedAt } }`;
const RESTORE = `mutation($id: ID!) { restoreOrganisation(id: $id) { id archivedAt } }`;
const DELETE = `mutation($id: ID!, $name: String!) { deleteOrganisation(id: $id, confirmName: $name) }`;
const ORG = `query($id: ID!) { organisation(id: $id) { id viewerCan { edit archive restore delete createDeployment inviteStaff } } }`;
const LIST = `query { organisations(first: 50, includeArchived: true) { nodes { id name archivedAt deploymentCount staffCount patientCount } } }`;
const AUDIT = `query($o: ID, $action: String) { auditEvents(organisationId: $o, action: $action) { nodes { action actorEmail targetLabel before after } } }`;

const input = (overrides: Record<string, unknown> = {}) => ({
  name: 'Northwind Health',
  kind: 'CLINICAL_TRIAL',
  enrolmentTarget: 500,
  completionTarget: 400,
  termsOfUseUrl: 'https://northwind.example/terms',
  privacyPolicyUrl: 'https://northwind.example/privacy',
  ...overrides,
});

async function world() {
  const em = api.orm.em.fork();
  const home = await makeTenant(em);
  const foreign = await makeTenant(em);
  await makeStaff(em, 'SUPER_ADMIN', { type: 'PLATFORM' }, 'super@porter.org');
  await makeStaff(em, 'ACCOUNT_MANAGER', { type: 'PLATFORM' }, 'manager@porter.org');
  await makeStaff(em, 'SUPPORT', { type: 'PLATFORM' }, 'support@porter.org');
  await makeStaff(em, 'ORGANISATION_OWNER', home.scopes.organisation, 'owner@home.org');
  await makeStaff(em, 'ORGANISATION_EDITOR', home.scopes.organisation, 'editor@home.org');
  await makeStaff(em, 'ADMIN', home.scopes.first, 'admin@home.org');
  await makeStaff(em, 'ORGANISATION_OWNER', foreign.scopes.organisation, 'owner@foreign.org');
  return { home, foreign };
}
const as = (email: string) => api.client().signIn(email, PASSWORD);

describe('creating organisations', () => {
  it('lets an Account Manager create an organisation with targets and legal links, and audits it', async () => {
    await world();
    const manager = await as('manager@porter.org');
    const { createOrganisation: created } = await manager.ok(CREATE, {
      input: input({ contactUrl: '' }),
    });
    expect(created).toMatchObject({
      name: 'Northwind Health',
      kind: 'CLINICAL_TRIAL',
      enrolmentTarget: 500,
      completionTarget: 400,
      legalLinks: {
        termsOfUseUrl: 'https://northwind.example/terms',
        privacyPolicyUrl: 'https://northwind.example/privacy',
        contactUrl: null,
      },
      archivedAt: null,
    });
    const events = (await manager.ok(AUDIT, { o: created.id })).auditEvents.nodes;
    expect(events).toEqual([
      expect.objectContaining({
        action: 'organisation.created',
        actorEmail: 'manager@porter.org',
        targetLabel: 'Northwind Health',
      }),
    ]);
  });

  it('refuses Support and organisation roles', async () => {
    await world();
    expect(await (await as('support@porter.org')).code(CREATE, { input: input() })).toBe(
      'FORBIDDEN',
    );
    expect(await (await as('owner@home.org')).code(CREATE, { input: input() })).toBe('FORBIDDEN');
  });

  it('rejects a blank name, a legal link that is not a web address, and a completion target above enrolment', async () => {
    await world();
    const manager = await as('manager@porter.org');
    const field = async (values: Record<string, unknown>) => {
      const result = await manager.request(CREATE, { input: input(values) });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      return result.errors?.[0]?.extensions?.details?.['field'];
    };
    expect(await field({ name: '   ' })).toBe('name');
    expect(await field({ termsOfUseUrl: 'javascript:alert(1)' })).toBe('termsOfUseUrl');
    expect(await field({ privacyPolicyUrl: 'privacy page' })).toBe('privacyPolicyUrl');
    expect(await field({ completionTarget: 600 })).toBe('completionTarget');
    expect(await manager.code(CREATE, { input: input({ enrolmentTarget: -1 }) })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await api.orm.em.fork().count(OrganisationEntity, { name: 'Northwind Health' })).toBe(0);
  });
});

describe('editing organisations', () => {
  it('lets an Organisation Editor edit their organisation and records before and after', async () => {
    const { home } = await world();
    const editor = await as('editor@home.org');
    const { updateOrganisation } = await editor.ok(UPDATE, {
      id: home.organisation.id,
      input: input({ name: 'Home Renamed', enrolmentTarget: null, completionTarget: null }),
    });
    expect(updateOrganisation).toMatchObject({ name: 'Home Renamed', enrolmentTarget: null });
    const [event] = (
      await editor.ok(AUDIT, { o: home.organisation.id, action: 'organisation.updated' })
    ).auditEvents.nodes;
    expect(event.before.name).toBe(home.organisation.name);
    expect(event.after.name).toBe('Home Renamed');
  });

  it('refuses an Admin (FORBIDDEN) and a foreign Owner (NOT_FOUND)', async () => {
    const { home } = await world();
    expect(
      await (await as('admin@home.org')).code(UPDATE, { id: home.organisation.id, input: input() }),
    ).toBe('FORBIDDEN');
    expect(
      await (
        await as('owner@foreign.org')
      ).code(UPDATE, { id: home.organisation.id, input: input() }),
    ).toBe('NOT_FOUND');
  });
});

describe('archiving and restoring', () => {
  it('hides an archived organisation from its members at once, keeps it for platform staff, and only a Super Admin restores it', async () => {
    const { home } = await world();
    const owner = await as('owner@home.org');
    const admin = await as('admin@home.org');
    expect(await owner.code(ARCHIVE, { id: home.organisation.id })).toBe('FORBIDDEN');

    const manager = await as('manager@porter.org');
    expect(
      (await manager.ok(ARCHIVE, { id: home.organisation.id })).archiveOrganisation.archivedAt,
    ).not.toBeNull();
    expect(await manager.code(ARCHIVE, { id: home.organisation.id })).toBe('CONFLICT');

    // The same sessions: grants in archived organisations no longer count.
    expect(await owner.code(ORG, { id: home.organisation.id })).toBe('NOT_FOUND');
    expect(
      await admin.code(`query($id: ID!) { deployments(organisationId: $id) { id } }`, {
        id: home.organisation.id,
      }),
    ).toBe('NOT_FOUND');
    expect((await owner.ok('{ viewer { scopes { organisation { id } } } }')).viewer.scopes).toEqual(
      [],
    );
    expect((await owner.ok(LIST)).organisations.nodes).toEqual([]);

    const seen = (await manager.ok(ORG, { id: home.organisation.id })).organisation.viewerCan;
    expect(seen).toMatchObject({ archive: false, restore: false });
    expect(await manager.code(RESTORE, { id: home.organisation.id })).toBe('FORBIDDEN');
    expect(await (await as('support@porter.org')).code(RESTORE, { id: home.organisation.id })).toBe(
      'FORBIDDEN',
    );

    api.clock.advance(60_000);
    const superAdmin = await as('super@porter.org');
    expect(
      (await superAdmin.ok(ORG, { id: home.organisation.id })).organisation.viewerCan.restore,
    ).toBe(true);
    expect(
      (await superAdmin.ok(RESTORE, { id: home.organisation.id })).restoreOrganisation.archivedAt,
    ).toBeNull();
    expect((await owner.ok(ORG, { id: home.organisation.id })).organisation.id).toBe(
      home.organisation.id,
    );

    const actions = (await superAdmin.ok(AUDIT, { o: home.organisation.id })).auditEvents.nodes.map(
      (e: any) => e.action,
    );
    expect(actions).toEqual(['organisation.restored', 'organisation.archived']);
  });
});

describe('deleting organisations', () => {
  it('lets only an Owner of the organisation delete it, after typing its name, and keeps its audit events for platform staff', async () => {
    const { home, foreign } = await world();
    const name = home.organisation.name;
    expect(
      await (await as('super@porter.org')).code(DELETE, { id: home.organisation.id, name }),
    ).toBe('FORBIDDEN');
    expect(
      await (await as('editor@home.org')).code(DELETE, { id: home.organisation.id, name }),
    ).toBe('FORBIDDEN');
    expect(
      await (await as('owner@foreign.org')).code(DELETE, { id: home.organisation.id, name }),
    ).toBe('NOT_FOUND');

    const owner = await as('owner@home.org');
    expect(
      (await owner.ok(ORG, { id: home.organisation.id })).organisation.viewerCan,
    ).toMatchObject({ delete: true, archive: false });
    expect(await owner.code(DELETE, { id: home.organisation.id, name: name.toUpperCase() })).toBe(
      'CONFIRMATION_MISMATCH',
    );
    expect(await owner.code(DELETE, { id: home.organisation.id, name: 'something else' })).toBe(
      'CONFIRMATION_MISMATCH',
    );
    expect((await owner.ok(DELETE, { id: home.organisation.id, name })).deleteOrganisation).toBe(
      home.organisation.id,
    );

    const em = api.orm.em.fork();
    expect(await em.count(OrganisationEntity, { id: home.organisation.id })).toBe(0);
    expect(await em.count(DeploymentEntity, { organisation: home.organisation.id })).toBe(0);
    expect(await em.count(RoleAssignmentEntity, { organisation: home.organisation.id })).toBe(0);
    expect(await em.count(OrganisationEntity, { id: foreign.organisation.id })).toBe(1);
    expect(
      await em.count(AuditEventEntity, {
        organisationId: home.organisation.id,
        action: 'organisation.deleted',
      }),
    ).toBe(1);

    const superAdmin = await as('super@porter.org');
    const events = (await superAdmin.ok(AUDIT, { o: home.organisation.id })).auditEvents.nodes;
    expect(events[0]).toMatchObject({
      action: 'organisation.deleted',
      actorEmail: 'owner@home.org',
      targetLabel: name,
    });
    expect(events[0].before.name).toBe(name);
    // The former owner is signed in still, but holds nothing there any more.
    expect(await owner.code(ORG, { id: home.organisation.id })).toBe('NOT_FOUND');
    expect(await (await as('owner@foreign.org')).code(AUDIT, { o: home.organisation.id })).toBe(
      'NOT_FOUND',
    );
  });
});

describe('the admin list', () => {
  it('shows deployment, staff and patient counts per organisation', async () => {
    const { home, foreign } = await world();
    const em = api.orm.em.fork();
    await makePatient(em, home.scopes.first, 'ACTIVE');
    await makePatient(em, home.scopes.second, 'ACTIVE');
    await makePatient(em, home.scopes.second, 'INVITED');
    await makePatient(em, foreign.scopes.first, 'ACTIVE');
    const rows = (await (await as('support@porter.org')).ok(LIST)).organisations.nodes;
    const byId = new Map(rows.map((r: any) => [r.id, r]));
    expect(byId.get(home.organisation.id)).toMatchObject({
      deploymentCount: 2,
      staffCount: 3,
      patientCount: 2,
    });
    expect(byId.get(foreign.organisation.id)).toMatchObject({
      deploymentCount: 2,
      staffCount: 1,
      patientCount: 1,
    });
  });

  it('counts a whole page with one grouped statement per table', async () => {
    await world();
    const em = api.orm.em.fork();
    for (let i = 0; i < 12; i++) await makeTenant(em);
    const statements: string[] = [];
    const connection = api.orm.em.getConnection();
    const execute = connection.execute.bind(connection);
    connection.execute = ((sql: string, ...rest: unknown[]) => {
      statements.push(String(sql));
      return (execute as any)(sql, ...rest);
    }) as typeof connection.execute;
    try {
      const rows = (await (await as('support@porter.org')).ok(LIST)).organisations.nodes;
      expect(rows.length).toBe(14);
    } finally {
      connection.execute = execute;
    }
    expect(statements.filter((s) => s.includes('from patient p')).length).toBe(1);
    expect(statements.filter((s) => s.includes('count(distinct user_id)')).length).toBe(1);
    expect(statements.filter((s) => s.includes('count(*) as n from deployment')).length).toBe(1);
  });

  it('leaves counts out for roles that may not see staff or patients there', async () => {
    const { home } = await world();
    const em = api.orm.em.fork();
    await makeStaff(em, 'CONTRIBUTOR', home.scopes.first, 'contributor@home.org');
    const [row] = (await (await as('contributor@home.org')).ok(LIST)).organisations.nodes;
    expect(row).toMatchObject({ id: home.organisation.id, staffCount: null, patientCount: null });
  });
});

describe('inviting the first administrators', () => {
  const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { results { outcome message } } }`;
  const ROLES = `query($o: ID, $d: ID) { grantableRoles(organisationId: $o, deploymentId: $d) { id key } }`;

  it('lets an Account Manager invite an Owner to a new organisation and Support invite an Admin to a deployment', async () => {
    const { home } = await world();
    const manager = await as('manager@porter.org');
    const { createOrganisation: created } = await manager.ok(CREATE, { input: input() });
    const roles = (await manager.ok(ROLES, { o: created.id })).grantableRoles;
    expect(roles.map((r: any) => r.key)).toEqual(
      expect.arrayContaining(['ORGANISATION_OWNER', 'ORGANISATION_EDITOR', 'ACCESS_CONTROLLER']),
    );
    const owner = roles.find((r: any) => r.key === 'ORGANISATION_OWNER').id;
    const invited = await manager.ok(INVITE, {
      input: {
        organisationId: created.id,
        emails: ['first-owner@northwind.example'],
        roleId: owner,
        expiryHours: 168,
      },
    });
    expect(invited.inviteStaff.results).toEqual([expect.objectContaining({ outcome: 'INVITED' })]);

    const support = await as('support@porter.org');
    const admin = (
      await support.ok(ROLES, { o: home.organisation.id, d: home.second.id })
    ).grantableRoles.find((r: any) => r.key === 'ADMIN').id;
    const result = await support.ok(INVITE, {
      input: {
        organisationId: home.organisation.id,
        deploymentId: home.second.id,
        emails: ['new-admin@home.org'],
        roleId: admin,
        expiryHours: 24,
      },
    });
    expect(result.inviteStaff.results[0].outcome).toBe('INVITED');
  });

  it('refuses an Access Controller giving Owner (GRANT_NOT_ALLOWED)', async () => {
    const { home } = await world();
    await makeStaff(
      api.orm.em.fork(),
      'ACCESS_CONTROLLER',
      home.scopes.organisation,
      'controller@home.org',
    );
    const owner = (
      await (await as('owner@home.org')).ok(ROLES, { o: home.organisation.id })
    ).grantableRoles.find((r: any) => r.key === 'ORGANISATION_OWNER').id;
    const controller = await as('controller@home.org');
    const result = await controller.request(INVITE, {
      input: { organisationId: home.organisation.id, emails: ['x@home.org'], roleId: owner },
    });
    expect(
      result.errors?.[0]?.extensions?.code ?? result.data?.inviteStaff.results[0].outcome,
    ).toMatch(/GRANT_NOT_ALLOWED|NOT_ALLOWED/);
  });
});
