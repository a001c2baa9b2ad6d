import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { jobSpecs } from '../src/app/jobs.js';
import { startHttp, type HttpServer } from '../src/app/server.js';
import { FakeClock } from '../src/common/clock.js';
import { createLogger, type Logger } from '../src/common/logger.js';
import { loadEnv } from '../src/config/env.js';
import { ormConfig } from '../src/infra/db/orm.js';
import { ENTITIES } from '../src/app/entities.js';
import { createJobs, type Jobs } from '../src/infra/jobs/agenda.js';
import { smtpMailer, type Mailer } from '../src/infra/mail/mailer.js';
import { Sealer } from '../src/common/secret.js';
import { startSmtpSink, type SmtpSink } from './smtp.js';
import { startFakeTwilio, type FakeTwilio } from './twilio.js';
import { freePort } from '../src/infra/db/free-port.js';
import { smsSender } from '../src/app/runtime.js';
import type { SmsSender } from '../src/infra/sms/sms.js';
import { channelSenders, type ChannelSenders } from '../src/modules/delivery/index.js';
import { drainDeliveries, queueReminders } from '../src/modules/invitation/invitation.jobs.js';
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
  http: HttpServer;
  log: Logger;
  /** Runs the email worker's drain once, as the Agenda job would. */
  drain(): ReturnType<typeof drainDeliveries>;
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
  const orm = await MikroORM.init(ormConfig(databaseUrl, ENTITIES, { pool: { min: 0, max: 5 } }));
  const clock = new FakeClock(new Date());
  const sealer = new Sealer(TEST_SECRET);
  const mailer = smtpMailer(smtp.url, env.MAIL_FROM);
  const sms = smsSender(env, orm);
  const senders = channelSenders({ env, orm, mailer, sms });
  const jobDeps = {
    orm,
    clock,
    sealer,
    mailer,
    sms,
    senders,
    appUrl: TEST_APP_URL,
    publicUrl: env.publicUrl,
    smsDefaultCountry: env.SMS_DEFAULT_COUNTRY,
    log,
  };
  const jobs = createJobs(databaseUrl, jobSpecs(jobDeps), log);
  const http = await startHttp({ env, log, orm, jobs, clock, sealer, sms, mailer });
  return {
    drain: () => drainDeliveries(jobDeps),
    remind: () => queueReminders(jobDeps),
    expire: () => expireInvitations(jobDeps),
    url: http.url,
    smtp,
    twilio,
    sms,
    senders,
    sealer,
    mailer,
    databaseUrl,
    orm,
    clock,
    jobs,
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
      // Audit and stream events refuse DELETE (append-only trigger) but not TRUNCATE; a truncate of
      // organisation would cascade to the default roles, so the rest is deleted in FK order.
      await orm.em.getConnection().execute(`truncate "audit_event", "event"`);
      for (const sql of [
        'delete from "patient_import"',
        'delete from "early_sms_status"',
        'delete from "verification_code"',
        'delete from "invite_link"',
        'delete from "patient_helper"',
        'delete from "delivery_attempt"',
        'delete from "invitation_delivery"',
        'delete from "withdrawn_invitation_token"',
        'delete from "invitation"',
        'delete from "patient"',
        'delete from "outbox_message"',
        'delete from "session"',
        'delete from "role_assignment"',
        'delete from "role" where "organisation_id" is not null',
        'delete from "deployment"',
        'delete from "organisation"',
        'delete from "app_user"',
      ]) {
        await orm.em.getConnection().execute(sql);
      }
    },
    stop: async () => {
      await http.close();
      await jobs.stop();
      await mailer.close();
      await smtp.close();
      await twilio.close();
      await orm.close();
    },
  };
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
