import type { MikroORM } from '@mikro-orm/postgresql';
import { systemClock, type Clock } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import { devConvenienceProblem, type Env } from '../config/env.js';
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
/** How long a shutdown waits for the database pool to close. */
const POOL_CLOSE_MS = 5_000;

export async function createRuntime(options: PorterOptions): Promise<Porter> {
  const { env, log } = options;
  const exposed = devConvenienceProblem(env, options.http);
  if (exposed) throw new Error(exposed);
  const clock = options.clock ?? systemClock;
  const started = Date.now();
  const db = await provideDatabase(env, log);
  let orm: MikroORM;
  try {
    orm = await openDatabase(db.url, ENTITIES, log, {
      pool: options.pool,
      migrate: env.PORTER_MIGRATE,
    });
  } catch (error) {
    await db.stop();
    throw error;
  }
  if (env.seedDemo) await seedDemo(orm.em.fork(), log);
  const sealer = new Sealer(resolveSecret(env.PORTER_SECRET, env.PORTER_DATA_DIR));
  const mailer = env.SMTP_URL
    ? smtpMailer(env.SMTP_URL, env.MAIL_FROM, { timeoutMs: env.SMTP_TIMEOUT_MS })
    : outboxMailer(orm);
  const sms = smsSender(env, orm);
  // The queue's own URL only beside an external DATABASE_URL (the embedded server has one URL).
  const jobsUrl = (env.DATABASE_URL && env.JOBS_DATABASE_URL) || db.url;
  const jobs = createJobs(jobsUrl, log, { definitions: JOBS, context: () => jobContext });
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
  const jobContext: JobContext = {
    ...deps,
    orm,
    get signal() {
      return jobs.signal;
    },
  };
  const http = options.http ? await startHttp({ ...deps, orm }) : null;
  if (options.worker) await jobs.startWorker();
  log.info(
    `email: ${env.SMTP_URL ? 'SMTP' : 'development outbox'}; SMS: ${sms.provider === 'twilio' ? 'Twilio' : 'development outbox'}`,
  );
  log.info(
    `porter ready in ${Date.now() - started} ms${http ? ` at ${http.url}` : ''}${options.worker ? ' (worker on)' : ''}`,
  );
  let stopping: Promise<void> | undefined;
  const stop = async () => {
    // Each step runs even if one before it failed; the first failure is reported at the end.
    const failures: unknown[] = [];
    const step = async (what: string, work: () => Promise<unknown>) => {
      const begun = Date.now();
      try {
        await work();
        log.debug(`shutdown: ${what} done in ${Date.now() - begun} ms`);
      } catch (error) {
        log.error(`shutdown: ${what} failed`, error);
        failures.push(error);
      }
    };
    // At once and together: no new connections, in-flight requests answered (then keep-alive
    // sockets closed); running jobs told to hand back (leases released, the import chunk given
    // up) and awaited; their Agenda locks released. The queue's pool stays up until the requests
    // that enqueue are done.
    await Promise.all([
      step('HTTP drain', async () => http?.close()),
      step('worker stop', () => jobs.stopWorker()),
    ]);
    // Sign-in codes answered for but still on their way to the SMS provider.
    await step('sign-in texts', () => signInTextsSettled());
    await step('job queue', () => jobs.stop());
    await step('mailer', () => mailer.close());
    // A connection lost mid-transaction during a database outage can stay checked out, and the
    // pool's end waits for it forever; the process is about to exit, so the wait is bounded.
    await step('database pool', () =>
      Promise.race([
        orm.close(),
        new Promise<void>((resolve) =>
          setTimeout(() => {
            log.warn(
              `shutdown: the database pool did not close in ${POOL_CLOSE_MS} ms; leaving it`,
            );
            resolve();
          }, POOL_CLOSE_MS).unref(),
        ),
      ]),
    );
    // Last: the embedded PostgreSQL outlives every connection to it.
    await step('database', () => db.stop());
    if (failures.length) throw failures[0];
  };
  return {
    orm,
    jobs,
    deps,
    jobContext,
    http,
    databaseUrl: db.url,
    stop: () => (stopping ??= stop()),
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
        timeoutMs: env.TWILIO_TIMEOUT_MS,
      })
    : outboxSms(orm);
}

/**
 * Runs a process around its runtime (main.ts, worker.ts). SIGINT/SIGTERM stop it cleanly and exit
 * 0; past SHUTDOWN_GRACE_MS, or if stopping fails, it exits 1 with a log line. A signal during
 * start-up stops the runtime as soon as it is up; a second signal exits 1 at once. The handlers
 * are in place before anything starts, so no signal finds the process without them.
 *
 * An API keeps serving for `delayMs` (SHUTDOWN_DELAY_MS) after the signal before it stops: a
 * request whose bytes have reached the socket but not yet been read counts as an idle connection
 * to Node's server.close(), which would reset it; the delay lets every such request start (and a
 * load balancer notice the pod is going) first.
 */
export function runProcess(
  start: () => Promise<Porter>,
  log: Logger,
  graceMs: number,
  delayMs = 0,
): void {
  let signalled = false;
  const starting = start();
  const stopped = (started: number) => {
    log.info(`stopped in ${Date.now() - started} ms`);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (signalled) {
        log.warn(`${signal} again: exiting now`);
        process.exit(1);
      }
      signalled = true;
      log.info(`${signal}: shutting down (grace ${graceMs} ms)`);
      const started = Date.now();
      setTimeout(() => {
        log.error(`shutdown did not finish within ${graceMs} ms (SHUTDOWN_GRACE_MS); exiting`);
        process.exit(1);
      }, graceMs);
      starting
        .then(async (porter) => {
          if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
          await porter.stop();
        })
        .then(
          () => stopped(started),
          (error: unknown) => {
            log.error('shutdown failed', error);
            process.exit(1);
          },
        );
    });
  }
  starting.catch((error: unknown) => {
    log.error('failed to start', error);
    process.exit(1);
  });
}
