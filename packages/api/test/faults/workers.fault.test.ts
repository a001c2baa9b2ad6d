import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLClient } from '../harness.js';
import { startSmtpSink, type SmtpSink } from '../smtp.js';
import {
  deliveryStatuses,
  emailsFor,
  inviteStaff,
  killAll,
  metricTotal,
  receivedOf,
  seededDatabase,
  SHORT_LEASE,
  signInAdmin,
  startApi,
  startWorker,
  terminate,
  until,
  type Seeded,
} from './support.js';

// Worker processes stopped and killed in the middle of a burst of email, against a mail server
// that takes 25 ms a message (so a batch is always in flight), with the compiled-from-source API
// queuing the burst as staff would.
let db: Seeded;
let sink: SmtpSink;
let admin: GraphQLClient;
let workerEnv: Record<string, string>;

beforeAll(async () => {
  db = await seededDatabase();
  sink = await startSmtpSink({ delayMs: 25 });
  // A short lease, so a killed worker's claims come back within the test; timeouts under it.
  workerEnv = { DATABASE_URL: db.url, SMTP_URL: sink.url, ...SHORT_LEASE };
  const api = await startApi({ DATABASE_URL: db.url, SMTP_URL: sink.url });
  admin = await signInAdmin(api.url);
}, 120_000);

afterAll(async () => {
  await killAll();
  await sink?.close();
  await db?.orm.close();
});

const recipients = () => sink.messages.map((m) => m.to[0]!);

describe('a worker stopped mid-batch', () => {
  it('SIGTERM: finishes its sends, hands back its claims at once, exits 0; nothing goes twice', async () => {
    const prefix = 'term-';
    await inviteStaff(admin, db, emailsFor(prefix, 200));
    const first = await startWorker(workerEnv);
    await until('30 messages are in', () => receivedOf(recipients(), prefix).total >= 30);

    const { code, ms } = await terminate(first.process);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(first.process.output()).toMatch(/released \d+ claimed deliveries/);
    // Nothing is left claimed by the stopped worker: the next one need not wait out a lease.
    const after = await deliveryStatuses(db, prefix);
    expect(after['SENDING']).toBeUndefined();
    expect(after['SENT']).toBe(receivedOf(recipients(), prefix).total);
    expect(after['SENT']).toBeLessThan(200);

    const second = await startWorker(workerEnv);
    await until('every delivery is sent', async () => {
      return (await deliveryStatuses(db, prefix))['SENT'] === 200;
    });
    expect(receivedOf(recipients(), prefix)).toEqual({ total: 200, distinct: 200, duplicates: 0 });
    expect(await metricTotal(second.url, 'porter_delivery_lease_expiries_total')).toBe(0);
    expect(await metricTotal(second.url, 'porter_delivery_duplicates_total')).toBe(0);
    expect((await terminate(second.process)).code).toBe(0);
  }, 120_000);

  it('kill -9: only the sends in flight at that instant may go twice, and each one is counted', async () => {
    const prefix = 'kill-';
    await inviteStaff(admin, db, emailsFor(prefix, 300));
    const first = await startWorker(workerEnv);
    await until('60 messages are in', () => receivedOf(recipients(), prefix).total >= 60);
    first.process.child.kill('SIGKILL');
    await first.process.exited;
    // What the dead worker held: claimed, perhaps handed to the mail server, not recorded.
    const inFlight = (await deliveryStatuses(db, prefix))['SENDING'] ?? 0;
    expect(inFlight).toBeGreaterThan(0);

    const second = await startWorker(workerEnv);
    await until(
      'every delivery is sent',
      async () => (await deliveryStatuses(db, prefix))['SENT'] === 300,
      90_000,
    );
    const received = receivedOf(recipients(), prefix);
    // Nothing lost; copies only of what was in flight.
    expect(received.distinct).toBe(300);
    expect(received.duplicates).toBeLessThanOrEqual(inFlight);
    // Every claim the dead worker held is counted, and every resend of one as a possible copy.
    expect(await metricTotal(second.url, 'porter_delivery_lease_expiries_total')).toBe(inFlight);
    expect(await metricTotal(second.url, 'porter_delivery_duplicates_total')).toBe(inFlight);
    const [counted] = await db.orm.em.getConnection().execute<{ n: string }[]>(
      `select count(*) as n from delivery_attempt a join invitation_delivery d on d.id = a.delivery_id
           join invitation i on i.id = d.invitation_id
          where a.code = 'LEASE_EXPIRED' and i.address like ?`,
      [`${prefix}%`],
    );
    expect(Number(counted!.n)).toBe(inFlight);
    expect((await terminate(second.process)).code).toBe(0);
  }, 150_000);
});
