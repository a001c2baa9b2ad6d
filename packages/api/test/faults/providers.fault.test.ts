import net, { type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLClient } from '../harness.js';
import { startSmtpSink, type SmtpSink } from '../smtp.js';
import { startFakeTwilio, type FakeTwilio } from '../twilio.js';
import {
  deliveryStatuses,
  emailsFor,
  inviteStaff,
  killAll,
  receivedOf,
  seededDatabase,
  signInAdmin,
  startApi,
  startWorker,
  terminate,
  until,
  type Running,
  type Seeded,
} from './support.js';

/**
 * The mail server as a worker reaches it: a port that passes connections through to the real
 * SMTP server, accepts them and never answers (a hung server), or is closed (connections refused).
 */
async function startMailFront(target: string) {
  const targetPort = Number(new URL(target).port);
  let mode: 'pass' | 'hang' = 'pass';
  const held = new Set<Socket>();
  /** Connections passed through: a server that starts hanging drops them (the pool reconnects). */
  const passed = new Set<Socket>();
  const handle = (client: Socket) => {
    client.on('error', () => undefined);
    if (mode === 'hang') {
      held.add(client);
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    upstream.on('error', () => client.destroy());
    passed.add(client);
    client.once('close', () => {
      passed.delete(client);
      upstream.destroy();
    });
    client.pipe(upstream).pipe(client);
  };
  let server = net.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of [...held, ...passed]) socket.destroy();
      held.clear();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  return {
    url: `smtp://127.0.0.1:${port}`,
    /** Closed: nothing listens on the port. */
    refuse: close,
    async set(next: 'pass' | 'hang') {
      mode = next;
      for (const socket of held) socket.destroy();
      held.clear();
      if (next === 'hang') for (const socket of passed) socket.destroy();
      if (!server.listening) {
        server = net.createServer(handle);
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      }
    },
    close,
  };
}

let db: Seeded;
let sink: SmtpSink;
let front: Awaited<ReturnType<typeof startMailFront>>;
let twilio: FakeTwilio;
let worker: Running;
let admin: GraphQLClient;

beforeAll(async () => {
  db = await seededDatabase();
  sink = await startSmtpSink();
  front = await startMailFront(sink.url);
  twilio = await startFakeTwilio();
  const env = {
    DATABASE_URL: db.url,
    SMTP_URL: front.url,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: twilio.from,
    TWILIO_API_BASE: twilio.url,
    // Retries within a second or so (full jitter up to the ceiling), through configuration.
    DELIVERY_BACKOFF_BASE_MS: '200',
    DELIVERY_BACKOFF_MAX_MS: '800',
    SMTP_TIMEOUT_MS: '1000',
  };
  const api = await startApi(env);
  worker = await startWorker({ ...env, LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'info' });
  admin = await signInAdmin(api.url);
}, 120_000);

afterAll(async () => {
  await killAll();
  await front?.close();
  await sink?.close();
  await twilio?.close();
  await db?.orm.close();
});

const recipients = () => sink.messages.map((m) => m.to[0]!);

/** Error codes the attempts of `prefix`'s deliveries recorded, with their classification. */
async function attemptCodes(prefix: string): Promise<string[]> {
  const rows = await db.orm.em.getConnection().execute<{ code: string; kind: string }[]>(
    `select distinct a.code, a.classification as kind from delivery_attempt a
       join invitation_delivery d on d.id = a.delivery_id join invitation i on i.id = d.invitation_id
      where i.address like ? and a.outcome = 'FAILED'`,
    [`${prefix}%`],
  );
  return rows.map((r) => `${r.kind} ${r.code}`).sort();
}

async function everyEmailOnce(prefix: string, n: number) {
  await until(`${prefix} is all sent`, async () => {
    return (await deliveryStatuses(db, prefix))['SENT'] === n;
  });
  expect(receivedOf(recipients(), prefix)).toEqual({ total: n, distinct: n, duplicates: 0 });
}

describe('the mail server failing', () => {
  it('refusing connections: retried as an outage, then every message once when it is back', async () => {
    await front.refuse();
    await inviteStaff(admin, db, emailsFor('refused-', 10));
    await until('the refusals are recorded', async () => {
      return (await deliveryStatuses(db, 'refused-'))['RETRY'] === 10;
    });
    expect(await attemptCodes('refused-')).toEqual(['TRANSIENT ECONNREFUSED']);
    await front.set('pass');
    await everyEmailOnce('refused-', 10);
  });

  it.each([
    [421, '4.3.2 Service shutting down'],
    [451, '4.7.1 Try again later'],
  ])('answering %i: retried, then every message once', async (code, message) => {
    const prefix = `smtp${code}-`;
    sink.failNext(15, { code, message });
    await inviteStaff(admin, db, emailsFor(prefix, 10));
    await everyEmailOnce(prefix, 10);
    expect(await attemptCodes(prefix)).toEqual([`TRANSIENT ${code}`]);
  });

  it('hanging: a visible error within seconds, no copies, every message once after', async () => {
    await front.set('hang');
    await inviteStaff(admin, db, emailsFor('hung-', 5));
    const started = Date.now();
    // Each try hangs until the greeting timeout (1 s), then waits a short backoff and hangs again.
    const timedOut = async () => {
      const [row] = await db.orm.em
        .getConnection()
        .execute<{ n: string }[]>(
          `select count(*) as n from invitation where address like 'hung-%' and delivery_error like '%did not answer in time%'`,
        );
      return Number(row!.n);
    };
    await until('the timeouts are recorded', async () => (await timedOut()) === 5, 20_000);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await deliveryStatuses(db, 'hung-'))['SENT']).toBeUndefined();
    await front.set('pass');
    await everyEmailOnce('hung-', 5);
  });
});

describe('Twilio failing', () => {
  const SMS = `mutation($input: PatientSmsInput!) { invitePatientBySms(input: $input) { results { outcome } } }`;
  /** Invites `n` patients by SMS with numbers +44 7911 12<series><i>. */
  async function inviteBySms(series: number, n: number) {
    for (let i = 0; i < n; i++)
      await admin.ok(SMS, {
        input: {
          organisationId: db.world.home.organisation.id,
          deploymentId: db.world.home.first.id,
          firstName: 'Sam',
          lastName: `Series ${series}`,
          mobile: `+44 7911 12${series}${String(i).padStart(3, '0')}`,
        },
      });
    return `+44791112${series}`;
  }
  const texted = (prefix: string) => twilio.messages.filter((m) => m.to.startsWith(prefix));

  it.each([
    [500, 20500, undefined],
    [429, 20429, 1],
  ])(
    'answering %i: retried (Retry-After honoured), then every text once',
    async (status, code, retryAfter) => {
      const series = status === 500 ? 1 : 2;
      twilio.failNext(6, {
        status,
        code,
        message: 'Try later',
        ...(retryAfter ? { retryAfter } : {}),
      });
      const started = Date.now();
      const prefix = await inviteBySms(series, 4);
      await until(`${prefix} is all sent`, async () => {
        return (await deliveryStatuses(db, prefix))['SENT'] === 4;
      });
      if (retryAfter) expect(Date.now() - started).toBeGreaterThanOrEqual(retryAfter * 1000);
      const sent = texted(prefix).map((m) => m.to);
      expect(sent).toHaveLength(4);
      expect(new Set(sent).size).toBe(4);
      expect(await attemptCodes(prefix)).toEqual([`TRANSIENT ${code}`]);
    },
  );

  it('answering 400 (21211, not a valid number): failed at once, in words, never tried again', async () => {
    twilio.failNext(1, { status: 400, code: 21211, message: "The 'To' number is not valid." });
    const prefix = await inviteBySms(3, 1);
    await until('the refusal is recorded', async () => {
      return (await deliveryStatuses(db, prefix))['FAILED'] === 1;
    });
    const [row] = await db.orm.em
      .getConnection()
      .execute<{ delivery_status: string; delivery_error: string }[]>(
        `select delivery_status, delivery_error from invitation where address like ?`,
        [`${prefix}%`],
      );
    expect(row).toEqual({
      delivery_status: 'FAILED',
      delivery_error: 'Twilio: not a valid mobile number (21211)',
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await attemptCodes(prefix)).toEqual(['PERMANENT 21211']);
    expect(texted(prefix)).toHaveLength(0);
    expect((await terminate(worker.process)).code).toBe(0);
  });
});
