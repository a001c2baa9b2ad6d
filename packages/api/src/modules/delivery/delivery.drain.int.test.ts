import { createServer, type AddressInfo, type Socket } from 'node:net';
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
import { smtpMailer } from '../../infra/mail/mailer.js';
import type { MessageSender } from './message.js';
import { mailSender } from './senders.js';
import { metrics } from '../../common/metrics.js';
import type { Counter } from 'prom-client';

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

/** A counter's total over its labels. */
const counted = async (counter: Counter<string>) =>
  (await counter.get()).values.reduce((sum, v) => sum + v.value, 0);

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
    // Each outcome recorded on its own, as soon as its send returns.
    expect(settled.map((batch) => batch.length)).toEqual([1, 1]);
    const byAddress = new Map(settled.flat().map((o) => [o.row?.address, o]));
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

  it('keeps nothing of a send whose target fails to record, and sends it again after the lease, counted', async () => {
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
    // Claimed (SENDING, leased), not recorded: without an attempt row.
    expect(delivery).toMatchObject({ status: 'SENDING', attempts: 1, provider: null });
    expect(await api.orm.em.fork().count(DeliveryAttemptEntity, {})).toBe(0);

    // The lease holds it until it runs out; then it is sent again (nothing lost) and the possible
    // duplicate is counted, logged and kept on the attempt; the invitation's own target records it.
    const expiries = await counted(metrics.leaseExpiries);
    const duplicates = await counted(metrics.duplicates);
    expect(await api.drain()).toMatchObject({ sent: 0, skipped: 0 });
    api.clock.advance(5 * 60_000 + 1_000);
    expect(await api.drain()).toMatchObject({ sent: 1 });
    expect(api.smtp.messages.map((m) => m.to)).toEqual([
      ['again@example.org'],
      ['again@example.org'],
    ]);
    expect(await counted(metrics.leaseExpiries)).toBe(expiries + 1);
    expect(await counted(metrics.duplicates)).toBe(duplicates + 1);
    const attempts = await api.orm.em.fork().find(DeliveryAttemptEntity, {});
    expect(attempts.map((a) => [a.attempt, a.outcome, a.code])).toEqual([
      [2, 'SENT', 'LEASE_EXPIRED'],
    ]);
    // Both copies carry the delivery's Message-ID: a duplicate can be told apart.
    const ids = api.smtp.messages.map((m) => /^Message-ID: (.*)$/im.exec(m.raw)?.[1]);
    expect(ids[0]).toBe(`<${delivery.id}@porter.example>`);
    expect(ids[1]).toBe(ids[0]);
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

const deliveries = () =>
  api.orm.em
    .fork()
    .find(InvitationDeliveryEntity, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });

/** The email provider, refusing the next `n` sends as if the server were down. */
function downFor(n: number): MessageSender {
  const real = api.senders.EMAIL;
  return {
    provider: real.provider,
    send(message, options) {
      if (n-- > 0)
        return Promise.reject(
          Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), {
            code: 'ESOCKET',
            originalCode: 'ECONNREFUSED',
          }),
        );
      return real.send(message, options);
    },
  };
}

describe('failures, outages and shutdown', () => {
  it('fails an address the mail server refuses at once, in words, and keeps its token', async () => {
    const { results } = await invite(['nobody@example.org']);
    api.smtp.failNext(1, { code: 550, message: '5.1.1 user unknown' });
    expect(await api.drain()).toEqual({ sent: 0, skipped: 0, retried: 0, failed: 1 });
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      failure: 'PERMANENT',
      errorCode: '550',
      error: 'The mail server refused this address (550 5.1.1 user unknown)',
    });
    // Kept, so that a requeue sends the same link.
    expect(delivery!.sealedToken).not.toBeNull();
    expect(delivery!.finishedAt).not.toBeNull();
    const [attempt] = await api.orm.em.fork().find(DeliveryAttemptEntity, {});
    expect(attempt).toMatchObject({ outcome: 'FAILED', classification: 'PERMANENT', code: '550' });
    const row = await invitationRow(results[0]!.invitationId);
    expect(row).toMatchObject({
      delivery_status: 'FAILED',
      delivery_error: 'The mail server refused this address (550 5.1.1 user unknown)',
    });
    // Not tried again, however long one waits.
    api.clock.advance(48 * 3_600_000);
    expect(await api.drain()).toMatchObject({ sent: 0, failed: 0, retried: 0 });
  });

  it('shows an error within seconds when the mail server accepts connections and never answers', async () => {
    const hung = new Set<Socket>();
    const blackHole = createServer((socket) => hung.add(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const mailer = smtpMailer(
      `smtp://127.0.0.1:${(blackHole.address() as AddressInfo).port}`,
      'Porter <no-reply@porter.example>',
      { timeoutMs: 500 },
    );
    try {
      const { results } = await invite(['hung@example.org']);
      const started = Date.now();
      const deps = drainDeps(api.jobContext);
      const totals = await drainDeliveries({
        ...deps,
        senders: { ...deps.senders, EMAIL: mailSender(mailer) },
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(totals).toEqual({ sent: 0, skipped: 0, retried: 1, failed: 0 });
      expect(hung.size).toBeGreaterThan(0);
      const [delivery] = await deliveries();
      expect(delivery).toMatchObject({ status: 'RETRY', attempts: 1, failure: 'OUTAGE' });
      expect(delivery!.error).toMatch(/mail server did not answer in time/);
      expect((await invitationRow(results[0]!.invitationId))!['delivery_error']).toMatch(
        /did not answer in time/,
      );
      expect(await api.orm.em.fork().count(DeliveryAttemptEntity, {})).toBe(1);
      expect(api.smtp.messages).toHaveLength(0);
    } finally {
      await mailer.close();
      for (const socket of hung) socket.destroy();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    }
  });

  it('keeps retrying through an outage and wakes the waiting mail on the first success', async () => {
    await invite(['one@example.org', 'two@example.org']);
    const deps = drainDeps(api.jobContext);
    // Long waits (an hour, at the top of the jitter), so only the wake can bring them back soon.
    const policy = { ...deps.policy, retry: { ...deps.policy.retry, baseMs: 3_600_000 } };
    const drain = (sender: MessageSender) =>
      drainDeliveries({
        ...deps,
        policy,
        random: () => 0.99,
        senders: { ...deps.senders, EMAIL: sender },
      });
    expect(await drain(downFor(2))).toMatchObject({ sent: 0, retried: 2 });
    expect((await deliveries()).map((d) => [d.status, d.failure, d.errorCode])).toEqual([
      ['RETRY', 'OUTAGE', 'ECONNREFUSED'],
      ['RETRY', 'OUTAGE', 'ECONNREFUSED'],
    ]);
    expect((await deliveries())[0]!.error).toBe(
      'The mail server refused the connection (ECONNREFUSED); retrying',
    );
    // Within the minute nothing is tried; after it, one is tried early (the probe) and its
    // success wakes the other.
    api.clock.advance(30_000);
    expect(await drain(downFor(0))).toMatchObject({ sent: 0, retried: 0 });
    api.clock.advance(31_000);
    expect(await drain(downFor(0))).toMatchObject({ sent: 1 });
    expect(await drain(downFor(0))).toMatchObject({ sent: 1 });
    expect(api.smtp.messages.map((m) => m.to[0]).sort()).toEqual([
      'one@example.org',
      'two@example.org',
    ]);
    expect((await deliveries()).map((d) => d.status)).toEqual(['SENT', 'SENT']);
  });

  it('asks another drain to join when its first claim comes back full, once', async () => {
    const deps = drainDeps(api.jobContext);
    let spread = 0;
    const drain = () =>
      drainDeliveries({ ...deps, spread: () => Promise.resolve(void spread++), wakeAt: undefined });
    await invite(Array.from({ length: 9 }, (_, i) => `few-${i}@example.org`));
    expect(await drain()).toMatchObject({ sent: 9 });
    expect(spread).toBe(0);
    await invite(Array.from({ length: 35 }, (_, i) => `burst-${i}@example.org`));
    expect(await drain()).toMatchObject({ sent: 35 });
    expect(spread).toBe(1);
  });

  it('schedules the next drain for a retry due before the sweeper comes round, not for later ones', async () => {
    await invite(['soon@example.org']);
    const deps = drainDeps(api.jobContext);
    const wakes: Date[] = [];
    const drain = (baseMs: number) =>
      drainDeliveries({
        ...deps,
        policy: { ...deps.policy, retry: { ...deps.policy.retry, baseMs } },
        random: () => 0.99,
        senders: { ...deps.senders, EMAIL: downFor(1) },
        spread: undefined,
        wakeAt: (when) => Promise.resolve(void wakes.push(when)),
      });
    expect(await drain(2_000)).toMatchObject({ retried: 1 });
    const [delivery] = await deliveries();
    expect(wakes).toEqual([delivery!.nextAttemptAt]);
    expect(wakes[0]!.getTime() - api.clock.now().getTime()).toBeLessThan(2_000);
    // A retry past the sweeper's next round is left to the sweeper.
    api.clock.advance(5_000);
    expect(await drain(3_600_000)).toMatchObject({ retried: 1 });
    expect(wakes).toHaveLength(1);
  });

  it('hands back what it claimed but did not send when told to stop, and sends nothing twice', async () => {
    const emails = Array.from({ length: 25 }, (_, i) => `stop-${i}@example.org`);
    await invite(emails);
    const controller = new AbortController();
    let prepared = 0;
    const deps = drainDeps(api.jobContext);
    const target: DeliveryTarget = {
      ...deps.target,
      prepare(...args) {
        if (++prepared === 12) controller.abort();
        return deps.target.prepare(...args);
      },
    };
    const first = await drainDeliveries({ ...deps, target }, { signal: controller.signal });
    const rows = await deliveries();
    expect(rows.filter((d) => d.status === 'SENDING')).toEqual([]);
    expect(first.sent).toBe(api.smtp.messages.length);
    expect(first.sent).toBeGreaterThanOrEqual(12);
    expect(first.sent).toBeLessThan(25);
    // Handed back as if never claimed: queued, due now, no attempt counted.
    const back = rows.filter((d) => d.status === 'QUEUED');
    expect(back.length).toBe(25 - first.sent);
    expect(back.every((d) => d.attempts === 0 && d.firstAttemptAt === null)).toBe(true);
    expect(await api.drain()).toMatchObject({ sent: 25 - first.sent });
    const received = api.smtp.messages.map((m) => m.to[0]);
    expect(received).toHaveLength(25);
    expect(new Set(received).size).toBe(25);
  });
});
