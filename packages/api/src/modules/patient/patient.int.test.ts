import { beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../test/factories.js';
import { useTestApi, type GraphQLClient, type TestApi } from '../../../test/harness.js';
import { linkIn, tokenOf } from '../../../test/smtp.js';
import { makeWorld } from '../../../test/world.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { DeploymentEntity } from '../deployment/deployment.entity.js';
import { RoleAssignmentEntity } from '../role/role-assignment.entity.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

const INVITE = `mutation($input: InvitePatientsInput!) { invitePatientsByEmail(input: $input) { invitedCount results { address outcome invitationId } } }`;
const LIST = `query($o: ID!, $d: ID!, $type: PatientType, $search: String) {
  patients(organisationId: $o, deploymentId: $d, type: $type, search: $search) {
    nodes { id status channel displayName email invitation { id sentCount expired deliveryStatus } viewerCan { offboard reactivate manageInvitation } } } }`;
const ACCEPT = `mutation($token: String!, $fullName: String, $password: String, $acceptTerms: Boolean) {
  acceptInvitation(token: $token, fullName: $fullName, password: $password, acceptTerms: $acceptTerms) { email } }`;
const OFFBOARD = `mutation($id: ID!, $reason: String!, $note: String) { offboardPatient(patientId: $id, reason: $reason, note: $note) { id status offboardReason offboardNote viewerCan { reactivate } } }`;
const REACTIVATE = `mutation($id: ID!) { reactivatePatient(patientId: $id) { id status } }`;

const as = (email: string) => api.client().signIn(email, PASSWORD);
const here = () => ({ o: world.home.organisation.id, d: world.home.first.id });
async function invite(client: GraphQLClient, emails: string[], expiryHours?: number) {
  const input = {
    organisationId: world.home.organisation.id,
    deploymentId: world.home.first.id,
    emails,
    ...(expiryHours ? { expiryHours } : {}),
  };
  return (await client.ok(INVITE, { input })).invitePatientsByEmail;
}
async function joined(email: string) {
  await invite(await as('deployment_staff@home.org'), [email]);
  await api.drain();
  const mail = api.smtp.messages.find((m) => m.to.includes(email))!;
  await api.client().ok(ACCEPT, {
    token: tokenOf(linkIn(mail)),
    fullName: 'Pat Patient',
    password: 'a long enough password',
    acceptTerms: true,
  });
  const nodes = (
    await (await as('deployment_staff@home.org')).ok(LIST, { ...here(), type: 'ACTIVE' })
  ).patients.nodes;
  return nodes.find((n: any) => n.email === email);
}

describe('patient email invitations', () => {
  it('invite, email “download then activate”, and an activated patient account with no staff role', async () => {
    const staff = await as('deployment_staff@home.org');
    const payload = await invite(staff, [
      'Pat@Example.org',
      'pat@example.org',
      'nope',
      'sam@example.org',
    ]);
    expect(payload.results.map((r: any) => [r.address, r.outcome])).toEqual([
      ['pat@example.org', 'INVITED'],
      ['nope', 'INVALID'],
      ['sam@example.org', 'INVITED'],
    ]);
    expect((await invite(staff, ['pat@example.org'])).results[0].outcome).toBe('ALREADY_PENDING');
    expect(await api.drain()).toMatchObject({ sent: 2 });
    const mail = api.smtp.messages.find((m) => m.to.includes('pat@example.org'))!;
    expect(mail.text).toContain('Step 1: install the app');
    expect(mail.text).toContain('Activate account');

    const pending = (await staff.ok(LIST, { ...here(), type: 'PENDING' })).patients.nodes;
    expect(pending.map((p: any) => p.email).sort()).toEqual(['pat@example.org', 'sam@example.org']);
    expect(pending[0]).toMatchObject({
      status: 'INVITED',
      channel: 'EMAIL',
      invitation: { sentCount: 1, expired: false, deliveryStatus: 'SENT' },
      viewerCan: { manageInvitation: true },
    });

    await api.client().ok(ACCEPT, {
      token: tokenOf(linkIn(mail)),
      fullName: 'Pat Patient',
      password: 'a long enough password',
      acceptTerms: true,
    });
    const active = (await staff.ok(LIST, { ...here(), type: 'ACTIVE' })).patients.nodes;
    expect(active.map((p: any) => [p.email, p.status, p.displayName])).toEqual([
      ['pat@example.org', 'ACTIVE', 'Pat Patient'],
    ]);
    expect(
      await api.orm.em.fork().count(RoleAssignmentEntity, { user: { email: 'pat@example.org' } }),
    ).toBe(0);
    expect(
      (await staff.ok(LIST, { ...here(), type: 'PENDING' })).patients.nodes.map(
        (p: any) => p.email,
      ),
    ).toEqual(['sam@example.org']);
    expect((await invite(staff, ['pat@example.org'])).results[0].outcome).toBe('ALREADY_MEMBER');
  });

  it('refuses roles without patient:manage and other organisations, and offers only the patient expiry choices', async () => {
    const input = {
      organisationId: world.home.organisation.id,
      deploymentId: world.home.first.id,
      emails: ['x@example.org'],
    };
    expect(await (await as('contributor@home.org')).code(INVITE, { input })).toBe('FORBIDDEN');
    expect(await (await as('owner@foreign.org')).code(INVITE, { input })).toBe('NOT_FOUND');
    expect(
      await (
        await as('deployment_staff@home.org')
      ).code(INVITE, { input: { ...input, expiryHours: 72 } }),
    ).toBe('BAD_USER_INPUT');
    expect(
      (await invite(await as('deployment_staff@home.org'), ['year@example.org'], 8760))
        .invitedCount,
    ).toBe(1);
  });

  it('lets patient:manage resend and revoke a patient invitation, and nobody else', async () => {
    const { results } = await invite(await as('deployment_staff@home.org'), ['r@example.org']);
    const id = results[0].invitationId;
    expect(
      (
        await (
          await as('contributor@home.org')
        ).ok(`mutation($ids: [ID!]!) { revokeInvitations(invitationIds: $ids) { code } }`, {
          ids: [id],
        })
      ).revokeInvitations[0].code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await (
          await as('admin@home.org')
        ).ok(`mutation($ids: [ID!]!) { resendInvitations(invitationIds: $ids) { ok } }`, {
          ids: [id],
        })
      ).resendInvitations[0].ok,
    ).toBe(true);
    expect(
      (
        await (
          await as('admin@home.org')
        ).ok(`mutation($ids: [ID!]!) { revokeInvitations(invitationIds: $ids) { ok } }`, {
          ids: [id],
        })
      ).revokeInvitations[0].ok,
    ).toBe(true);
  });
});

describe('the patient list', () => {
  it('hides identifiers from roles without patient:view-identifiers, and their search by them', async () => {
    await invite(await as('deployment_staff@home.org'), ['hidden@example.org']);
    const orgStaff = await as('organisation_staff@home.org');
    const [row] = (await orgStaff.ok(LIST, here())).patients.nodes;
    expect(row.email).toBeNull();
    expect(row.displayName).toMatch(/^Patient [0-9a-f]{8}$/);
    expect(await orgStaff.code(LIST, { ...here(), search: 'hidden' })).toBe('BAD_USER_INPUT');
    expect((await orgStaff.ok(LIST, { ...here(), search: row.id })).patients.nodes).toHaveLength(1);
    // Contributors hold identifiers.
    expect(
      (await (await as('contributor@home.org')).ok(LIST, here())).patients.nodes[0].email,
    ).toBe('hidden@example.org');
  });

  it('is refused without patient:view here, and NOT_FOUND elsewhere', async () => {
    expect(await (await as('owner@foreign.org')).code(LIST, here())).toBe('NOT_FOUND');
    expect(
      await (
        await as('admin@home.org')
      ).code(LIST, { o: world.home.organisation.id, d: world.home.second.id }),
    ).toBe('NOT_FOUND');
  });
});

describe('offboarding', () => {
  it('stops and restarts monitoring with a reason, audited, and shows in the list', async () => {
    const patient = await joined('off@example.org');
    const staff = await as('deployment_staff@home.org');
    expect(await staff.code(OFFBOARD, { id: patient.id, reason: 'OTHER' })).toBe('BAD_USER_INPUT');
    expect(await staff.code(OFFBOARD, { id: patient.id, reason: 'BORED' })).toBe('BAD_USER_INPUT');
    const { offboardPatient } = await staff.ok(OFFBOARD, {
      id: patient.id,
      reason: 'OTHER',
      note: 'Moved abroad',
    });
    expect(offboardPatient).toMatchObject({
      status: 'OFFBOARDED',
      offboardReason: 'OTHER',
      offboardNote: 'Moved abroad',
      viewerCan: { reactivate: true },
    });
    expect(
      (await staff.ok(LIST, { ...here(), type: 'OFFBOARDED' })).patients.nodes.map(
        (p: any) => p.id,
      ),
    ).toEqual([patient.id]);
    expect(await staff.code(OFFBOARD, { id: patient.id, reason: 'COMPLETED' })).toBe('CONFLICT');
    expect((await staff.ok(REACTIVATE, { id: patient.id })).reactivatePatient.status).toBe(
      'ACTIVE',
    );
    const actions = (
      await api.orm.em.fork().find(AuditEventEntity, { action: { $like: 'patient.%' } })
    )
      .map((e) => e.action)
      .sort();
    expect(actions).toEqual(['patient.offboarded', 'patient.reactivated']);
  });

  it('needs patient:offboard, and the deployment’s offboarding setting on', async () => {
    const patient = await joined('keep@example.org');
    expect(
      await (
        await as('contributor@home.org')
      ).code(OFFBOARD, { id: patient.id, reason: 'COMPLETED' }),
    ).toBe('FORBIDDEN');
    expect(
      await (await as('owner@foreign.org')).code(OFFBOARD, { id: patient.id, reason: 'COMPLETED' }),
    ).toBe('NOT_FOUND');
    const em = api.orm.em.fork();
    const deployment = await em.findOneOrFail(DeploymentEntity, { id: world.home.first.id });
    deployment.settings = { ...deployment.settings, offboardingEnabled: false };
    await em.flush();
    expect(
      await (
        await as('deployment_staff@home.org')
      ).code(OFFBOARD, { id: patient.id, reason: 'COMPLETED' }),
    ).toBe('CONFLICT');
  });
});
