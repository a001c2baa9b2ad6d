import { PostgresBackend, PostgresJobRepository } from '@agendajs/postgres-backend';
import { Agenda, type Job } from 'agenda';
import pg from 'pg';
import type { JobContext, JobDefinition, Jobs } from '../../common/context.js';
import type { Logger } from '../../common/logger.js';
import { isDatabaseUnavailable, trackOutage } from '../../common/outage.js';
import { observeRun, withRequestId } from './observe.js';
import { DEFAULT_LOCK_LIFETIME_MS } from './define-job.js';

/** Tables Agenda creates and owns; excluded from MikroORM's schema diff. */
export const AGENDA_TABLES = ['agenda_jobs', 'agenda_logs'] as const;

/**
 * Creates or updates Agenda's tables, functions and triggers. Run by the migrator under its lock
 * (infra/db/orm.ts): Agenda's own check at every connect races when processes start together
 * (`duplicate key … pg_proc`), so the queue below never does it.
 */
export async function ensureJobTables(databaseUrl: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await new PostgresJobRepository({ pool, ensureSchema: true }).connect();
  } finally {
    await pool.end();
  }
}

/** For a queue that only enqueues (no job of its own ever runs here). */
const noContext = (): JobContext => {
  throw new Error('this queue defines no job to run');
};

/**
 * Agenda on the application's PostgreSQL. We pass our own pool and listen for errors on it and
 * on the LISTEN channel: otherwise a dropped connection crashes the process (docs/STACK.md §3.12).
 */
/** How long a finished run waits for Agenda to save its end before a shutdown stops waiting. */
const SAVE_WAIT_MS = 3_000;

export function createJobs(
  databaseUrl: string,
  log: Logger,
  work: {
    /** Every job (each with its own payload type: run's parameter is checked both ways). */
    definitions: readonly JobDefinition<unknown>[];
    /** What jobs run with; asked for at run time, as it holds these very jobs. */
    context: () => JobContext;
  } = { definitions: [], context: noContext },
): Jobs {
  const { definitions, context } = work;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  // With the database down Agenda reports every poll (20 lines a second): one line per outage.
  const outage = trackOutage(log, 'jobs database');
  const report = (what: string) => (e: Error) => {
    if (isDatabaseUnavailable(e)) outage.failed(e);
    else log.warn(`${what}: ${e.message}`);
  };
  pool.on('error', report('jobs pool'));
  // A new connection made is the database answering again (in an API that only queues jobs, the
  // first queued after an outage is how its end is noticed).
  pool.on('connect', () => outage.ok());
  // Its tables come from the migrator (ensureJobTables), not from every connect.
  const backend = new PostgresBackend({ pool, ensureSchema: false });
  const agenda = new Agenda({ backend, processEvery: '1 second' });
  agenda.on('error', report('jobs'));
  agenda.on('fail', (error, job) => {
    if (typeof error !== 'string') log.warn(`job ${job.attrs.name} failed: ${error.message}`);
  });
  agenda.ready.catch((e: unknown) => log.warn(`jobs: could not connect: ${String(e)}`));
  let channelWatched = false;
  const watchChannel = () => {
    const channel = backend.notificationChannel as unknown as {
      on?: (e: string, f: (x: never) => void) => void;
    };
    if (!channelWatched && channel?.on) {
      channel.on('error', report('jobs channel'));
      // The LISTEN connection is back (it reconnects on its own): in a process that only queues
      // jobs (an API without the worker) this is how the recovery is noticed and logged.
      channel.on('stateChange', (state: string) => {
        if (state === 'connected') outage.ok();
      });
      channelWatched = true;
    }
  };
  watchChannel();

  // Aborted by stopWorker(); replaced when the worker starts again.
  let controller = new AbortController();
  // Jobs of ours Agenda is running; each leaves once Agenda has saved its end ('complete').
  const running = new Set<Job<unknown>>();
  let idle: (() => void) | null = null;
  const leave = (job: Job<unknown>) => {
    if (running.delete(job) && running.size === 0) idle?.();
  };
  agenda.on('complete', leave);

  for (const definition of definitions) {
    const lockLifetime = definition.lockLifetimeMs ?? DEFAULT_LOCK_LIFETIME_MS;
    agenda.define(
      definition.name,
      async (job: Job<unknown>) => {
        running.add(job);
        // Renews the lock while the run is alive, so only a dead worker's job is taken over.
        const renew = setInterval(() => {
          job.touch().catch((e: unknown) => log.warn(`job ${definition.name}: ${String(e)}`));
        }, lockLifetime / 3);
        try {
          const outcome = await observeRun(definition.name, job.attrs.data, () =>
            definition.run(job.attrs.data, context()),
          );
          if (outcome) log.debug(`job ${definition.name}: ${outcome}`);
        } finally {
          clearInterval(renew);
          // Agenda says 'complete' once it has saved the run's end; if that save fails (the
          // database went away meanwhile) it never does, and a shutdown must not wait for it.
          setTimeout(() => leave(job), SAVE_WAIT_MS).unref();
        }
      },
      { concurrency: definition.concurrency ?? 5, lockLifetime },
    );
  }

  // The job runner's heartbeat: each poll that reached the database (readiness checks its age).
  let heartbeat: number | null = null;
  const repository = agenda.db as { getNextJobToRun: (...args: never[]) => Promise<unknown> };
  const poll = repository.getNextJobToRun.bind(repository);
  repository.getNextJobToRun = async (...args) => {
    const next = await poll(...args);
    heartbeat = Date.now();
    outage.ok();
    return next;
  };

  let started = false;
  const stopWorker = async () => {
    if (!started) return;
    started = false;
    controller.abort();
    // Stops taking jobs and unlocks those locked here but not started; running ones keep theirs
    // until they return. The pool is ours, so it stays open for them.
    await agenda.stop(false);
    if (running.size)
      await new Promise<void>((resolve) => {
        idle = resolve;
      });
    idle = null;
  };
  return {
    agenda,
    get signal() {
      return controller.signal;
    },
    async enqueue(job, ...data) {
      await agenda.ready;
      watchChannel();
      await agenda.now(job.name, withRequestId(data[0] ?? {}));
    },
    async enqueueAt(job, when, ...data) {
      await agenda.ready;
      watchChannel();
      await agenda.schedule(when, job.name, withRequestId(data[0] ?? {}));
    },
    async startWorker() {
      await agenda.ready;
      watchChannel();
      if (controller.signal.aborted) controller = new AbortController();
      await agenda.start();
      started = true;
      heartbeat = Date.now();
      for (const { every, name } of definitions) if (every) await agenda.every(every, name);
    },
    stopWorker: async () => {
      await stopWorker();
      heartbeat = null;
    },
    lastHeartbeat: () => (started ? heartbeat : null),
    async stop() {
      // Agenda connects from its constructor; let that finish before the pool goes away.
      await agenda.ready.catch(() => undefined);
      await stopWorker();
      await backend.disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
