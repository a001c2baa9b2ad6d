import { beforeEach, describe, expect, it } from 'vitest';
import { auditEventType, EVENT_ONLY_TYPES } from '@porter/shared';
import { PASSWORD } from '../../../test/factories.js';
import { useTestApi, type GraphQLClient, type TestApi } from '../../../test/harness.js';
import { linkIn, tokenOf } from '../../../test/smtp.js';
import { makeWorld } from '../../../test/world.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { audit } from '../audit/audit.service.js';
import { RoleEntity } from '../role/role.entity.js';
import { InvitationEntity } from '../invitation/invitation.entity.js';
import { EventEntity } from './event.entity.js';
import { appendEvents, eventPayload } from './event.writer.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { results { address invitationId } } }`;
const ACCEPT = `mutation($token: String!, $fullName: String, $password: String, $acceptTerms: Boolean) {
  acceptInvitation(token: $token, fullName: $fullName, password: $password, acceptTerms: $acceptTerms) { email } }`;
const RESEND = `mutation($ids: [ID!]!) { resendInvitations(invitationIds: $ids) { ok } }`;
const REVOKE = `mutation($ids: [ID!]!) { revokeInvitations(invitationIds: $ids) { ok } }`;
const EVENTS = `query($o: ID, $d: ID, $after: String, $types: [String!], $first: Int) {
  events(organisationId: $o, deploymentId: $d, after: $after, types: $types, first: $first) {
    nodes { id position type occurredAt organisationId deploymentId actorId subjectType subjectId payload }
    pageInfo { hasNextPage endCursor } } }`;

const as = (email: string) => api.client().signIn(email, PASSWORD);
const roleId = async (key: string) =>
  (await api.orm.em.fork().findOneOrFail(RoleEntity, { key })).id;

async function invite(client: GraphQLClient, emails: string[], deploymentId = world.home.first.id) {
  const input = {
    organisationId: world.home.organisation.id,
    deploymentId,
    emails,
    roleId: await roleId('DEPLOYMENT_STAFF'),
  };
  return (await client.ok(INVITE, { input })).inviteStaff.results as {
    address: string;
    invitationId: string;
  }[];
}

const stored = async () =>
  api.orm.em.fork().find(EventEntity, {}, { orderBy: { position: 'asc' } });

describe('the event stream', () => {
  it('writes one event per transition with its scope, actor, subject and a payload without the token', async () => {
    const admin = await as('admin@home.org');
    const [first, second] = await invite(admin, ['one@example.org', 'two@example.org']);
    await api.drain();
    const link = linkIn(api.smtp.messages.find((m) => m.to.includes('one@example.org'))!);
    await admin.ok(RESEND, { ids: [second!.invitationId] });
    await admin.ok(REVOKE, { ids: [second!.invitationId] });
    await api.client().ok(ACCEPT, {
      token: tokenOf(link),
      fullName: 'One',
      password: 'Str0ng-passw0rd!',
      acceptTerms: true,
    });

    const events = await stored();
    const types = events.map((e) => [e.type, e.subjectId]);
    const user = events.find((e) => e.type === 'membership.created')!;
    expect(types).toEqual([
      ['invitation.created', first!.invitationId],
      ['invitation.created', second!.invitationId],
      ['invitation.sent', first!.invitationId],
      ['invitation.sent', second!.invitationId],
      ['invitation.resent', second!.invitationId],
      ['invitation.revoked', second!.invitationId],
      ['invitation.accepted', first!.invitationId],
      ['membership.created', user.subjectId],
    ]);
    const created = events[0]!;
    expect(created).toMatchObject({
      organisationId: world.home.organisation.id,
      deploymentId: world.home.first.id,
      subjectType: 'Invitation',
    });
    expect(created.actorId).toBeTruthy();
    expect(created.payload).toMatchObject({
      label: 'one@example.org',
      after: { role: 'Deployment Staff' },
    });
    expect(user.payload).toMatchObject({ after: { role: 'Deployment Staff', via: 'invitation' } });
    // No event carries a token, a token hash or a sealed secret.
    const text = JSON.stringify(events.map((e) => e.payload));
    expect(text).not.toContain(tokenOf(link));
    expect(text).not.toMatch(/token|secret|password|hash|sealed/i);
  });

  it('has exactly one event for every audited change, and none for sign-ins', async () => {
    const admin = await as('admin@home.org');
    const [a] = await invite(admin, ['a@example.org', 'b@example.org']);
    await admin.ok(REVOKE, { ids: [a!.invitationId] });
    const em = api.orm.em.fork();
    const rows = await em.find(AuditEventEntity, {});
    const events = await em.find(EventEntity, {});
    const audited = rows.filter((r) => auditEventType(r.action as never));
    expect(rows.some((r) => r.action === 'sign-in.succeeded')).toBe(true);
    expect(audited.length).toBeGreaterThan(0);
    const key = (type: string, subject: string | null | undefined) => `${type} ${subject}`;
    expect(
      events
        .filter((e) => !(EVENT_ONLY_TYPES as readonly string[]).includes(e.type))
        .map((e) => key(e.type, e.subjectId))
        .sort(),
    ).toEqual(audited.map((r) => key(auditEventType(r.action as never)!, r.targetId)).sort());
  });

  it('commits nothing when the change rolls back', async () => {
    const em = api.orm.em.fork();
    await expect(
      em.transactional(async (tx) => {
        audit(tx, api.clock, {
          action: 'role.created',
          organisationId: world.home.organisation.id,
          target: { type: 'Role', id: world.home.organisation.id, label: 'Nobody' },
        });
        await tx.flush();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await stored()).toEqual([]);
    expect(await em.count(AuditEventEntity, { action: 'role.created' })).toBe(0);
  });

  it('gives a set-based write the payload eventPayload gives, and scrubs secrets from it', async () => {
    const org = world.home.organisation.id;
    const rows = [
      {
        subjectId: 's1',
        label: 'one@example.org',
        after: { role: null, n: 1, nested: { a: 'b' } },
      },
      { subjectId: 's2', label: null, after: null },
      {
        subjectId: 's3',
        label: 'three',
        after: { tokenHash: 'x', deep: [{ secret: 'y', ok: 2 }] },
      },
      { subjectId: 's4' },
    ];
    await api.orm.em.fork().transactional((tx) =>
      appendEvents(tx, {
        audit: { action: 'invitation.sent' },
        occurredAt: api.clock.now(),
        subjectType: 'Invitation',
        rows: rows.map((r) => ({ organisationId: org, deploymentId: null, ...r })),
      }),
    );
    const events = await stored();
    expect(events.map((e) => [e.subjectId, e.payload])).toEqual(
      rows.map((r) => [r.subjectId, eventPayload({ label: r.label, after: r.after })]),
    );
    expect(events[2]!.payload).toEqual({ label: 'three', after: { deep: [{ ok: 2 }] } });
    expect(events[0]!.payload).toEqual({
      label: 'one@example.org',
      after: { role: null, n: 1, nested: { a: 'b' } },
    });
    expect(events[1]!.payload).toEqual({});
  });

  it('refuses updates and deletes', async () => {
    const admin = await as('admin@home.org');
    await invite(admin, ['a@example.org']);
    const conn = api.orm.em.getConnection();
    await expect(conn.execute(`update event set type = 'x'`)).rejects.toThrow(/append-only/);
    await expect(conn.execute(`delete from event`)).rejects.toThrow(/append-only/);
  });
});

describe('Query.events', () => {
  it('reads the viewer’s scope in order, by type, page after page', async () => {
    const admin = await as('admin@home.org');
    const editor = await as('organisation_editor@home.org');
    await invite(admin, ['a@example.org', 'b@example.org', 'c@example.org']);
    await invite(
      await as('access_controller@home.org'),
      ['elsewhere@example.org'],
      world.home.second.id,
    );
    await api.drain();

    const o = world.home.organisation.id;
    const d = world.home.first.id;
    const page1 = (await admin.ok(EVENTS, { o, d, first: 2 })).events;
    expect(page1.nodes.map((n: any) => n.type)).toEqual([
      'invitation.created',
      'invitation.created',
    ]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await admin.ok(EVENTS, { o, d, after: page1.pageInfo.endCursor, first: 50 }))
      .events;
    const all = [...page1.nodes, ...page2.nodes];
    expect(all.map((n: any) => n.type)).toEqual([
      ...Array(3).fill('invitation.created'),
      ...Array(3).fill('invitation.sent'),
    ]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    // Positions increase; only the first deployment's events are in its stream.
    const positions = all.map((n: any) => BigInt(n.position));
    expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
    expect(new Set(all.map((n: any) => n.deploymentId))).toEqual(new Set([d]));
    expect(JSON.stringify(all)).not.toContain('elsewhere@example.org');

    // The organisation's stream has both deployments; the types filter keeps the order.
    const sent = (await editor.ok(EVENTS, { o, types: ['invitation.sent'] })).events.nodes;
    expect(sent.map((n: any) => n.payload.label ?? n.subjectId)).toHaveLength(4);
    expect(sent.every((n: any) => n.type === 'invitation.sent')).toBe(true);

    // Nothing after the last page, until something happens.
    const end = page2.pageInfo.endCursor;
    expect((await admin.ok(EVENTS, { o, d, after: end })).events.nodes).toEqual([]);
    await invite(admin, ['later@example.org']);
    expect(
      (await admin.ok(EVENTS, { o, d, after: end })).events.nodes.map((n: any) => n.payload.label),
    ).toEqual(['later@example.org']);
  });

  it('is FORBIDDEN without audit:view and NOT_FOUND in another tenant', async () => {
    const o = world.home.organisation.id;
    const staff = await as('deployment_staff@home.org');
    expect(await staff.code(EVENTS, { o, d: world.home.first.id })).toBe('FORBIDDEN');
    const admin = await as('admin@home.org');
    expect(await admin.code(EVENTS, { o })).toBe('FORBIDDEN');
    const foreign = await as('owner@foreign.org');
    expect(await foreign.code(EVENTS, { o })).toBe('NOT_FOUND');
    expect(await admin.code(EVENTS, { o, d: world.foreign.first.id })).toBe('NOT_FOUND');
  });

  it('refuses an unknown type or cursor', async () => {
    const admin = await as('admin@home.org');
    const vars = { o: world.home.organisation.id, d: world.home.first.id };
    expect(await admin.code(EVENTS, { ...vars, types: ['nope'] })).toBe('BAD_USER_INPUT');
    expect(await admin.code(EVENTS, { ...vars, after: 'garbage' })).toBe('BAD_USER_INPUT');
  });
});

const DASHBOARD = `query($o: ID, $d: ID) { adminDashboard(organisationId: $o, deploymentId: $d) {
  pendingInvitations { kind pending } weeks { weekStart sent accepted expired } } }`;
const LIST = `query($o: ID!, $d: ID, $status: InvitationStatus) {
  staffInvitations(organisationId: $o, deploymentId: $d, status: $status) { nodes { id email status viewerCan { resend revoke } } } }`;
const DAY = 24 * 3_600_000;

describe('the expiry job', () => {
  it('marks lapsed invitations EXPIRED with one event each, once, without moving the dashboard', async () => {
    const admin = await as('admin@home.org');
    const [a, b] = await invite(admin, ['a@example.org', 'b@example.org']);
    await api.drain();
    expect(await api.expire()).toBe(0);
    api.clock.advance(30 * DAY);
    const reader = await as('admin@home.org');
    const vars = { o: world.home.organisation.id, d: world.home.first.id };
    const before = (await reader.ok(DASHBOARD, vars)).adminDashboard;
    const listed = (await reader.ok(LIST, { ...vars, status: 'EXPIRED' })).staffInvitations.nodes;

    // Two workers at once, then again: each invitation expires once.
    const runs = await Promise.all([api.expire(), api.expire()]);
    expect(runs[0] + runs[1]).toBe(2);
    expect(await api.expire()).toBe(0);
    const em = api.orm.em.fork();
    expect(
      (await em.find(InvitationEntity, { id: { $in: [a!.invitationId, b!.invitationId] } })).map(
        (i) => i.status,
      ),
    ).toEqual(['EXPIRED', 'EXPIRED']);
    const expired = (await stored()).filter((e) => e.type === 'invitation.expired');
    expect(expired.map((e) => e.subjectId).sort()).toEqual(
      [a!.invitationId, b!.invitationId].sort(),
    );
    expect(expired[0]).toMatchObject({
      actorId: null,
      organisationId: world.home.organisation.id,
      deploymentId: world.home.first.id,
      subjectType: 'Invitation',
      payload: { after: { kind: 'STAFF', channel: 'EMAIL' } },
    });

    // Nothing a person sees changed: the dashboard counts them once, the list shows them expired.
    expect((await reader.ok(DASHBOARD, vars)).adminDashboard).toEqual(before);
    expect(before.weeks.reduce((n: number, w: any) => n + w.expired, 0)).toBe(2);
    expect((await reader.ok(LIST, { ...vars, status: 'EXPIRED' })).staffInvitations.nodes).toEqual(
      listed,
    );
    expect(listed.map((n: any) => n.status)).toEqual(['EXPIRED', 'EXPIRED']);
    expect((await reader.ok(LIST, { ...vars, status: 'PENDING' })).staffInvitations.nodes).toEqual(
      [],
    );

    // Inviting the address again says it is already invited; a resend makes it pending again.
    const again = await invite(reader, ['a@example.org']);
    expect(again[0]!.invitationId).toBe(a!.invitationId);
    await reader.ok(RESEND, { ids: [a!.invitationId] });
    expect((await reader.ok(LIST, { ...vars, status: 'PENDING' })).staffInvitations.nodes).toEqual([
      expect.objectContaining({ id: a!.invitationId, status: 'PENDING' }),
    ]);
    expect(await api.expire()).toBe(0);
    await reader.ok(REVOKE, { ids: [b!.invitationId] });
    expect((await em.fork().findOneOrFail(InvitationEntity, b!.invitationId)).status).toBe(
      'REVOKED',
    );
  });
});

describe('events of the set-based and provider paths', () => {
  const PATIENTS = `mutation($input: InvitePatientsInput!) { invitePatientsByEmail(input: $input) { results { address invitationId } } }`;
  const SMS = `mutation($input: PatientSmsInput!) { invitePatientBySms(input: $input) { results { invitationId } } }`;
  const byType = async (type: string) => (await stored()).filter((e) => e.type === type);

  it('patient invitations by email, reminders and a failed delivery', async () => {
    const staff = await as('deployment_staff@home.org');
    const input = {
      organisationId: world.home.organisation.id,
      deploymentId: world.home.first.id,
      emails: ['p1@example.org', 'p2@example.org'],
      expiryHours: 48,
    };
    const results = (await staff.ok(PATIENTS, { input })).invitePatientsByEmail.results;
    const created = await byType('invitation.created');
    expect(created.map((e) => [e.subjectId, e.payload])).toEqual(
      results.map((r: any) => [
        r.invitationId,
        { label: r.address, after: expect.objectContaining({ kind: 'PATIENT', channel: 'EMAIL' }) },
      ]),
    );
    await api.drain();
    api.clock.advance(25 * 3_600_000);
    expect(await api.remind()).toBe(2);
    const reminded = await byType('invitation.reminded');
    expect(reminded.map((e) => e.subjectId).sort()).toEqual(
      results.map((r: any) => r.invitationId).sort(),
    );
    expect(reminded[0]).toMatchObject({ actorId: null, payload: { label: expect.any(String) } });
    // Both reminders are refused for good: one invitation.delivery_failed each, no invitation.sent.
    api.smtp.failNext(2, { code: 550, message: '5.1.1 user unknown' });
    await api.drain();
    const sent = await byType('invitation.sent');
    expect(sent.map((e) => e.payload['after'])).toEqual([
      { purpose: 'INVITATION', channel: 'EMAIL', attempt: 1, provider: expect.any(String) },
      { purpose: 'INVITATION', channel: 'EMAIL', attempt: 1, provider: expect.any(String) },
    ]);
    const failed = await byType('invitation.delivery_failed');
    expect(failed).toHaveLength(2);
    expect(failed[0]!.payload['after']).toMatchObject({
      purpose: 'REMINDER',
      attempt: 1,
      error: 'The mail server refused this address (550 5.1.1 user unknown)',
    });
  });

  it('an SMS: sent, then Twilio’s final word once', async () => {
    const staff = await as('deployment_staff@home.org');
    const input = {
      organisationId: world.home.organisation.id,
      deploymentId: world.home.first.id,
      firstName: 'Sam',
      lastName: 'Smith',
      mobile: '07911 123456',
    };
    const [{ invitationId }] = (await staff.ok(SMS, { input })).invitePatientBySms.results;
    await api.drain();
    const sms = api.twilio.messages.at(-1)!;
    expect(await api.twilio.callback(sms, 'sent')).toBe(204);
    expect(await api.twilio.callback(sms, 'delivered')).toBe(204);
    expect(await api.twilio.callback(sms, 'delivered')).toBe(204);
    const events = (await stored()).filter((e) => e.subjectId === invitationId);
    expect(events.map((e) => e.type)).toEqual([
      'invitation.created',
      'invitation.sent',
      'invitation.delivered',
    ]);
    expect(events[2]!.payload).toMatchObject({
      label: '+447911123456',
      after: { channel: 'SMS', provider: 'twilio', providerStatus: 'delivered' },
    });
    const token = /\/invitations\/([A-Za-z0-9_-]+)/.exec(sms.body)![1]!;
    expect(JSON.stringify(events)).not.toContain(token);

    // Accepting: the event is about the invitation, the patient in its payload.
    await api.client().ok(
      `mutation($token: String!, $firstName: String, $lastName: String, $acceptTerms: Boolean) {
        acceptInvitation(token: $token, firstName: $firstName, lastName: $lastName, acceptTerms: $acceptTerms) { id } }`,
      { token, firstName: 'Sam', lastName: 'Smith', acceptTerms: true },
    );
    const [accepted] = await byType('invitation.accepted');
    expect(accepted).toMatchObject({
      subjectType: 'Invitation',
      subjectId: invitationId,
      payload: { after: { channel: 'SMS', patientId: expect.any(String) } },
    });
  });
});
