import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES } from '../../src/app/entities.js';
import { createLogger } from '../../src/common/logger.js';
import {
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../src/infra/db/embedded.js';
import { freePort } from '../../src/infra/db/free-port.js';
import { migrate, ormConfig } from '../../src/infra/db/orm.js';
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

// A PostgreSQL of this file's own (the run's shared one cannot be stopped under the other tests),
// stopped and started again on the same port and data folder while a burst of email is going out.
const dir = mkdtempSync(path.join(os.tmpdir(), 'porter-fault-db-'));
const dataDir = path.join(dir, 'pg');
let port: number;
let server: EmbeddedDatabase;
let db: Seeded;
let sink: SmtpSink;

const startServer = () => startEmbeddedPostgres({ dataDir, port, fast: true });

beforeAll(async () => {
  port = await freePort();
  server = await startServer();
  await ensureDatabase(server.adminUrl, 'porter');
  const url = server.urlFor('porter');
  const migrator = await MikroORM.init(ormConfig(url, ENTITIES));
  await migrate(migrator, url, createLogger('silent'));
  await migrator.close();
  db = await seededDatabase(url);
  sink = await startSmtpSink({ delayMs: 20 });
}, 120_000);

afterAll(async () => {
  await killAll();
  await sink?.close();
  await db?.orm.close().catch(() => undefined);
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the database restarted under load', () => {
  it('answers 503 with Retry-After while it is down, logs once each way, and loses and repeats nothing', async () => {
    const env = { DATABASE_URL: db.url, SMTP_URL: sink.url, ...SHORT_LEASE };
    const api = await startApi(env);
    const worker = await startWorker({ ...env, LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'info' });
    const admin = await signInAdmin(api.url);
    const prefix = 'blip-';
    await inviteStaff(admin, db, emailsFor(prefix, 200));
    await until('40 messages are in', () =>
      Promise.resolve(
        receivedOf(
          sink.messages.map((m) => m.to[0]!),
          prefix,
        ).total >= 40,
      ),
    );

    await server.stop();
    const down = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie! },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = (await down.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');
    // Many requests and polls fail while it is down…
    for (let i = 0; i < 20; i++)
      await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: admin.cookie! },
        body: JSON.stringify({ query: '{ viewer { id } }' }),
      });
    expect((await fetch(`${api.url}/readyz`)).status).toBe(503);
    expect((await fetch(`${worker.url}/readyz`)).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    server = await startServer();
    await until(
      'every delivery is sent',
      async () => (await deliveryStatuses(db, prefix))['SENT'] === 200,
      90_000,
    );
    const received = receivedOf(
      sink.messages.map((m) => m.to[0]!),
      prefix,
    );
    expect(received.distinct).toBe(200);
    // A send whose outcome could not be written is sent again after its lease, and counted.
    expect(received.duplicates).toBeLessThanOrEqual(
      await metricTotal(worker.url, 'porter_delivery_duplicates_total'),
    );
    await until('the API is ready again', async () => {
      return (await fetch(`${api.url}/readyz`)).status === 200;
    });
    expect((await admin.ok('{ viewer { email } }')).viewer).toMatchObject({
      email: 'admin@home.org',
    });
    // Staff carry on: what they queue after the outage goes out too.
    await inviteStaff(admin, db, emailsFor('after-blip-', 5));
    await until(
      'the later invitations are sent',
      async () => (await deliveryStatuses(db, 'after-blip-'))['SENT'] === 5,
    );
    // …and each process says so once when it goes and once when it comes back.
    for (const p of [api.process, worker.process]) {
      const said = (pattern: RegExp) =>
        p
          .output()
          .split('\n')
          .map((l) => pattern.exec(l)?.[1])
          .filter((what) => what !== undefined);
      const went = said(/"([a-z ]+) unavailable: /);
      const back = said(/"([a-z ]+) available again after /);
      expect(went.length).toBeGreaterThan(0);
      expect(new Set(went).size).toBe(went.length);
      expect(new Set(back)).toEqual(new Set(went));
      expect(back.length).toBe(went.length);
      expect(p.output()).not.toMatch(/INTERNAL_SERVER_ERROR/);
    }
    expect((await terminate(api.process)).code).toBe(0);
    expect((await terminate(worker.process)).code).toBe(0);
  }, 150_000);
});
