import { beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../test/factories.js';
import { useTestApi, type GraphQLClient, type TestApi } from '../../../test/harness.js';
import { linkIn } from '../../../test/smtp.js';
import { makeWorld } from '../../../test/world.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { InvitationDeliveryEntity } from '../delivery/index.js';
import { EventEntity } from '../event/index.js';
import { RoleEntity } from '../role/role.entity.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { results { address invitationId link } } }`;
const LIST = `query($o: ID!, $d: ID, $search: String) {
  staffInvitations(organisationId: $o, deploymentId: $d, search: $search) {
    nodes { id email deliveryStatus deliveryError sentCount viewerCan { resend revoke retryDelivery } } } }`;
const RETRY = `mutation($ids: [ID!]!) { retryInvitationDeliveries(invitationIds: $ids) { invitationId ok code message } }`;

const as = (email: string) => api.client().signIn(email, PASSWORD);
const mailTo = (address: string) => api.smtp.messages.filter((m) => m.to.includes(address));

/** Invites each address on its own (so each answer carries its link), 7 days to expiry. */
async function invite(client: GraphQLClient, emails: string[]) {
  const roleId = (await api.orm.em.fork().findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' }))
    .id;
  const out: { address: string; invitationId: string; link: string }[] = [];
  for (const email of emails) {
    const { results } = (
      await client.ok(INVITE, {
        input: {
          organisationId: world.home.organisation.id,
          deploymentId: world.home.first.id,
          emails: [email],
          roleId,
          expiryHours: 168,
        },
      })
    ).inviteStaff;
    out.push(results[0]);
  }
  return out;
}

/**
 * Drains with SMTP refusing the recipients (a permanent 550: FAILED at the first attempt) until
 * no delivery is waiting; two hours a round, well inside the 7-day expiry.
 */
async function failEverything() {
  api.smtp.failNext(1_000_000, { code: 550, message: '5.1.1 Mailbox unavailable' });
  for (let round = 0; round < 100; round++) {
    await api.drain();
    const [row] = await api.orm.em
      .getConnection()
      .execute<{ n: number }[]>(
        `select count(*)::int as n from invitation_delivery where status in ('QUEUED', 'RETRY', 'SENDING')`,
      );
    if (row?.n === 0) break;
    api.clock.advance(2 * 3_600_000);
  }
  api.smtp.failNext(0);
}

const listed = async (client: GraphQLClient, search: string) =>
  (await client.ok(LIST, { o: world.home.organisation.id, d: world.home.first.id, search }))
    .staffInvitations.nodes[0];

describe('retrying failed deliveries', () => {
  it('sends a failed message again with the link it carried, once, audited', async () => {
    const admin = await as('admin@home.org');
    const [invited] = await invite(admin, ['gone@example.org']);
    await failEverything();
    const before = await listed(admin, 'gone');
    expect(before).toMatchObject({
      deliveryStatus: 'FAILED',
      deliveryError: expect.any(String),
      viewerCan: { resend: true, revoke: true, retryDelivery: true },
    });
    const delivery = await api.orm.em
      .fork()
      .findOneOrFail(InvitationDeliveryEntity, { invitation: invited!.invitationId });
    expect(delivery.status).toBe('FAILED');

    expect(
      (await admin.ok(RETRY, { ids: [invited!.invitationId] })).retryInvitationDeliveries,
    ).toEqual([{ invitationId: invited!.invitationId, ok: true, code: null, message: null }]);
    expect(await listed(admin, 'gone')).toMatchObject({
      deliveryStatus: 'QUEUED',
      deliveryError: null,
      viewerCan: { retryDelivery: false },
    });
    // The same delivery, due now, with a whole retry schedule again.
    const requeued = await api.orm.em.fork().findOneOrFail(InvitationDeliveryEntity, delivery.id);
    expect(requeued).toMatchObject({ status: 'QUEUED', attempts: 0, error: null });
    expect(requeued.nextAttemptAt.getTime()).toBe(api.clock.now().getTime());

    expect(await api.drain()).toMatchObject({ sent: 1 });
    expect(mailTo('gone@example.org')).toHaveLength(1);
    // Not a new link: the one from the invitation works.
    expect(linkIn(mailTo('gone@example.org')[0]!)).toBe(invited!.link);
    expect(await listed(admin, 'gone')).toMatchObject({ deliveryStatus: 'SENT', sentCount: 1 });
    expect(
      await api.orm.em
        .fork()
        .count(InvitationDeliveryEntity, { invitation: invited!.invitationId }),
    ).toBe(1);

    const audits = await api.orm.em
      .fork()
      .find(AuditEventEntity, { action: 'invitation.delivery-retried' });
    expect(audits).toMatchObject([
      {
        targetId: invited!.invitationId,
        targetLabel: 'gone@example.org',
        actorEmail: 'admin@home.org',
      },
    ]);
    expect(
      await api.orm.em.fork().count(EventEntity, {
        type: 'invitation.delivery_retried',
        subjectId: invited!.invitationId,
      }),
    ).toBe(1);
  });

  it('answers per item: not failed, no link kept, not allowed, unknown', async () => {
    const admin = await as('admin@home.org');
    const [failed, tokenless] = await invite(admin, ['a@example.org', 'b@example.org']);
    await failEverything();
    // A failure from before FAILED deliveries kept their token: only a resend reaches it.
    await api.orm.em
      .getConnection()
      .execute('update invitation_delivery set sealed_token = null where invitation_id = ?', [
        tokenless!.invitationId,
      ]);
    const [fine] = await invite(admin, ['fine@example.org']);
    const unknown = '00000000-0000-4000-8000-000000000000';

    const staff = await as('deployment_staff@home.org');
    expect(
      (await staff.ok(RETRY, { ids: [failed!.invitationId] })).retryInvitationDeliveries[0].code,
    ).toBe('FORBIDDEN');
    const foreign = await as('admin@foreign.org');
    expect(
      (await foreign.ok(RETRY, { ids: [failed!.invitationId] })).retryInvitationDeliveries[0].code,
    ).toBe('NOT_FOUND');

    const ids = [failed!.invitationId, tokenless!.invitationId, fine!.invitationId, unknown];
    const results = (await admin.ok(RETRY, { ids })).retryInvitationDeliveries;
    expect(
      results.map((r: { invitationId: string; code: string | null }) => [r.invitationId, r.code]),
    ).toEqual([
      [failed!.invitationId, null],
      [tokenless!.invitationId, 'NO_TOKEN'],
      [fine!.invitationId, 'CONFLICT'],
      [unknown, 'NOT_FOUND'],
    ]);
    expect((await listed(admin, 'b@')).deliveryStatus).toBe('FAILED');

    // An expired one needs a resend (a new link and expiry).
    await api.drain();
    const [late] = await invite(admin, ['late@example.org']);
    await failEverything();
    api.clock.advance(8 * 24 * 3_600_000);
    expect(
      (await admin.ok(RETRY, { ids: [late!.invitationId] })).retryInvitationDeliveries[0].code,
    ).toBe('INVITATION_EXPIRED');
  });

  it('refuses more than 1000 ids at once', async () => {
    const admin = await as('admin@home.org');
    const ids = Array.from({ length: 1001 }, () => crypto.randomUUID());
    const result = await admin.request(RETRY, { ids });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
