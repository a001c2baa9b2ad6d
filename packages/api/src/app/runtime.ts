import type { MikroORM } from '@mikro-orm/postgresql';
import { systemClock, type Clock } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import type { Env } from '../config/env.js';
import { provideDatabase } from '../infra/db/database.js';
import { openDatabase } from '../infra/db/orm.js';
import { ENTITIES } from './entities.js';
import { createJobs } from '../infra/jobs/agenda.js';
import type { Deps, JobContext, Jobs } from '../common/context.js';
import { seedDemo } from '../seed/demo.js';
import { resolveSecret, Sealer } from '../common/secret.js';
import { outboxMailer, smtpMailer } from '../infra/mail/mailer.js';
import { outboxSms, twilioSms, type SmsSender } from '../infra/sms/sms.js';
import { JOBS } from './jobs.js';
import { KIND_HANDLERS } from './invitation-kinds.js';
import { startHttp, type HttpServer } from './server.js';
import { signInTextsSettled } from '../modules/auth/index.js';
import { invitationDeliveryTarget } from '../modules/invitation/index.js';

export interface Porter {
  orm: MikroORM;
  jobs: Jobs;
  /** What requests and jobs share (clock, mailer, SMS sender, sealer, jobs, env, log). */
  deps: Deps;
  /** What jobs run with, for running one by hand (tests). */
  jobContext: JobContext;
  http: HttpServer | null;
  databaseUrl: string;
  stop(): Promise<void>;
}

export interface PorterOptions {
  env: Env;
  log: Logger;
  clock?: Clock;
  /** Serve HTTP (the API role). */
  http: boolean;
  /** Process jobs (the worker role). */
  worker: boolean;
  /** Connection pool bounds (the tests keep theirs small). */
  pool?: { min: number; max: number };
}

/**
 * Composition root: database (embedded or DATABASE_URL), migrations, optional demo seed, jobs,
 * then the HTTP server and/or the worker. `stop()` shuts down in reverse order. The API process,
 * the worker process and the integration tests all start through here.
 */
export async function createRuntime(options: PorterOptions): Promise<Porter> {
  const { env, log } = options;
  const clock = options.clock ?? systemClock;
  const started = Date.now();
  const db = await provideDatabase(env, log);
  const orm = await openDatabase(db.url, ENTITIES, log, options.pool);
  if (env.seedDemo) await seedDemo(orm.em.fork(), log);
  const sealer = new Sealer(resolveSecret(env.PORTER_SECRET, env.PORTER_DATA_DIR));
  const mailer = env.SMTP_URL ? smtpMailer(env.SMTP_URL, env.MAIL_FROM) : outboxMailer(orm);
  const sms = smsSender(env, orm);
  const jobs = createJobs(db.url, log, { definitions: JOBS, context: () => jobContext });
  const deps: Deps = {
    env,
    clock,
    log,
    jobs,
    sealer,
    sms,
    mailer,
    kindHandlers: KIND_HANDLERS,
    deliveryTarget: invitationDeliveryTarget,
  };
  const jobContext: JobContext = { ...deps, orm };
  const http = options.http ? await startHttp({ ...deps, orm }) : null;
  if (options.worker) await jobs.startWorker();
  log.info(
    `email: ${env.SMTP_URL ? 'SMTP' : 'development outbox'}; SMS: ${sms.provider === 'twilio' ? 'Twilio' : 'development outbox'}`,
  );
  log.info(
    `porter ready in ${Date.now() - started} ms${http ? ` at ${http.url}` : ''}${options.worker ? ' (worker on)' : ''}`,
  );
  let stopping: Promise<void> | undefined;
  return {
    orm,
    jobs,
    deps,
    jobContext,
    http,
    databaseUrl: db.url,
    stop: () =>
      (stopping ??= (async () => {
        await http?.close();
        // Sign-in codes answered for but still on their way to the SMS provider.
        await signInTextsSettled();
        await jobs.stop();
        await mailer.close();
        await orm.close();
        await db.stop();
      })()),
  };
}

/** Twilio when its credentials are set, else the development outbox. */
export function smsSender(env: Env, orm: MikroORM): SmsSender {
  return env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM
    ? twilioSms({
        accountSid: env.TWILIO_ACCOUNT_SID,
        authToken: env.TWILIO_AUTH_TOKEN,
        from: env.TWILIO_FROM,
        apiBase: env.TWILIO_API_BASE ?? null,
      })
    : outboxSms(orm);
}

/** Stops cleanly on SIGINT/SIGTERM; a second signal exits at once. */
export function stopOnSignals(porter: Porter, log: Logger): void {
  let signalled = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (signalled) process.exit(1);
      signalled = true;
      log.info(`${signal}: shutting down`);
      porter.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error('shutdown failed', error);
          process.exit(1);
        },
      );
    });
  }
}
