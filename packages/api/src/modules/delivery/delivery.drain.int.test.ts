import { beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../test/factories.js';
import { useTestApi, type TestApi } from '../../../test/harness.js';
import { linkIn, tokenOf } from '../../../test/smtp.js';
import { makeWorld } from '../../../test/world.js';
import { EventEntity } from '../event/index.js';
import { RoleEntity } from '../role/index.js';
import { drainDeliveries } from './delivery.drain.js';
import { DeliveryAttemptEntity, InvitationDeliveryEntity } from './delivery.entity.js';
import { drainDeps } from './delivery.jobs.js';
import type { DeliveryOutcome, DeliveryTarget, ProviderReport } from './delivery.target.js';
import { applySmsStatus } from './sms-status.service.js';

const testApi = useTestApi();
let api: TestApi;
let world: Awaited<ReturnType<typeof makeWorld>>;
beforeEach(async () => {
  api = testApi();
  world = await makeWorld(api.orm.em.fork());
});

const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { results { invitationId link } } }`;
const REVOKE = `mutation($ids: [ID!]!) { revokeInvitations(invitationIds: $ids) { ok } }`;

/** Invites staff by email as the home Admin; the deliveries are queued, nothing is sent yet. */
async function invite(emails: string[]) {
  const admin = await api.client().signIn('admin@home.org', PASSWORD);
  const roleId = (await api.orm.em.fork().findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' }))
    .id;
  const { results } = (
    await admin.ok(INVITE, {
      input: {
        organisationId: world.home.organisation.id,
        deploymentId: world.home.first.id,
        emails,
        roleId,
      },
    })
  ).inviteStaff as { results: { invitationId: string; link: string }[] };
  return { admin, results };
}

const invitationRow = async (id: string) =>
  (
    await api.orm.em
      .getConnection()
      .execute<Record<string, unknown>[]>('select * from invitation where id = ?', [id])
  )[0];

/** A target that reads each delivery's address, sends to the addresses it is told, and records. */
function recordingTarget(send: (address: string) => boolean, settle?: () => Promise<void>) {
  const settled: DeliveryOutcome<{ address: string }>[][] = [];
  const reports: ProviderReport[] = [];
  const target: DeliveryTarget<{ address: string }> = {
    claimSql: 'select i.address from invitation i where i.id = l.invitation_id',
    prepare: (_delivery, row) =>
      row && send(row.address)
        ? {
            kind: 'STAFF',
            to: row.address,
            expiresAt: new Date(Date.now() + 3_600_000),
            organisationName: 'Test',
            deploymentName: null,
            roleName: null,
            inviterName: null,
            inviterEmail: null,
            firstName: null,
          }
        : null,
    async settle(_tx, outcomes) {
      settled.push([...outcomes]);
      await settle?.();
    },
    reported(_tx, report) {
      reports.push(report);
      return Promise.resolve();
    },
  };
  return { target, settled, reports };
}

describe('the drain and its target', () => {
  it('skips a delivery whose invitation was revoked, and leaves the invitation row untouched', async () => {
    const { admin, results } = await invite(['revoked@example.org']);
    const id = results[0]!.invitationId;
    expect((await admin.ok(REVOKE, { ids: [id] })).revokeInvitations).toEqual([{ ok: true }]);
    const before = await invitationRow(id);

    expect(await api.drain()).toEqual({ sent: 0, skipped: 1, retried: 0, failed: 0 });

    expect(api.smtp.messages).toHaveLength(0);
    expect(await invitationRow(id)).toEqual(before);
    const delivery = await api.orm.em
      .fork()
      .findOneOrFail(InvitationDeliveryEntity, { invitation: id });
    expect(delivery).toMatchObject({ status: 'SKIPPED', attempts: 1, sealedToken: null });
    const attempts = await api.orm.em.fork().find(DeliveryAttemptEntity, { delivery: delivery.id });
    expect(attempts.map((a) => [a.attempt, a.outcome, a.provider])).toEqual([
      [1, 'SKIPPED', 'smtp'],
    ]);
    expect(
      await api.orm.em
        .fork()
        .count(EventEntity, { type: { $in: ['invitation.sent', 'invitation.delivery_failed'] } }),
    ).toBe(0);
  });

  it('asks the target what to send, and hands it every outcome with its row and token', async () => {
    await invite(['yes@example.org', 'no@example.org']);
    const { target, settled } = recordingTarget((address) => address === 'yes@example.org');

    expect(await drainDeliveries({ ...drainDeps(api.jobContext), target })).toEqual({
      sent: 1,
      skipped: 1,
      retried: 0,
      failed: 0,
    });

    expect(api.smtp.messages.map((m) => m.to)).toEqual([['yes@example.org']]);
    // One batch, recorded in one settle.
    expect(settled).toHaveLength(1);
    const byAddress = new Map(settled[0]!.map((o) => [o.row?.address, o]));
    const sent = byAddress.get('yes@example.org')!;
    expect(sent).toMatchObject({
      outcome: 'SENT',
      provider: 'smtp',
      providerId: expect.stringMatching(/@/),
      delivery: { purpose: 'INVITATION', channel: 'EMAIL', attempt: 1 },
    });
    // The token the message carried, as the target gets it.
    expect(sent.token).toBe(tokenOf(linkIn(api.smtp.messages[0]!)));
    expect(byAddress.get('no@example.org')).toMatchObject({ outcome: 'SKIPPED' });
  });

  it('keeps nothing of a batch whose target fails to record, and sends it again after the lease', async () => {
    await invite(['again@example.org']);
    const failing = recordingTarget(
      () => true,
      () => Promise.reject(new Error('target down')),
    );
    await expect(
      drainDeliveries({ ...drainDeps(api.jobContext), target: failing.target }),
    ).rejects.toThrow('target down');
    const delivery = await api.orm.em
      .fork()
      .findOneOrFail(InvitationDeliveryEntity, { purpose: 'INVITATION' });
    // Leased, not recorded: still queued, without an attempt row.
    expect(delivery).toMatchObject({ status: 'QUEUED', attempts: 1, provider: null });
    expect(await api.orm.em.fork().count(DeliveryAttemptEntity, {})).toBe(0);

    // The lease holds it until it runs out; then the invitation's own target records it.
    expect(await api.drain()).toMatchObject({ sent: 0, skipped: 0 });
    api.clock.advance(5 * 60_000 + 1_000);
    expect(await api.drain()).toMatchObject({ sent: 1 });
    expect(api.smtp.messages.map((m) => m.to)).toEqual([
      ['again@example.org'],
      ['again@example.org'],
    ]);
  });

  it('keeps the provider’s latest word on the delivery and tells the target what it means', async () => {
    const { results } = await invite(['texted@example.org']);
    const id = results[0]!.invitationId;
    const em = api.orm.em.fork();
    const delivery = await em.findOneOrFail(InvitationDeliveryEntity, { invitation: id });
    // As if the worker had handed it to Twilio.
    await em
      .getConnection()
      .execute(
        `update invitation_delivery set provider = 'twilio', provider_id = 'SM1' where id = ?`,
        [delivery.id],
      );
    const { target, reports } = recordingTarget(() => true);
    const report = (status: string, code: string | null = null) =>
      api.orm.em
        .fork()
        .transactional((tx) => applySmsStatus(tx, target, 'SM1', status, code, new Date()));

    expect(await report('queued')).toBe(true);
    expect(await report('undelivered', '30003')).toBe(true);
    expect(await report('sent')).toBe(true); // late: the final word stays
    expect(await report('failed')).toBe(true); // repeated final: not the first
    expect(
      await api.orm.em
        .fork()
        .transactional((tx) => applySmsStatus(tx, target, 'SM-none', 'sent', null, new Date())),
    ).toBe(false);

    expect(reports.map((r) => [r.providerStatus, r.state, r.firstFinal, r.error])).toEqual([
      ['queued', null, false, null],
      ['undelivered', 'FAILED', true, 'Twilio: undelivered (error 30003)'],
      ['undelivered', null, false, null],
      ['failed', 'FAILED', false, 'Twilio: failed'],
    ]);
    expect(reports[0]).toMatchObject({
      deliveryId: delivery.id,
      invitationId: id,
      provider: 'twilio',
    });
    expect(
      (await api.orm.em.fork().findOneOrFail(InvitationDeliveryEntity, { id: delivery.id }))
        .providerStatus,
    ).toBe('failed');
  });
});
