import { randomBytes } from 'node:crypto';
import { ReferenceKind } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { createRuntime } from '../src/app/runtime.js';
import type { HttpServer } from '../src/app/server.js';
import { FakeClock } from '../src/common/clock.js';
import type { JobContext, Jobs } from '../src/common/context.js';
import { createLogger, type Logger } from '../src/common/logger.js';
import { loadEnv } from '../src/config/env.js';
import type { Mailer } from '../src/infra/mail/mailer.js';
import type { Sealer } from '../src/common/secret.js';
import { startSmtpSink, type SmtpSink } from './smtp.js';
import { startFakeTwilio, type FakeTwilio } from './twilio.js';
import { freePort } from '../src/infra/db/free-port.js';
import type { SmsSender } from '../src/infra/sms/sms.js';
import {
  drainDeliveries,
  drainDeps,
  type ChannelSenders,
  type DrainTotals,
} from '../src/modules/delivery/index.js';
import { invitationJobDeps, queueReminders } from '../src/modules/invitation/invitation.jobs.js';
import { expireInvitations } from '../src/modules/invitation/invitation-expiry.job.js';

const TEMPLATE = 'porter_template';

/** A fresh database cloned from the migrated template; each test file gets its own. */
export async function cloneDatabase(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `porter_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database "${name}" template "${TEMPLATE}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestApi {
  url: string;
  /** The in-process SMTP server receiving every email. */
  smtp: SmtpSink;
  /** The local fake Twilio receiving every SMS (the real SDK talks to it). */
  twilio: FakeTwilio;
  sms: SmsSender;
  /** The provider of each channel, as the worker has them. */
  senders: ChannelSenders;
  sealer: Sealer;
  mailer: Mailer;
  databaseUrl: string;
  orm: MikroORM;
  clock: FakeClock;
  jobs: Jobs;
  /** What the worker's jobs run with, to run one by hand. */
  jobContext: JobContext;
  http: HttpServer;
  log: Logger;
  /** Runs the email worker's drain once, as the Agenda job would. */
  drain(): Promise<DrainTotals>;
  /** Runs the reminder scan once. */
  remind(): Promise<number>;
  expire(): Promise<number>;
  /** A GraphQL client with its own cookie jar, like one browser. */
  client(): GraphQLClient;
  /** Empties every table but the seeded catalogue and default roles. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions?: { code?: string; details?: Record<string, unknown> };
  }[];
}

export class GraphQLClient {
  cookie: string | null = null;
  lastResponse: Response | null = null;
  /** Sent with every request, e.g. X-Forwarded-For to act as another client address. */
  headers: Record<string, string> = {};
  constructor(private readonly url: string) {}

  async request<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResult<T>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...this.headers,
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    this.lastResponse = response;
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, value] = pair!.split('=');
      if (name === 'porter_session') this.cookie = value ? `${name}=${value}` : null;
    }
    return (await response.json()) as GraphQLResult<T>;
  }

  /** Returns data, failing the test on any error. */
  async ok<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  }

  /** Returns the first error's code. */
  async code(query: string, variables: Record<string, unknown> = {}): Promise<string | undefined> {
    const result = await this.request(query, variables);
    return result.errors?.[0]?.extensions?.code;
  }

  async signIn(email: string, password: string): Promise<this> {
    await this.ok(
      `mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { id } }`,
      { email, password },
    );
    return this;
  }
}

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123';
export const TEST_APP_URL = 'http://porter.test';

/**
 * Starts the real HTTP API on a free port against a cloned database, with a fake clock, email
 * through a real in-process SMTP server, and no worker (call `jobs.startWorker()` or drain by hand).
 */
export async function startTestApi(): Promise<TestApi> {
  const databaseUrl = await cloneDatabase();
  const smtp = await startSmtpSink();
  const twilio = await startFakeTwilio();
  // A known port, so Twilio status callbacks (PUBLIC_URL) reach this API.
  const port = await freePort();
  const log = createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent');
  const env = loadEnv({
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: twilio.from,
    TWILIO_API_BASE: twilio.url,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    PORTER_WORKER: 'false',
    PORTER_SECRET: TEST_SECRET,
    SMTP_URL: smtp.url,
    APP_URL: TEST_APP_URL,
  });
  const clock = new FakeClock(new Date());
  // The same runtime as `pnpm start`, against the cloned database, without the worker.
  const runtime = await createRuntime({
    env,
    log,
    clock,
    http: true,
    worker: false,
    pool: { min: 0, max: 5 },
  });
  const { orm, jobs, jobContext } = runtime;
  const { sealer, mailer, sms } = runtime.deps;
  const http = runtime.http!;
  const jobDeps = invitationJobDeps(jobContext);
  // A drain by hand is one drain: it queues no others for a worker (spread, wakeAt).
  const deliveryDeps = { ...drainDeps(jobContext), spread: undefined, wakeAt: undefined };
  const resetStatements = resetSql(orm);
  return {
    drain: () => drainDeliveries(deliveryDeps),
    remind: () => queueReminders(jobDeps),
    expire: () => expireInvitations(jobDeps),
    url: http.url,
    smtp,
    twilio,
    sms,
    senders: deliveryDeps.senders,
    sealer,
    mailer,
    databaseUrl,
    orm,
    clock,
    jobs,
    jobContext,
    http,
    log,
    client: () => new GraphQLClient(http.url),
    reset: async () => {
      // A worker left running by the previous test would race the next test's manual drains.
      await jobs.stopWorker();
      smtp.messages.length = 0;
      twilio.messages.length = 0;
      twilio.failNext(0);
      twilio.reportBeforeAnswering = null;
      // A job the previous test woke may still be finishing a statement; a TRUNCATE that meets it
      // can deadlock (PostgreSQL then cancels the TRUNCATE), so it is tried again.
      for (const sql of resetStatements) {
        for (let attempt = 1; ; attempt++) {
          try {
            await orm.em.getConnection().execute(sql);
            break;
          } catch (error) {
            if (attempt >= 5 || (error as { code?: string }).code !== '40P01') throw error;
          }
        }
      }
    },
    stop: async () => {
      await runtime.stop();
      await smtp.close();
      await twilio.close();
    },
  };
}

/** Tables kept by reset(): the permission catalogue and the default roles (their rows with no organisation). */
const KEPT = new Set(['permission', 'role']);

/**
 * What reset() runs, from the ORM's metadata: one TRUNCATE of every entity table but the kept ones
 * and the tables they point at (audit events refuse DELETE but not TRUNCATE; TRUNCATE fires no
 * row or DELETE trigger, so the rollups are emptied with the rest); then the custom roles, then
 * the tables the kept ones point at (a TRUNCATE of organisation would take the default roles with it).
 */
function resetSql(orm: MikroORM): string[] {
  const metas = [...orm.getMetadata().getAll().values()].filter(
    (m) => m.tableName && !m.embeddable && !m.virtual && !m.abstract,
  );
  const referenced = new Set(
    metas
      .filter((m) => KEPT.has(m.tableName))
      .flatMap((m) => m.relations.filter((r) => r.kind === ReferenceKind.MANY_TO_ONE))
      .map((r) => r.targetMeta!.tableName),
  );
  const quoted = (table: string) => `"${table}"`;
  const emptied = [...new Set(metas.map((m) => m.tableName))].filter(
    (t) => !KEPT.has(t) && !referenced.has(t),
  );
  return [
    `truncate ${emptied.map(quoted).join(', ')}`,
    'delete from "role" where "organisation_id" is not null',
    ...[...referenced].map((t) => `delete from ${quoted(t)}`),
  ];
}

/**
 * Registers the usual hooks of an integration test file: one API for the file, tables emptied
 * before each test. Returns a getter, as the API exists only once beforeAll has run.
 */
export function useTestApi(options: { reset?: boolean } = {}): () => TestApi {
  let api: TestApi | undefined;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.stop();
  });
  if (options.reset !== false) {
    beforeEach(async () => {
      await api!.reset();
    });
  }
  return () => api!;
}
