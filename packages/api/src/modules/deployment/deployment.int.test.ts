import { beforeEach, describe, expect, it } from 'vitest';
import { makePatient, makeStaff, makeTenant, PASSWORD } from '../../../test/factories.js';
import { useTestApi, type TestApi } from '../../../test/harness.js';
import { randomUUID } from 'node:crypto';
import { hashToken, newToken } from '../auth/token.js';
import { InvitationEntity } from '../invitation/invitation.entity.js';
import { makeInviteLink } from '../invite-link/invite-link.factory.js';
import { OrganisationEntity } from '../organisation/organisation.entity.js';
import { RoleEntity } from '../role/role.entity.js';

const testApi = useTestApi();
let api: TestApi;
beforeEach(() => {
  api = testApi();
});

const FIELDS =
  'id name status organisationId settings { proxiesEnabled offboardingEnabled remindersEnabled smsDefaultCountry }';
const CREATE = `mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateDeploymentInput!) { updateDeployment(id: $id, input: $input) { ${FIELDS} } }`;
const ARCHIVE = `mutation($id: ID!) { archiveDeployment(id: $id) { id status } }`;
const RESTORE = `mutation($id: ID!) { restoreDeployment(id: $id) { id status } }`;
const PAGE = `query($o: ID, $search: String, $archived: Boolean, $first: Int, $after: String) {
  deploymentPage(organisationId: $o, search: $search, includeArchived: $archived, first: $first, after: $after) {
    nodes { id name status organisation { id name } staffCount patientCount viewerCan { configure archive restore inviteStaff } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const PATIENTS = `query($o: ID!, $d: ID!) { patients(organisationId: $o, deploymentId: $d) { nodes { id } } }`;
const PREVIEW = `query($token: String!) { invitation(token: $token) { state } }`;
const ACCEPT = `mutation($token: String!, $fullName: String, $password: String, $acceptTerms: Boolean) {
  acceptInvitation(token: $token, fullName: $fullName, password: $password, acceptTerms: $acceptTerms) { email } }`;
const LINK_PREVIEW = `query($token: String!) { inviteLink(token: $token) { state } }`;
const REQUEST_CODE = `mutation($token: String!, $email: String!) { requestJoinCode(token: $token, email: $email) { sentTo } }`;
const AUDIT = `query($o: ID) { auditEvents(organisationId: $o) { nodes { action before after } } }`;

async function world() {
  const em = api.orm.em.fork();
  const home = await makeTenant(em);
  const foreign = await makeTenant(em);
  await makeStaff(em, 'ACCOUNT_MANAGER', { type: 'PLATFORM' }, 'manager@porter.org');
  await makeStaff(em, 'SUPPORT', { type: 'PLATFORM' }, 'support@porter.org');
  await makeStaff(em, 'ORGANISATION_EDITOR', home.scopes.organisation, 'editor@home.org');
  await makeStaff(em, 'ACCESS_CONTROLLER', home.scopes.organisation, 'controller@home.org');
  await makeStaff(em, 'ADMIN', home.scopes.first, 'admin@home.org');
  await makeStaff(em, 'DEPLOYMENT_STAFF', home.scopes.first, 'staff@home.org');
  await makeStaff(em, 'ORGANISATION_OWNER', foreign.scopes.organisation, 'owner@foreign.org');
  return { home, foreign };
}
const as = (email: string) => api.client().signIn(email, PASSWORD);

describe('creating deployments', () => {
  it('lets an Organisation Editor create a deployment with settings, audited', async () => {
    const { home } = await world();
    const editor = await as('editor@home.org');
    const { createDeployment } = await editor.ok(CREATE, {
      input: {
        organisationId: home.organisation.id,
        name: '  Heart failure  ',
        settings: { proxiesEnabled: false, smsDefaultCountry: 'us' },
      },
    });
    expect(createDeployment).toMatchObject({
      name: 'Heart failure',
      status: 'ACTIVE',
      organisationId: home.organisation.id,
      settings: {
        proxiesEnabled: false,
        offboardingEnabled: true,
        remindersEnabled: true,
        smsDefaultCountry: 'US',
      },
    });
    const [event] = (await editor.ok(AUDIT, { o: home.organisation.id })).auditEvents.nodes;
    expect(event).toMatchObject({ action: 'deployment.created', after: { name: 'Heart failure' } });
  });

  it('refuses Support and Access Controllers (FORBIDDEN), foreign owners (NOT_FOUND), and archived organisations (CONFLICT)', async () => {
    const { home } = await world();
    const variables = { input: { organisationId: home.organisation.id, name: 'New' } };
    expect(await (await as('support@porter.org')).code(CREATE, variables)).toBe('FORBIDDEN');
    expect(await (await as('controller@home.org')).code(CREATE, variables)).toBe('FORBIDDEN');
    expect(await (await as('owner@foreign.org')).code(CREATE, variables)).toBe('NOT_FOUND');
    await api.orm.em
      .fork()
      .nativeUpdate(OrganisationEntity, { id: home.organisation.id }, { archivedAt: new Date() });
    expect(await (await as('manager@porter.org')).code(CREATE, variables)).toBe('CONFLICT');
    expect(await (await as('editor@home.org')).code(CREATE, variables)).toBe('NOT_FOUND');
  });
});

describe('configuring deployments', () => {
  it('lets an Admin rename their deployment and change its settings, and the patient features follow them', async () => {
    const { home } = await world();
    const patient = await makePatient(api.orm.em.fork(), home.scopes.first, 'ACTIVE');
    const admin = await as('admin@home.org');
    const { updateDeployment } = await admin.ok(UPDATE, {
      id: home.first.id,
      input: { name: 'Renamed', settings: { offboardingEnabled: false, remindersEnabled: false } },
    });
    expect(updateDeployment).toMatchObject({
      name: 'Renamed',
      settings: { offboardingEnabled: false, remindersEnabled: false, proxiesEnabled: true },
    });
    const offboard = await admin.request(
      `mutation($id: ID!) { offboardPatient(patientId: $id, reason: "COMPLETED") { id } }`,
      { id: patient.id },
    );
    expect(offboard.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // Clearing the country goes back to the platform default; other settings stay.
    const cleared = (
      await admin.ok(UPDATE, { id: home.first.id, input: { settings: { smsDefaultCountry: '' } } })
    ).updateDeployment;
    expect(cleared).toMatchObject({
      name: 'Renamed',
      settings: { smsDefaultCountry: null, offboardingEnabled: false },
    });
    const events = (await (await as('editor@home.org')).ok(AUDIT, { o: home.organisation.id }))
      .auditEvents.nodes;
    // Clearing a country that was never set changed nothing, so it wrote no event.
    expect(events).toEqual([
      expect.objectContaining({
        action: 'deployment.updated',
        after: expect.objectContaining({ name: 'Renamed' }),
      }),
    ]);
    expect(events[0].before.name).toBe('First deployment');
  });

  it('rejects a country that is not ISO 3166 alpha-2 and a blank name', async () => {
    const { home } = await world();
    const admin = await as('admin@home.org');
    for (const country of ['GBR', 'XX', '1', 'united kingdom']) {
      const result = await admin.request(UPDATE, {
        id: home.first.id,
        input: { settings: { smsDefaultCountry: country } },
      });
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { field: 'smsDefaultCountry' },
      });
    }
    expect(await admin.code(UPDATE, { id: home.first.id, input: { name: ' ' } })).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('refuses Deployment Staff (FORBIDDEN), another deployment’s Admin and foreign owners (NOT_FOUND)', async () => {
    const { home } = await world();
    const input = { name: 'Nope' };
    expect(await (await as('staff@home.org')).code(UPDATE, { id: home.first.id, input })).toBe(
      'FORBIDDEN',
    );
    expect(await (await as('admin@home.org')).code(UPDATE, { id: home.second.id, input })).toBe(
      'NOT_FOUND',
    );
    expect(await (await as('owner@foreign.org')).code(UPDATE, { id: home.first.id, input })).toBe(
      'NOT_FOUND',
    );
    expect(await (await as('admin@home.org')).code(UPDATE, { id: 'nope', input })).toBe(
      'NOT_FOUND',
    );
  });
});

describe('archiving deployments', () => {
  it('hides an archived deployment from the people who only work in it, keeps it for organisation staff, and restores it', async () => {
    const { home } = await world();
    const admin = await as('admin@home.org');
    const staff = await as('staff@home.org');
    // An Admin configures their deployment but may not archive it.
    expect(await admin.code(ARCHIVE, { id: home.first.id })).toBe('FORBIDDEN');

    const editor = await as('editor@home.org');
    expect((await editor.ok(ARCHIVE, { id: home.first.id })).archiveDeployment.status).toBe(
      'ARCHIVED',
    );
    expect(await editor.code(ARCHIVE, { id: home.first.id })).toBe('CONFLICT');

    expect(await staff.code(PATIENTS, { o: home.organisation.id, d: home.first.id })).toBe(
      'NOT_FOUND',
    );
    expect(await admin.code(UPDATE, { id: home.first.id, input: { name: 'x' } })).toBe('NOT_FOUND');
    expect((await staff.ok('{ viewer { scopes { deployment { id } } } }')).viewer.scopes).toEqual(
      [],
    );

    // Organisation level still sees it, marked archived, but only when asked for archived ones.
    expect(
      (await editor.ok(PAGE, { o: home.organisation.id })).deploymentPage.nodes.map(
        (d: any) => d.id,
      ),
    ).toEqual([home.second.id]);
    const all = (await editor.ok(PAGE, { o: home.organisation.id, archived: true })).deploymentPage
      .nodes;
    expect(all.find((d: any) => d.id === home.first.id)).toMatchObject({
      status: 'ARCHIVED',
      viewerCan: { archive: false, restore: true },
    });
    expect(
      (await editor.ok(PATIENTS, { o: home.organisation.id, d: home.first.id })).patients.nodes,
    ).toEqual([]);

    // Invitations and invite links into it work as if withdrawn while it is archived.
    const invitationToken = newToken();
    const e = api.orm.em.fork();
    e.create(InvitationEntity, {
      kind: 'STAFF',
      channel: 'EMAIL',
      address: 'late@example.org',
      organisation: home.organisation.id,
      deployment: home.first.id,
      role: await e.findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' }),
      tokenHash: hashToken(invitationToken),
      expiryHours: 72,
      expiresAt: new Date(api.clock.now().getTime() + 72 * 3_600_000),
      batchId: randomUUID(),
    });
    await e.flush();
    const link = await makeInviteLink(
      api.orm.em.fork(),
      api.sealer,
      { organisationId: home.organisation.id, deploymentId: home.first.id },
      { now: api.clock.now() },
    );
    const visitor = api.client();
    expect((await visitor.ok(PREVIEW, { token: invitationToken })).invitation.state).toBe(
      'REVOKED',
    );
    expect(
      await visitor.code(ACCEPT, {
        token: invitationToken,
        fullName: 'Late Comer',
        password: 'a long enough password',
        acceptTerms: true,
      }),
    ).toBe('INVITATION_REVOKED');
    expect((await visitor.ok(LINK_PREVIEW, { token: link.token })).inviteLink.state).toBe(
      'REVOKED',
    );
    expect(await visitor.code(REQUEST_CODE, { token: link.token, email: 'late@example.org' })).toBe(
      'LINK_REVOKED',
    );

    expect((await editor.ok(RESTORE, { id: home.first.id })).restoreDeployment.status).toBe(
      'ACTIVE',
    );
    // The same for an archived organisation: its links read as revoked, not as unknown.
    const o = api.orm.em.fork();
    await o.nativeUpdate(
      OrganisationEntity,
      { id: home.organisation.id },
      { archivedAt: api.clock.now() },
    );
    expect((await visitor.ok(LINK_PREVIEW, { token: link.token })).inviteLink.state).toBe(
      'REVOKED',
    );
    expect((await visitor.ok(PREVIEW, { token: invitationToken })).invitation.state).toBe(
      'REVOKED',
    );
    await o.nativeUpdate(OrganisationEntity, { id: home.organisation.id }, { archivedAt: null });
    // Restored, the same invitation works again.
    expect((await visitor.ok(PREVIEW, { token: invitationToken })).invitation.state).toBe(
      'PENDING',
    );
    expect(
      (await staff.ok(PATIENTS, { o: home.organisation.id, d: home.first.id })).patients.nodes,
    ).toEqual([]);
    const actions = (await editor.ok(AUDIT, { o: home.organisation.id })).auditEvents.nodes.map(
      (e: any) => e.action,
    );
    expect(actions.sort()).toEqual(['deployment.archived', 'deployment.restored']);
  });

  it('refuses Support (FORBIDDEN) and a foreign owner (NOT_FOUND)', async () => {
    const { home } = await world();
    expect(await (await as('support@porter.org')).code(ARCHIVE, { id: home.first.id })).toBe(
      'FORBIDDEN',
    );
    expect(await (await as('owner@foreign.org')).code(ARCHIVE, { id: home.first.id })).toBe(
      'NOT_FOUND',
    );
  });
});

describe('the deployment list', () => {
  it('shows platform staff every deployment with its organisation and counts, filterable by organisation', async () => {
    const { home, foreign } = await world();
    const em = api.orm.em.fork();
    await makePatient(em, home.scopes.first, 'ACTIVE');
    await makePatient(em, home.scopes.first, 'OFFBOARDED');
    const support = await as('support@porter.org');
    const all = (await support.ok(PAGE, {})).deploymentPage.nodes;
    expect(all).toHaveLength(4);
    const first = all.find((d: any) => d.id === home.first.id);
    expect(first).toMatchObject({
      organisation: { id: home.organisation.id },
      staffCount: 2,
      patientCount: 1,
      viewerCan: { configure: true, archive: false, inviteStaff: true },
    });
    const filtered = (await support.ok(PAGE, { o: foreign.organisation.id })).deploymentPage.nodes;
    expect(filtered.map((d: any) => d.organisation.id)).toEqual([
      foreign.organisation.id,
      foreign.organisation.id,
    ]);
    const page = (await support.ok(PAGE, { first: 3 })).deploymentPage;
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(
      (await support.ok(PAGE, { first: 3, after: page.pageInfo.endCursor })).deploymentPage.nodes,
    ).toHaveLength(1);
    expect((await support.ok(PAGE, { search: 'SECOND' })).deploymentPage.nodes).toHaveLength(2);
  });

  it('shows organisation roles their organisation, deployment roles their deployment, and refuses foreign organisations', async () => {
    const { home, foreign } = await world();
    const editor = await as('editor@home.org');
    expect((await editor.ok(PAGE, {})).deploymentPage.nodes.map((d: any) => d.id).sort()).toEqual(
      [home.first.id, home.second.id].sort(),
    );
    expect(await editor.code(PAGE, { o: foreign.organisation.id })).toBe('NOT_FOUND');
    const admin = await as('admin@home.org');
    expect(
      (await admin.ok(PAGE, { o: home.organisation.id })).deploymentPage.nodes.map(
        (d: any) => d.id,
      ),
    ).toEqual([home.first.id]);
  });
});
