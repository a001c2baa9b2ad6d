import { beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../test/factories.js';
import { TEST_APP_URL, useTestApi, type TestApi } from '../../../test/harness.js';
import type { FakeSms } from '../../../test/twilio.js';
import { makeWorld } from '../../../test/world.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { DeploymentEntity } from '../deployment/deployment.entity.js';
import { InvitationDeliveryEntity } from '../delivery/index.js';
import { InvitationEntity } from '../invitation/invitation.entity.js';
import { UserEntity } from '../user/user.entity.js';
import { PatientEntity } from './patient.entity.js';
import { EarlySmsStatusEntity } from '../delivery/index.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

const PREVIEW = `query($input: PatientSmsInput!) { previewPatientSms(input: $input) { to toDisplay text characters segments } }`;
const INVITE = `mutation($input: PatientSmsInput!) { invitePatientBySms(input: $input) { invitedCount results { address outcome invitationId message link } } }`;
const LINK_PREVIEW = `query($token: String!) { invitation(token: $token) { state kind channel email firstName lastName passwordRequired accountExists deploymentName } }`;
const ACCEPT = `mutation($token: String!, $firstName: String, $lastName: String, $acceptTerms: Boolean) {
  acceptInvitation(token: $token, firstName: $firstName, lastName: $lastName, acceptTerms: $acceptTerms) { id email mobile fullName } }`;

const as = (email: string) => api.client().signIn(email, PASSWORD);
const input = (extra: Record<string, unknown> = {}) => ({
  organisationId: world.home.organisation.id,
  deploymentId: world.home.first.id,
  firstName: 'Sam',
  lastName: 'Smith',
  mobile: '07911 123456',
  ...extra,
});
const tokenIn = (sms: FakeSms) => /\/invitations\/([A-Za-z0-9_-]+)/.exec(sms.body)![1]!;
const invitationOf = (id: string) => api.orm.em.fork().findOneOrFail(InvitationEntity, { id });

/** Invites Sam by SMS as Deployment Staff and sends it; returns the invitation id and the message Twilio got. */
async function invited(extra: Record<string, unknown> = {}) {
  const { invitePatientBySms } = await (
    await as('deployment_staff@home.org')
  ).ok(INVITE, { input: input(extra) });
  expect(invitePatientBySms.results[0].outcome).toBe('INVITED');
  expect(await api.drain()).toMatchObject({ sent: 1 });
  return {
    id: invitePatientBySms.results[0].invitationId as string,
    sms: api.twilio.messages.at(-1)!,
  };
}

describe('SMS invitation preview', () => {
  it('shows the number and exactly the text that will be sent, the token hidden', async () => {
    const staff = await as('deployment_staff@home.org');
    const { previewPatientSms } = await staff.ok(PREVIEW, {
      input: input({ mobile: '07911 123456', expiryHours: 48 }),
    });
    expect(previewPatientSms).toMatchObject({ to: '+447911123456', toDisplay: '+44 7911 123456' });
    expect(previewPatientSms.text).toContain(
      `Hi Sam, ${world.home.organisation.name} invited you to join First deployment.`,
    );
    expect(previewPatientSms.text).toContain(`${TEST_APP_URL}/invitations/…`);
    expect(previewPatientSms.segments).toBeGreaterThanOrEqual(1);
    expect(api.twilio.messages).toHaveLength(0);

    // The message sent is the preview with the real token, and the counts were for it.
    const { sms } = await invited({ expiryHours: 48 });
    expect(sms.body).toBe(previewPatientSms.text.replace('…', tokenIn(sms)));
    expect(sms.body.length).toBe(previewPatientSms.characters);
  });

  it('refuses a number that is not a mobile, and missing names', async () => {
    const staff = await as('deployment_staff@home.org');
    for (const mobile of ['12345', '020 7946 0018', 'not a number']) {
      const result = await staff.request(PREVIEW, { input: input({ mobile }) });
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID_PHONE',
        details: { field: 'mobile' },
      });
    }
    expect(
      (await staff.request(INVITE, { input: input({ mobile: '12345' }) })).errors?.[0]?.extensions
        ?.code,
    ).toBe('INVALID_PHONE');
    expect(
      (await staff.request(PREVIEW, { input: input({ firstName: '  ' }) })).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'firstName' } });
    expect(
      (await staff.request(PREVIEW, { input: input({ lastName: 'x'.repeat(101) }) })).errors?.[0]
        ?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
    expect(await staff.code(PREVIEW, { input: input({ expiryHours: 72 }) })).toBe('BAD_USER_INPUT');
  });

  it('reads national numbers in the deployment’s own default country when it sets one', async () => {
    const em = api.orm.em.fork();
    const deployment = await em.findOneOrFail(DeploymentEntity, { id: world.home.first.id });
    deployment.settings = { ...deployment.settings, smsDefaultCountry: 'FR' };
    await em.flush();
    const { previewPatientSms } = await (
      await as('deployment_staff@home.org')
    ).ok(PREVIEW, { input: input({ mobile: '06 12 34 56 78' }) });
    expect(previewPatientSms).toMatchObject({ to: '+33612345678', toDisplay: '+33 6 12 34 56 78' });
  });

  it('needs patient:manage here, and answers NOT_FOUND to other organisations', async () => {
    for (const query of [PREVIEW, INVITE]) {
      expect(await (await as('contributor@home.org')).code(query, { input: input() })).toBe(
        'FORBIDDEN',
      );
      expect(await (await as('owner@foreign.org')).code(query, { input: input() })).toBe(
        'NOT_FOUND',
      );
      expect(
        await (
          await as('admin@home.org')
        ).code(query, { input: input({ deploymentId: world.home.second.id }) }),
      ).toBe('NOT_FOUND');
    }
    expect(await api.orm.em.fork().count(PatientEntity, {})).toBe(0);
  });
});

describe('sending through Twilio', () => {
  it('creates the patient and invitation, and the SDK posts To, From, Body and Basic auth to Twilio', async () => {
    const { id, sms } = await invited();
    expect(sms).toMatchObject({
      accountSid: api.twilio.accountSid,
      to: '+447911123456',
      from: api.twilio.from,
    });
    expect(sms.authorization).toBe(
      `Basic ${Buffer.from(`${api.twilio.accountSid}:${api.twilio.authToken}`).toString('base64')}`,
    );
    expect(sms.statusCallback).toBe(`${api.http.deps.env.publicUrl}/webhooks/twilio/status`);
    expect(sms.body).toMatch(/^Hi Sam, /);

    const em = api.orm.em.fork();
    const invitation = await em.findOneOrFail(InvitationEntity, { id }, { populate: ['patient'] });
    expect(invitation).toMatchObject({
      kind: 'PATIENT',
      channel: 'SMS',
      address: '+447911123456',
      deliveryStatus: 'SENT',
      sentCount: 1,
      expiryHours: 168,
    });
    expect(invitation.patient).toMatchObject({
      status: 'INVITED',
      channel: 'SMS',
      firstName: 'Sam',
      lastName: 'Smith',
      mobile: '+447911123456',
      email: null,
    });
    const delivery = await em.findOneOrFail(InvitationDeliveryEntity, { invitation: id });
    expect(delivery).toMatchObject({
      channel: 'SMS',
      status: 'SENT',
      provider: 'twilio',
      providerId: sms.sid,
    });
    const sent = await em.findOneOrFail(AuditEventEntity, {
      action: 'invitation.sent',
      targetId: id,
    });
    expect(sent.after).toMatchObject({ kind: 'PATIENT', channel: 'SMS' });
  });

  it('answers ALREADY_PENDING for the same mobile here, and ALREADY_MEMBER once they joined', async () => {
    const { sms } = await invited();
    const staff = await as('deployment_staff@home.org');
    const again = (
      await staff.ok(INVITE, { input: input({ mobile: '+44 7911 123456', firstName: 'Other' }) })
    ).invitePatientBySms;
    expect(again).toMatchObject({
      invitedCount: 0,
      results: [{ address: '+447911123456', outcome: 'ALREADY_PENDING' }],
    });
    expect(again.results[0].invitationId).toBeTruthy();
    await api.client().ok(ACCEPT, { token: tokenIn(sms), acceptTerms: true });
    expect((await staff.ok(INVITE, { input: input() })).invitePatientBySms.results[0].outcome).toBe(
      'ALREADY_MEMBER',
    );
    // Another deployment is another story.
    expect(
      (
        await (
          await as('organisation_owner@home.org')
        ).ok(INVITE, { input: input({ deploymentId: world.home.second.id }) })
      ).invitePatientBySms.results[0].outcome,
    ).toBe('INVITED');
  });

  it('retries when Twilio refuses, then sends', async () => {
    api.twilio.failNext(1);
    const { invitePatientBySms } = await (
      await as('deployment_staff@home.org')
    ).ok(INVITE, { input: input() });
    expect(await api.drain()).toMatchObject({ sent: 0, retried: 1 });
    expect(api.twilio.messages).toHaveLength(0);
    expect((await invitationOf(invitePatientBySms.results[0].invitationId)).deliveryStatus).toBe(
      'QUEUED',
    );
    api.clock.advance(31_000);
    expect(await api.drain()).toMatchObject({ sent: 1 });
    expect(api.twilio.messages).toHaveLength(1);
    expect((await invitationOf(invitePatientBySms.results[0].invitationId)).deliveryStatus).toBe(
      'SENT',
    );
  });
});

describe('Twilio refusals', () => {
  it('fails at once when Twilio says the number is not valid, saying so in words', async () => {
    api.twilio.failNext(1, {
      status: 400,
      code: 21211,
      message: "The 'To' number +447911123456 is not a valid phone number.",
    });
    const { invitePatientBySms } = await (
      await as('deployment_staff@home.org')
    ).ok(INVITE, { input: input() });
    expect(await api.drain()).toMatchObject({ sent: 0, retried: 0, failed: 1 });
    expect(await invitationOf(invitePatientBySms.results[0].invitationId)).toMatchObject({
      deliveryStatus: 'FAILED',
      deliveryError: 'Twilio: not a valid mobile number (21211)',
    });
    api.clock.advance(3_600_000);
    expect(await api.drain()).toMatchObject({ sent: 0, retried: 0, failed: 0 });
    expect(api.twilio.messages).toHaveLength(0);
  });

  it('waits as long as Twilio’s Retry-After says when it rate-limits', async () => {
    api.twilio.failNext(1, {
      status: 429,
      code: 20429,
      message: 'Too Many Requests',
      retryAfter: 120,
    });
    await (await as('deployment_staff@home.org')).ok(INVITE, { input: input() });
    expect(await api.drain()).toMatchObject({ sent: 0, retried: 1 });
    const [delivery] = await api.orm.em.fork().find(InvitationDeliveryEntity, {});
    expect(delivery).toMatchObject({ status: 'RETRY', errorCode: '20429', failure: 'TRANSIENT' });
    expect(delivery!.nextAttemptAt.getTime() - api.clock.now().getTime()).toBeGreaterThanOrEqual(
      120_000,
    );
    api.clock.advance(60_000);
    expect(await api.drain()).toMatchObject({ sent: 0, retried: 0 });
    api.clock.advance(61_000);
    expect(await api.drain()).toMatchObject({ sent: 1 });
  });
});

describe('Twilio status callbacks', () => {
  it('marks the invitation delivered, and a late “sent” does not undo it', async () => {
    const { id, sms } = await invited();
    expect(await api.twilio.callback(sms, 'delivered')).toBe(204);
    expect((await invitationOf(id)).deliveryStatus).toBe('DELIVERED');
    expect(await api.twilio.callback(sms, 'sent')).toBe(204);
    expect((await invitationOf(id)).deliveryStatus).toBe('DELIVERED');
    const delivery = await api.orm.em
      .fork()
      .findOneOrFail(InvitationDeliveryEntity, { invitation: id });
    expect(delivery.providerStatus).toBe('delivered');
  });

  it('records a failure with Twilio’s error code', async () => {
    const { id, sms } = await invited();
    expect(await api.twilio.callback(sms, 'sent')).toBe(204);
    expect((await invitationOf(id)).deliveryStatus).toBe('SENT');
    expect(await api.twilio.callback(sms, 'undelivered', { errorCode: '30005' })).toBe(204);
    expect(await invitationOf(id)).toMatchObject({
      deliveryStatus: 'FAILED',
      deliveryError: 'Twilio: undelivered (error 30005)',
    });
  });

  it('keeps a report that arrives before the worker recorded the message, and applies it once it has', async () => {
    api.twilio.reportBeforeAnswering = 'delivered';
    const { id, sms } = await invited();
    // Twilio reported while the worker was still waiting for Twilio's answer; the worker applied it after recording the SID.
    expect((await invitationOf(id)).deliveryStatus).toBe('DELIVERED');
    const delivery = await api.orm.em
      .fork()
      .findOneOrFail(InvitationDeliveryEntity, { invitation: id });
    expect(delivery).toMatchObject({ providerId: sms.sid, providerStatus: 'delivered' });
    expect(await api.orm.em.fork().count(EarlySmsStatusEntity, {})).toBe(0);
    // A report for a message nobody sent is kept for a day, then dropped by the next sweep.
    api.twilio.reportBeforeAnswering = null;
    expect(
      await api.twilio.callback({ ...sms, sid: 'SM11111111111111111111111111111111' }, 'delivered'),
    ).toBe(204);
    expect(await api.orm.em.fork().count(EarlySmsStatusEntity, {})).toBe(1);
    api.clock.advance(25 * 3_600_000);
    await api.drain();
    expect(await api.orm.em.fork().count(EarlySmsStatusEntity, {})).toBe(0);
  });

  it('refuses a forged signature with 403 and changes nothing; ignores unknown messages', async () => {
    const { id, sms } = await invited();
    expect(await api.twilio.callback(sms, 'failed', { signWith: 'not-the-auth-token' })).toBe(403);
    expect((await invitationOf(id)).deliveryStatus).toBe('SENT');
    expect(
      (await api.orm.em.fork().findOneOrFail(InvitationDeliveryEntity, { invitation: id }))
        .providerStatus,
    ).toBeNull();
    expect(
      await api.twilio.callback({ ...sms, sid: 'SM00000000000000000000000000000000' }, 'delivered'),
    ).toBe(204);
    expect((await invitationOf(id)).deliveryStatus).toBe('SENT');
  });
});

describe('accepting an SMS invitation', () => {
  it('follows the link from the text: names and terms, no password, signed in, an active patient without email', async () => {
    const { id, sms } = await invited();
    const token = tokenIn(sms);
    const patient = api.client();
    const { invitation } = await patient.ok(LINK_PREVIEW, { token });
    expect(invitation).toEqual({
      state: 'PENDING',
      kind: 'PATIENT',
      channel: 'SMS',
      email: null,
      firstName: 'Sam',
      lastName: 'Smith',
      passwordRequired: false,
      accountExists: false,
      deploymentName: 'First deployment',
    });
    expect(await patient.code(ACCEPT, { token, firstName: 'Sam' })).toBe('TERMS_NOT_ACCEPTED');
    const { acceptInvitation } = await patient.ok(ACCEPT, {
      token,
      firstName: 'Samuel',
      lastName: 'Smith',
      acceptTerms: true,
    });
    expect(acceptInvitation).toMatchObject({
      email: null,
      mobile: '+447911123456',
      fullName: 'Samuel Smith',
    });
    expect((await patient.ok(`{ viewer { id mobile } }`)).viewer).toEqual({
      id: acceptInvitation.id,
      mobile: '+447911123456',
    });

    const em = api.orm.em.fork();
    const user = await em.findOneOrFail(UserEntity, { id: acceptInvitation.id });
    expect(user).toMatchObject({ email: null, mobile: '+447911123456', passwordHash: null });
    const accepted = await em.findOneOrFail(InvitationEntity, { id }, { populate: ['patient'] });
    expect(accepted.status).toBe('ACCEPTED');
    expect(accepted.patient).toMatchObject({
      status: 'ACTIVE',
      firstName: 'Samuel',
      lastName: 'Smith',
    });
    expect(accepted.patient!.user!.id).toBe(user.id);
    expect((await patient.ok(LINK_PREVIEW, { token })).invitation).toMatchObject({
      state: 'ACCEPTED',
      firstName: null,
    });
  });

  it('sends an existing account to sign in, and joins a signed-in viewer with that mobile at once', async () => {
    const first = await invited();
    const patient = api.client();
    await patient.ok(ACCEPT, { token: tokenIn(first.sms), acceptTerms: true });
    // A second deployment invites the same mobile.
    const { invitePatientBySms } = await (
      await as('organisation_owner@home.org')
    ).ok(INVITE, { input: input({ deploymentId: world.home.second.id }) });
    await api.drain();
    const second = api.twilio.messages.at(-1)!;
    expect(
      (await api.client().ok(LINK_PREVIEW, { token: tokenIn(second) })).invitation.accountExists,
    ).toBe(true);
    expect(await api.client().code(ACCEPT, { token: tokenIn(second), acceptTerms: true })).toBe(
      'SIGN_IN_REQUIRED',
    );
    expect(
      await (
        await as('staff@foreign.org')
      ).code(ACCEPT, { token: tokenIn(second), acceptTerms: true }),
    ).toBe('INVITATION_WRONG_ACCOUNT');
    await patient.ok(ACCEPT, { token: tokenIn(second) });
    expect((await invitationOf(invitePatientBySms.results[0].invitationId)).status).toBe(
      'ACCEPTED',
    );
  });
});
