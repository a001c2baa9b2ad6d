import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../test/factories.js';
import { useTestApi, type GraphQLClient, type TestApi } from '../../../test/harness.js';
import { linkIn, tokenOf } from '../../../test/smtp.js';
import { makeWorld } from '../../../test/world.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { hashToken, newToken } from '../auth/token.js';
import { DeploymentEntity } from '../deployment/deployment.entity.js';
import { InvitationDeliveryEntity } from '../delivery/index.js';
import { InvitationEntity } from '../invitation/invitation.entity.js';
import { PatientEntity } from './patient.entity.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

const HOUR = 3_600_000;
const INVITE = `mutation($input: InvitePatientsInput!) { invitePatientsByEmail(input: $input) { results { address outcome invitationId } } }`;
const PENDING = `query($o: ID!, $d: ID!, $first: Int, $after: String) {
  patients(organisationId: $o, deploymentId: $d, type: PENDING, first: $first, after: $after) {
    nodes { id invitation { id channel address createdAt sentAt sentCount expiresAt expired remindedAt reminderDue deliveryStatus deliveryError invitedBy { fullName } } }
    pageInfo { hasNextPage endCursor } } }`;
const RESEND = `mutation($ids: [ID!]!) { resendInvitations(invitationIds: $ids) { invitationId ok code } }`;
const PENDING_CAN = `query($o: ID!, $d: ID!) {
  patients(organisationId: $o, deploymentId: $d, type: PENDING) {
    nodes { invitation { id deliveryStatus deliveryError } viewerCan { manageInvitation retryDelivery } } } }`;
const RETRY = `mutation($ids: [ID!]!) { retryInvitationDeliveries(invitationIds: $ids) { invitationId ok code } }`;
const REFUSED = { code: 550, message: '5.1.1 Mailbox unavailable' };
const DELETE = `mutation($ids: [ID!]!) { deletePatientInvitations(invitationIds: $ids) { invitationId ok code message } }`;
const PREVIEW = `query($token: String!) { invitation(token: $token) { state } }`;
const PREVIEW_NAMED = `query($token: String!) { invitation(token: $token) { state organisationName } }`;
const REVOKE = `mutation($ids: [ID!]!) { revokeInvitations(invitationIds: $ids) { invitationId ok code } }`;
const ACCEPT = `mutation($token: String!, $fullName: String, $password: String, $acceptTerms: Boolean) {
  acceptInvitation(token: $token, fullName: $fullName, password: $password, acceptTerms: $acceptTerms) { id } }`;

const as = (email: string) => api.client().signIn(email, PASSWORD);
const here = () => ({ o: world.home.organisation.id, d: world.home.first.id });
async function invite(
  client: GraphQLClient,
  emails: string[],
  expiryHours = 168,
  deploymentId = world.home.first.id,
  organisationId = world.home.organisation.id,
) {
  return (await client.ok(INVITE, { input: { organisationId, deploymentId, emails, expiryHours } }))
    .invitePatientsByEmail.results as { address: string; invitationId: string }[];
}
const mailTo = (address: string) => api.smtp.messages.filter((m) => m.to.includes(address));

/** An SMS patient invitation written directly, as the SMS invite path would leave it. */
async function smsInvitation(mobile: string, expiryHours: number) {
  const em = api.orm.em.fork();
  const now = api.clock.now();
  const patient = em.create(PatientEntity, {
    organisation: world.home.organisation.id,
    deployment: world.home.first.id,
    status: 'INVITED',
    channel: 'SMS',
    firstName: 'Sam',
    lastName: 'Sms',
    mobile,
    invitedAt: now,
    createdAt: now,
  });
  const invitation = em.create(InvitationEntity, {
    kind: 'PATIENT',
    channel: 'SMS',
    address: mobile,
    organisation: world.home.organisation.id,
    deployment: world.home.first.id,
    patient,
    tokenHash: hashToken(newToken()),
    expiryHours,
    expiresAt: new Date(now.getTime() + expiryHours * HOUR),
    batchId: randomUUID(),
    deliveryStatus: 'SENT',
    sentCount: 1,
    lastSentAt: now,
    createdAt: now,
  });
  await em.flush();
  return invitation.id;
}

describe('pending patient invitations', () => {
  it('shows channel, address, sent, inviter, delivery and reminder state; the address only with identifiers', async () => {
    const staff = await as('deployment_staff@home.org');
    await invite(staff, ['long@example.org']);
    await invite(staff, ['short@example.org'], 24);
    await api.drain();
    const nodes = (await staff.ok(PENDING, here())).patients.nodes.map((n: any) => n.invitation);
    const long = nodes.find((n: any) => n.address === 'long@example.org');
    expect(long).toMatchObject({
      channel: 'EMAIL',
      sentCount: 1,
      sentAt: expect.any(String),
      createdAt: expect.any(String),
      expired: false,
      remindedAt: null,
      reminderDue: true,
      deliveryStatus: 'SENT',
      deliveryError: null,
      invitedBy: { fullName: expect.any(String) },
    });
    // 24-hour invitations get no reminder: the first email is the reminder.
    expect(nodes.find((n: any) => n.address === 'short@example.org').reminderDue).toBe(false);

    const orgStaff = await as('organisation_staff@home.org');
    const hidden = (await orgStaff.ok(PENDING, here())).patients.nodes.map(
      (n: any) => n.invitation,
    );
    expect(hidden.map((n: any) => n.address)).toEqual([null, null]);
    expect(hidden[0].channel).toBe('EMAIL');

    // Reminders off for the deployment: none is due any more.
    const em = api.orm.em.fork();
    const deployment = await em.findOneOrFail(DeploymentEntity, { id: world.home.first.id });
    deployment.settings = { ...deployment.settings, remindersEnabled: false };
    await em.flush();
    const off = (await staff.ok(PENDING, here())).patients.nodes.map(
      (n: any) => n.invitation.reminderDue,
    );
    expect(off).toEqual([false, false]);
  });

  it('pages with keyset cursors and no total count', async () => {
    const staff = await as('deployment_staff@home.org');
    const emails = Array.from({ length: 7 }, (_, i) => `page-${i}@example.org`);
    for (const email of emails) {
      await invite(staff, [email]);
      api.clock.advance(1000);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { patients }: any = await staff.ok(PENDING, { ...here(), first: 3, after });
      seen.push(...patients.nodes.map((n: any) => n.invitation.address));
      if (!patients.pageInfo.hasNextPage) break;
      after = patients.pageInfo.endCursor;
    }
    expect(seen).toEqual([...emails].reverse());
  });

  it('resends in bulk with new links, the old ones saying REPLACED, and reports each item', async () => {
    const staff = await as('deployment_staff@home.org');
    const [a, b] = await invite(staff, ['a@example.org', 'b@example.org']);
    const [foreign] = await invite(
      await as('admin@foreign.org'),
      ['f@example.org'],
      168,
      world.foreign.first.id,
      world.foreign.organisation.id,
    );
    await api.drain();
    const old = tokenOf(linkIn(mailTo('a@example.org')[0]!));
    const { resendInvitations } = await staff.ok(RESEND, {
      ids: [a!.invitationId, b!.invitationId, foreign!.invitationId],
    });
    expect(resendInvitations.map((r: any) => [r.ok, r.code])).toEqual([
      [true, null],
      [true, null],
      [false, 'NOT_FOUND'],
    ]);
    await api.drain();
    expect(mailTo('a@example.org')).toHaveLength(2);
    const fresh = tokenOf(linkIn(mailTo('a@example.org')[1]!));
    expect(fresh).not.toBe(old);
    expect((await api.client().ok(PREVIEW, { token: old })).invitation.state).toBe('REPLACED');
    expect((await api.client().ok(PREVIEW, { token: fresh })).invitation.state).toBe('PENDING');
  });

  it('offers retrying (viewerCan.retryDelivery) exactly while the latest message FAILED and the invitation is pending', async () => {
    const admin = await as('admin@home.org');
    const rows = async (client: GraphQLClient) =>
      new Map<string, any>(
        (await client.ok(PENDING_CAN, here())).patients.nodes.map((n: any) => [n.invitation.id, n]),
      );
    const [bounced] = await invite(admin, ['bounced@example.org']);
    api.smtp.failNext(1, REFUSED);
    await api.drain();
    const [fine] = await invite(admin, ['fine@example.org']);
    await api.drain();

    let seen = await rows(admin);
    expect(seen.get(bounced!.invitationId)).toEqual({
      invitation: {
        id: bounced!.invitationId,
        deliveryStatus: 'FAILED',
        deliveryError: expect.stringContaining('550'),
      },
      viewerCan: { manageInvitation: true, retryDelivery: true },
    });
    expect(seen.get(fine!.invitationId)).toMatchObject({
      invitation: { deliveryStatus: 'SENT' },
      viewerCan: { manageInvitation: true, retryDelivery: false },
    });
    // Seeing a patient is not managing them: Organisation Staff have patient:view only.
    const orgStaff = await as('organisation_staff@home.org');
    expect((await rows(orgStaff)).get(bounced!.invitationId).viewerCan.retryDelivery).toBe(false);

    // The flag and the mutation agree, item by item; a retried message is queued, not failed.
    const { retryInvitationDeliveries } = await admin.ok(RETRY, {
      ids: [bounced!.invitationId, fine!.invitationId],
    });
    expect(retryInvitationDeliveries.map((r: any) => [r.ok, r.code])).toEqual([
      [true, null],
      [false, 'CONFLICT'],
    ]);
    seen = await rows(admin);
    expect(seen.get(bounced!.invitationId)).toMatchObject({
      invitation: { deliveryStatus: 'QUEUED', deliveryError: null },
      viewerCan: { retryDelivery: false },
    });
    await api.drain();
    expect(mailTo('bounced@example.org')).toHaveLength(1);
    expect((await rows(admin)).get(bounced!.invitationId).invitation.deliveryStatus).toBe('SENT');

    // Failed, but past its expiry: only a resend (new link and expiry) helps.
    const [late] = await invite(admin, ['late@example.org'], 24);
    api.smtp.failNext(1, REFUSED);
    await api.drain();
    expect((await rows(admin)).get(late!.invitationId).viewerCan.retryDelivery).toBe(true);
    api.clock.advance(25 * HOUR);
    expect((await rows(admin)).get(late!.invitationId)).toMatchObject({
      invitation: { deliveryStatus: 'FAILED' },
      viewerCan: { manageInvitation: true, retryDelivery: false },
    });
    expect(
      (await admin.ok(RETRY, { ids: [late!.invitationId] })).retryInvitationDeliveries[0].code,
    ).toBe('INVITATION_EXPIRED');
  });

  it('deletes in bulk: never-joined patients are gone, the audit stays, and each item says how it went', async () => {
    const staff = await as('deployment_staff@home.org');
    const [gone, joined] = await invite(staff, ['gone@example.org', 'joined@example.org']);
    const [foreign] = await invite(
      await as('admin@foreign.org'),
      ['f@example.org'],
      168,
      world.foreign.first.id,
      world.foreign.organisation.id,
    );
    await api.drain();
    const goneToken = tokenOf(linkIn(mailTo('gone@example.org')[0]!));
    await api.client().ok(ACCEPT, {
      token: tokenOf(linkIn(mailTo('joined@example.org')[0]!)),
      fullName: 'Jo Joined',
      password: 'a long enough password',
      acceptTerms: true,
    });

    // Without patient:manage: refused, nothing changes.
    expect(
      (await (await as('contributor@home.org')).ok(DELETE, { ids: [gone!.invitationId] }))
        .deletePatientInvitations[0].code,
    ).toBe('FORBIDDEN');

    const { deletePatientInvitations } = await staff.ok(DELETE, {
      ids: [gone!.invitationId, joined!.invitationId, foreign!.invitationId, 'nope'],
    });
    expect(deletePatientInvitations.map((r: any) => [r.invitationId, r.ok, r.code])).toEqual([
      [gone!.invitationId, true, null],
      [joined!.invitationId, false, 'INVITATION_ALREADY_USED'],
      [foreign!.invitationId, false, 'NOT_FOUND'],
      ['nope', false, 'NOT_FOUND'],
    ]);
    const em = api.orm.em.fork();
    expect(await em.count(PatientEntity, { email: 'gone@example.org' })).toBe(0);
    expect(await em.count(InvitationEntity, { id: gone!.invitationId })).toBe(0);
    expect(await em.count(PatientEntity, { email: 'joined@example.org', status: 'ACTIVE' })).toBe(
      1,
    );
    expect(await em.count(InvitationEntity, { id: foreign!.invitationId, status: 'PENDING' })).toBe(
      1,
    );
    // The link of a deleted invitation says it was withdrawn, like a revoked one, and by whom.
    expect((await api.client().ok(PREVIEW_NAMED, { token: goneToken })).invitation).toEqual({
      state: 'REVOKED',
      organisationName: world.home.organisation.name,
    });
    expect(
      await api.client().code(ACCEPT, {
        token: goneToken,
        fullName: 'Gone Away',
        password: 'a long enough password',
        acceptTerms: true,
      }),
    ).toBe('INVITATION_REVOKED');
    const events = await em.find(AuditEventEntity, { action: 'invitation.deleted' });
    expect(events.map((e) => [e.targetId, e.targetLabel])).toEqual([
      [gone!.invitationId, 'gone@example.org'],
    ]);
    expect((await staff.ok(PENDING, here())).patients.nodes).toEqual([]);
  });
});

describe('revoking a patient invitation', () => {
  it('removes the patient who only existed through it, as deleting does, and the link says withdrawn', async () => {
    const staff = await as('deployment_staff@home.org');
    const [revoked, kept] = await invite(staff, ['revoked@example.org', 'kept@example.org']);
    const smsId = await smsInvitation('+447700900456', 168);
    await api.drain();
    const token = tokenOf(linkIn(mailTo('revoked@example.org')[0]!));
    const { revokeInvitations } = await staff.ok(REVOKE, {
      ids: [revoked!.invitationId, smsId],
    });
    expect(revokeInvitations.map((r: any) => [r.ok, r.code])).toEqual([
      [true, null],
      [true, null],
    ]);
    const em = api.orm.em.fork();
    // No "pending" patient is left with nothing to resend: the list shows only the one still invited.
    expect(await em.count(PatientEntity, { email: 'revoked@example.org' })).toBe(0);
    expect(await em.count(PatientEntity, { mobile: '+447700900456' })).toBe(0);
    expect(
      (await staff.ok(PENDING, here())).patients.nodes.map((n: any) => n.invitation.id),
    ).toEqual([kept!.invitationId]);
    expect((await api.client().ok(PREVIEW, { token })).invitation.state).toBe('REVOKED');
    expect((await em.find(AuditEventEntity, { action: 'invitation.revoked' })).length).toBe(2);
    // Revoking again changes nothing; the person can be invited again.
    expect(
      (await staff.ok(REVOKE, { ids: [revoked!.invitationId] })).revokeInvitations[0].code,
    ).toBe('NOT_FOUND');
    const [again] = await invite(staff, ['revoked@example.org']);
    expect(again!.invitationId).toBeTruthy();
    expect(await em.fork().count(PatientEntity, { email: 'revoked@example.org' })).toBe(1);
  });
});

describe('automatic reminders by the invitation’s own channel', () => {
  it('texts an SMS invitation once in its last 24 hours, emails an email one, and skips deployments with reminders off', async () => {
    const staff = await as('deployment_staff@home.org');
    const smsId = await smsInvitation('+447700900123', 168);
    const [email] = await invite(staff, ['remind@example.org']);
    // Access Controllers manage patients across the organisation, the second deployment too.
    const [off] = await invite(
      await as('access_controller@home.org'),
      ['off@example.org'],
      168,
      world.home.second.id,
    );
    const em = api.orm.em.fork();
    const second = await em.findOneOrFail(DeploymentEntity, { id: world.home.second.id });
    second.settings = { ...second.settings, remindersEnabled: false };
    await em.flush();
    await api.drain();
    api.twilio.messages.length = 0;
    api.smtp.messages.length = 0;

    expect(await api.remind()).toBe(0);
    api.clock.advance(145 * HOUR);
    expect(await api.remind()).toBe(2);
    expect(await api.remind()).toBe(0);

    const deliveries = await api.orm.em
      .fork()
      .find(InvitationDeliveryEntity, { purpose: 'REMINDER' }, { populate: ['invitation'] });
    expect(deliveries.map((d) => [d.invitation.id, d.channel]).sort()).toEqual(
      [
        [smsId, 'SMS'],
        [email!.invitationId, 'EMAIL'],
      ].sort(),
    );
    expect(deliveries.some((d) => d.invitation.id === off!.invitationId)).toBe(false);

    await api.drain();
    expect(api.twilio.messages.map((m) => m.to)).toEqual(['+447700900123']);
    expect(mailTo('remind@example.org')).toHaveLength(1);
    expect(mailTo('remind@example.org')[0]!.subject).toMatch(/^Reminder/);
    expect(mailTo('off@example.org')).toHaveLength(0);
    const row = (await staff.ok(PENDING, here())).patients.nodes.find(
      (n: any) => n.invitation.id === smsId,
    ).invitation;
    expect(row).toMatchObject({
      channel: 'SMS',
      address: '+447700900123',
      remindedAt: expect.any(String),
      reminderDue: false,
    });
  });
});
