import { beforeEach, describe, expect, it } from 'vitest';
import { makePatient, PASSWORD } from '../../../test/factories.js';
import { useTestApi, type TestApi } from '../../../test/harness.js';
import { linkIn, tokenOf } from '../../../test/smtp.js';
import { makeWorld } from '../../../test/world.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { DeploymentEntity } from '../deployment/deployment.entity.js';
import { InvitationEntity } from '../invitation/invitation.entity.js';
import { PatientHelperEntity } from './patient-helper.entity.js';
import { PatientEntity } from './patient.entity.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

const INVITE = `mutation($input: InvitePatientHelperInput!) { invitePatientHelper(input: $input) { id patientId email fullName relationship status invitedAt joinedAt } }`;
const REMOVE = `mutation($id: ID!) { removePatientHelper(helperId: $id) { id status removedAt } }`;
const PREVIEW = `query($token: String!) { invitation(token: $token) { state email helperFor deploymentName inviterName } }`;
const ACCEPT = `mutation($token: String!, $fullName: String, $password: String, $acceptTerms: Boolean) {
  acceptInvitation(token: $token, fullName: $fullName, password: $password, acceptTerms: $acceptTerms) { email } }`;
const LIST = `query($o: ID!, $d: ID!) { patients(organisationId: $o, deploymentId: $d) {
  nodes { id helpers { id email fullName relationship status joinedAt } viewerCan { manageHelpers } } } }`;

const as = (email: string) => api.client().signIn(email, PASSWORD);
const here = () => ({ o: world.home.organisation.id, d: world.home.first.id });
async function patient(
  status: 'INVITED' | 'ACTIVE' | 'OFFBOARDED' = 'ACTIVE',
  scope = world.home.scopes.first,
) {
  const em = api.orm.em.fork();
  const p = await makePatient(em, scope, status);
  p.firstName = 'Priya';
  await em.flush();
  return p.id;
}
const mailTo = (address: string) => api.smtp.messages.filter((m) => m.to.includes(address));

describe('helpers (proxies)', () => {
  it('invite → email → preview names the patient → accept with a password → an active helper linked to the patient', async () => {
    const patientId = await patient();
    const contributor = await as('contributor@home.org');
    const { invitePatientHelper } = await contributor.ok(INVITE, {
      input: {
        patientId,
        email: ' Daughter@Example.org',
        fullName: 'Dana Daughter',
        relationship: 'Daughter',
      },
    });
    expect(invitePatientHelper).toMatchObject({
      patientId,
      email: 'daughter@example.org',
      fullName: 'Dana Daughter',
      relationship: 'Daughter',
      status: 'INVITED',
      joinedAt: null,
    });

    expect(await api.drain()).toMatchObject({ sent: 1 });
    const [mail] = mailTo('daughter@example.org');
    expect(mail!.subject).toMatch(/invited you to help Priya with First deployment$/);
    const token = tokenOf(linkIn(mail!));
    expect((await api.client().ok(PREVIEW, { token })).invitation).toMatchObject({
      state: 'PENDING',
      email: 'daughter@example.org',
      helperFor: 'Priya',
      deploymentName: 'First deployment',
      inviterName: expect.any(String),
    });

    const visitor = api.client();
    expect(
      await visitor.code(ACCEPT, { token, password: 'a long enough password', acceptTerms: false }),
    ).toBe('TERMS_NOT_ACCEPTED');
    expect(await visitor.code(ACCEPT, { token, password: 'short', acceptTerms: true })).toBe(
      'WEAK_PASSWORD',
    );
    await visitor.ok(ACCEPT, { token, password: 'a long enough password', acceptTerms: true });
    expect((await visitor.ok('{ viewer { email fullName } }')).viewer).toEqual({
      email: 'daughter@example.org',
      fullName: 'Dana Daughter',
    });

    const em = api.orm.em.fork();
    const helper = await em.findOneOrFail(
      PatientHelperEntity,
      { id: invitePatientHelper.id },
      { populate: ['user'] },
    );
    expect(helper).toMatchObject({ status: 'ACTIVE', patient: { id: patientId } });
    expect(helper.user?.email).toBe('daughter@example.org');
    expect(helper.joinedAt).not.toBeNull();
    // A helper is not a patient.
    expect(await em.count(PatientEntity, { email: 'daughter@example.org' })).toBe(0);

    const row = (await contributor.ok(LIST, here())).patients.nodes.find(
      (n: any) => n.id === patientId,
    );
    expect(row.helpers).toEqual([
      {
        id: helper.id,
        email: 'daughter@example.org',
        fullName: 'Dana Daughter',
        relationship: 'Daughter',
        status: 'ACTIVE',
        joinedAt: expect.any(String),
      },
    ]);
    expect(row.viewerCan.manageHelpers).toBe(true);
    // Without identifiers the email is hidden.
    const hidden = (
      await (await as('organisation_staff@home.org')).ok(LIST, here())
    ).patients.nodes.find((n: any) => n.id === patientId);
    expect(hidden.helpers[0].email).toBeNull();
    expect(hidden.viewerCan.manageHelpers).toBe(false);

    const actions = (await em.find(AuditEventEntity, { action: { $like: 'helper.%' } }))
      .map((e) => e.action)
      .sort();
    expect(actions).toEqual(['helper.invited', 'helper.joined']);
  });

  it('lets a signed-in account with the helper’s email accept, and one person help two patients of a deployment', async () => {
    const [first, second] = [await patient(), await patient('INVITED')];
    const staff = await as('deployment_staff@home.org');
    await staff.ok(INVITE, { input: { patientId: first, email: 'carer@example.org' } });
    await staff.ok(INVITE, { input: { patientId: second, email: 'carer@example.org' } });
    expect(
      await staff.code(INVITE, { input: { patientId: first, email: 'carer@example.org' } }),
    ).toBe('CONFLICT');
    await api.drain();
    const [a, b] = mailTo('carer@example.org');
    const visitor = api.client();
    await visitor.ok(ACCEPT, {
      token: tokenOf(linkIn(a!)),
      fullName: 'Casey Carer',
      password: 'a long enough password',
      acceptTerms: true,
    });
    expect(
      await api.client().code(ACCEPT, {
        token: tokenOf(linkIn(b!)),
        password: 'a long enough password',
        acceptTerms: true,
      }),
    ).toBe('SIGN_IN_REQUIRED');
    await visitor.ok(ACCEPT, { token: tokenOf(linkIn(b!)) });
    expect(
      await api.orm.em.fork().count(PatientHelperEntity, {
        email: 'carer@example.org',
        status: 'ACTIVE',
        user: { email: 'carer@example.org' },
      }),
    ).toBe(2);
  });

  it('removes a helper: REMOVED, the link stops working, audited; they can be invited again', async () => {
    const patientId = await patient();
    const staff = await as('deployment_staff@home.org');
    const { invitePatientHelper } = await staff.ok(INVITE, {
      input: { patientId, email: 'son@example.org' },
    });
    await api.drain();
    const token = tokenOf(linkIn(mailTo('son@example.org')[0]!));
    expect(
      await (await as('organisation_staff@home.org')).code(REMOVE, { id: invitePatientHelper.id }),
    ).toBe('FORBIDDEN');
    expect(await (await as('owner@foreign.org')).code(REMOVE, { id: invitePatientHelper.id })).toBe(
      'NOT_FOUND',
    );
    const { removePatientHelper } = await staff.ok(REMOVE, { id: invitePatientHelper.id });
    expect(removePatientHelper).toMatchObject({ status: 'REMOVED', removedAt: expect.any(String) });
    expect((await api.client().ok(PREVIEW, { token })).invitation.state).toBe('REVOKED');
    expect(
      await api
        .client()
        .code(ACCEPT, { token, password: 'a long enough password', acceptTerms: true }),
    ).toBe('INVITATION_REVOKED');
    expect(
      await api.orm.em.fork().count(InvitationEntity, { kind: 'PROXY', status: 'REVOKED' }),
    ).toBe(1);
    expect(await api.orm.em.fork().count(AuditEventEntity, { action: 'helper.removed' })).toBe(1);
    expect(
      (await staff.ok(INVITE, { input: { patientId, email: 'son@example.org' } }))
        .invitePatientHelper.status,
    ).toBe('INVITED');
  });

  it('refuses without proxy:invite (FORBIDDEN), across tenants (NOT_FOUND), when helpers are off, and for offboarded patients', async () => {
    const patientId = await patient();
    const input = { patientId, email: 'h@example.org' };
    expect(await (await as('organisation_staff@home.org')).code(INVITE, { input })).toBe(
      'FORBIDDEN',
    );
    expect(await (await as('owner@foreign.org')).code(INVITE, { input })).toBe('NOT_FOUND');
    expect(await (await as('admin@foreign.org')).code(INVITE, { input })).toBe('NOT_FOUND');
    const staff = await as('deployment_staff@home.org');
    expect(await staff.code(INVITE, { input: { ...input, email: 'not-an-email' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await staff.code(INVITE, { input: { ...input, expiryHours: 72 } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await staff.code(INVITE, {
        input: { patientId: await patient('OFFBOARDED'), email: 'h@example.org' },
      }),
    ).toBe('CONFLICT');

    const em = api.orm.em.fork();
    const deployment = await em.findOneOrFail(DeploymentEntity, { id: world.home.first.id });
    deployment.settings = { ...deployment.settings, proxiesEnabled: false };
    await em.flush();
    expect(await staff.code(INVITE, { input })).toBe('FEATURE_DISABLED');
    expect((await staff.ok(LIST, here())).patients.nodes[0].viewerCan.manageHelpers).toBe(false);
    expect(await api.orm.em.fork().count(PatientHelperEntity, {})).toBe(0);
  });
});
