import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Agenda } from 'agenda';
import type { Request, Response } from 'express';
import type { Viewer } from './access.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Env } from '../config/env.js';
import type { Sealer } from './secret.js';
import type { SmsSender } from '../infra/sms/sms.js';
import type { Mailer } from '../infra/mail/mailer.js';

/**
 * Long-lived things every request and job shares. A module that needs a slot of its own here adds
 * it by declaration merging (invitation.kinds.ts adds kindHandlers), so common/ imports no module.
 */
export interface Deps {
  env: Env;
  clock: Clock;
  log: Logger;
  jobs: Jobs;
  sealer: Sealer;
  sms: SmsSender;
  /** Email sent while a request waits (one-time codes); invitations go through the delivery worker. */
  mailer: Mailer;
}

/**
 * Every service, built at most once per request by the composition root (app/services.ts, which
 * fills this interface in). Modules name the services they use; they never build one themselves.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- empty here on purpose: app/services.ts fills it in by declaration merging
export interface Services {}

/** What a resolver receives: a request-scoped EntityManager, the viewer, services and shared deps. */
export interface Context {
  em: EntityManager;
  viewer: Viewer | null;
  deps: Deps;
  /** The request's services, on `em`. */
  services: Services;
  /** The same services on another EntityManager (a fork or a transaction). */
  servicesOn(em: EntityManager): Services;
  req: Request;
  res: Response;
  ip: string | null;
  userAgent: string | null;
}

/** What a job runs with: the shared deps and the ORM (each run forks its own EntityManager). */
export interface JobContext extends Deps {
  orm: MikroORM;
  /**
   * Aborted when this process stops working (SIGTERM, `jobs.stop()`): a job then claims nothing
   * more, finishes or hands back what it holds (releases its leases) and returns soon.
   */
  readonly signal: AbortSignal;
}

/**
 * A job: its Agenda name, the payload it takes, and what it does. Declared once with defineJob
 * (infra/jobs/define-job.ts) and queued by reference, `jobs.enqueue(job, data)`, so the name and
 * the payload's type cannot drift apart.
 */
export interface JobDefinition<Data = void> {
  name: string;
  /** Returns a short outcome such as "done" or "skipped"; throws to have Agenda retry. */
  run(data: Data, ctx: JobContext): Promise<string | void>;
  /** Recurring jobs: an Agenda interval such as "1 hour". */
  every?: string;
  concurrency?: number;
  /**
   * How long a run may go without renewing its Agenda lock before another worker may run the job
   * again, in ms (default DEFAULT_LOCK_LIFETIME_MS, infra/jobs/define-job.ts). A live run renews
   * it every third of this, so it bounds how long a dead worker's job waits, not how long a run
   * may take.
   */
  lockLifetimeMs?: number;
}

/** The job queue (Agenda on PostgreSQL). */
export interface Jobs {
  readonly agenda: Agenda;
  /** Queues a job to run as soon as a worker is free. */
  enqueue<Data>(job: JobDefinition<Data>, ...data: Data extends void ? [] : [Data]): Promise<void>;
  /** Queues a job to run at `when` (or as soon after as a worker is free). */
  enqueueAt<Data>(
    job: JobDefinition<Data>,
    when: Date,
    ...data: Data extends void ? [] : [Data]
  ): Promise<void>;
  /** Starts processing in this process (the worker role). */
  startWorker(): Promise<void>;
  /**
   * Stops processing here: aborts the running jobs' `signal`, hands back the jobs locked but not
   * started, and waits for the running ones to return (and their Agenda locks to be released).
   * Queued jobs stay for other workers.
   */
  stopWorker(): Promise<void>;
  /** When the job runner last polled the database (ms since the epoch); null when this process runs no jobs. */
  lastHeartbeat(): number | null;
  /** stopWorker(), then closes the queue's connections. */
  stop(): Promise<void>;
  /** The running jobs' stop signal (a fresh one each time the worker starts). */
  readonly signal: AbortSignal;
}
