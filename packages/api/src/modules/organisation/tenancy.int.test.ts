import { beforeEach, describe, expect, it } from 'vitest';
import { makeStaff, makeTenant, PASSWORD } from '../../../test/factories.js';
import { useTestApi, type TestApi } from '../../../test/harness.js';
import { OrganisationEntity } from './organisation.entity.js';

const testApi = useTestApi();
let api: TestApi;
beforeEach(() => {
  api = testApi();
});

const ORGS = `query($search: String, $first: Int, $after: String) { organisations(search: $search, first: $first, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } } }`;
const ORG = `query($id: ID!) { organisation(id: $id) { id name viewerPermissions } }`;
const DEPLOYMENTS = `query($id: ID!) { deployments(organisationId: $id) { id name viewerPermissions } }`;
const ROLES = `query($id: ID) { roles(organisationId: $id) { key isDefault } }`;
const STAFF = `query($o: ID!, $d: ID, $search: String) { staffMembers(organisationId: $o, deploymentId: $d, search: $search) { nodes { user { email } role { key } scopeType deployment { id } } } }`;
const AUDIT = `query($o: ID) { auditEvents(organisationId: $o) { nodes { action actorEmail } } }`;

async function twoTenants() {
  const em = api.orm.em.fork();
  const home = await makeTenant(em);
  const foreign = await makeTenant(em);
  await makeStaff(em, 'ORGANISATION_OWNER', home.scopes.organisation, 'owner@home.org');
  await makeStaff(em, 'ADMIN', home.scopes.first, 'admin@home.org');
  await makeStaff(em, 'CONTRIBUTOR', home.scopes.second, 'contributor@home.org');
  await makeStaff(em, 'ORGANISATION_OWNER', foreign.scopes.organisation, 'owner@foreign.org');
  await makeStaff(em, 'SUPPORT', { type: 'PLATFORM' }, 'support@porter.org');
  return { home, foreign };
}
const as = (email: string) => api.client().signIn(email, PASSWORD);

describe('organisations', () => {
  it('shows members only their own organisation and platform staff all of them', async () => {
    const { home, foreign } = await twoTenants();
    expect(
      (await (await as('admin@home.org')).ok(ORGS)).organisations.nodes.map((o: any) => o.id),
    ).toEqual([home.organisation.id]);
    const all = (await (await as('support@porter.org')).ok(ORGS)).organisations.nodes.map(
      (o: any) => o.id,
    );
    expect(all.sort()).toEqual([home.organisation.id, foreign.organisation.id].sort());
  });

  it('answers NOT_FOUND for a foreign organisation, and for a made-up id', async () => {
    const { foreign } = await twoTenants();
    const owner = await as('owner@home.org');
    expect(await owner.code(ORG, { id: foreign.organisation.id })).toBe('NOT_FOUND');
    expect(await owner.code(ORG, { id: 'not-a-uuid' })).toBe('NOT_FOUND');
    expect(await owner.code(DEPLOYMENTS, { id: foreign.organisation.id })).toBe('NOT_FOUND');
    expect(await owner.code(ROLES, { id: foreign.organisation.id })).toBe('NOT_FOUND');
    expect(await owner.code(STAFF, { o: foreign.organisation.id })).toBe('NOT_FOUND');
  });

  it('hides an archived organisation from its members but not from platform staff', async () => {
    const { home } = await twoTenants();
    const em = api.orm.em.fork();
    await em.nativeUpdate(
      OrganisationEntity,
      { id: home.organisation.id },
      { archivedAt: new Date() },
    );
    expect(await (await as('owner@home.org')).code(ORG, { id: home.organisation.id })).toBe(
      'NOT_FOUND',
    );
    expect(
      (await (await as('support@porter.org')).ok(ORG, { id: home.organisation.id })).organisation
        .id,
    ).toBe(home.organisation.id);
  });

  it('pages by name with a cursor and searches any case', async () => {
    await twoTenants();
    const em = api.orm.em.fork();
    for (const name of ['Alder Clinic', 'Birch Hospital', 'Cedar Trust'])
      em.create(OrganisationEntity, { name, kind: 'CLINICAL_TRIAL' });
    await em.flush();
    const support = await as('support@porter.org');
    const first = (await support.ok(ORGS, { first: 2 })).organisations;
    expect(first.nodes.map((o: any) => o.name)).toEqual(['Alder Clinic', 'Birch Hospital']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await support.ok(ORGS, { first: 2, after: first.pageInfo.endCursor }))
      .organisations;
    expect(second.nodes.map((o: any) => o.name)).toEqual([
      'Cedar Trust',
      expect.stringMatching(/^Org /),
    ]);
    expect(
      (await support.ok(ORGS, { search: 'BIRCH' })).organisations.nodes.map((o: any) => o.name),
    ).toEqual(['Birch Hospital']);
    expect(await support.code(ORGS, { first: 500 })).toBe('BAD_USER_INPUT');
  });
});

describe('deployments', () => {
  it('lists every deployment to organisation roles and only their own to deployment roles', async () => {
    const { home } = await twoTenants();
    const owned = (await (await as('owner@home.org')).ok(DEPLOYMENTS, { id: home.organisation.id }))
      .deployments;
    expect(owned.map((d: any) => d.id).sort()).toEqual([home.first.id, home.second.id].sort());
    const admin = (await (await as('admin@home.org')).ok(DEPLOYMENTS, { id: home.organisation.id }))
      .deployments;
    expect(admin.map((d: any) => d.id)).toEqual([home.first.id]);
    expect(admin[0].viewerPermissions).toContain('staff:manage');
  });
});

describe('roles and permissions', () => {
  it('lists the ten default roles and the catalogue', async () => {
    const { home } = await twoTenants();
    const client = await as('contributor@home.org');
    expect((await client.ok(ROLES, { id: home.organisation.id })).roles).toHaveLength(10);
    const { permissions } = await client.ok('{ permissions { key } }');
    expect(permissions.map((p: any) => p.key)).toContain('patient:view');
  });
});

describe('staff members', () => {
  it('lists an organisation’s staff to holders of staff:view and refuses others', async () => {
    const { home } = await twoTenants();
    const staff = (await (await as('owner@home.org')).ok(STAFF, { o: home.organisation.id }))
      .staffMembers.nodes;
    expect(staff.map((s: any) => s.user.email).sort()).toEqual([
      'admin@home.org',
      'contributor@home.org',
      'owner@home.org',
    ]);
    expect(
      await (
        await as('contributor@home.org')
      ).code(STAFF, { o: home.organisation.id, d: home.second.id }),
    ).toBe('FORBIDDEN');
  });

  it('narrows to one deployment and searches by name or email', async () => {
    const { home } = await twoTenants();
    const admin = await as('admin@home.org');
    const staff = (await admin.ok(STAFF, { o: home.organisation.id, d: home.first.id }))
      .staffMembers.nodes;
    expect(staff.map((s: any) => s.user.email)).toEqual(['admin@home.org']);
    // An Admin of one deployment cannot look into another one.
    expect(await admin.code(STAFF, { o: home.organisation.id, d: home.second.id })).toBe(
      'NOT_FOUND',
    );
    const owner = await as('owner@home.org');
    expect(
      (await owner.ok(STAFF, { o: home.organisation.id, search: 'CONTRIB' })).staffMembers.nodes,
    ).toHaveLength(1);
  });
});

describe('audit events', () => {
  it('shows platform events to platform audit:view only', async () => {
    await twoTenants();
    const support = await as('support@porter.org');
    const events = (await support.ok(AUDIT)).auditEvents.nodes;
    expect(events.map((e: any) => e.action)).toContain('sign-in.succeeded');
    expect(await (await as('owner@home.org')).code(AUDIT)).toBe('FORBIDDEN');
  });

  it('refuses an organisation’s events to roles without audit:view there', async () => {
    const { home, foreign } = await twoTenants();
    expect(
      (await (await as('owner@home.org')).request(AUDIT, { o: home.organisation.id })).errors,
    ).toBeUndefined();
    expect(await (await as('contributor@home.org')).code(AUDIT, { o: home.organisation.id })).toBe(
      'FORBIDDEN',
    );
    expect(await (await as('owner@home.org')).code(AUDIT, { o: foreign.organisation.id })).toBe(
      'NOT_FOUND',
    );
  });
});
