import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda, type Job } from 'agenda';
import pg from 'pg';
import type { JobContext, JobDefinition, Jobs } from '../../common/context.js';
import type { Logger } from '../../common/logger.js';
import { isDatabaseUnavailable, trackOutage } from '../../common/outage.js';
import { observeRun, withRequestId } from './observe.js';

/** Tables Agenda creates and owns; excluded from MikroORM's schema diff. */
export const AGENDA_TABLES = ['agenda_jobs', 'agenda_logs'] as const;

/** For a queue that only enqueues (no job of its own ever runs here). */
const noContext = (): JobContext => {
  throw new Error('this queue defines no job to run');
};

/**
 * Agenda on the application's PostgreSQL. We pass our own pool and listen for errors on it and
 * on the LISTEN channel: otherwise a dropped connection crashes the process (docs/STACK.md §3.12).
 */
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
  const backend = new PostgresBackend({ pool });
  const agenda = new Agenda({ backend, processEvery: '1 second' });
  agenda.on('error', report('jobs'));
  agenda.on('fail', (error, job) => {
    if (typeof error !== 'string') log.warn(`job ${job.attrs.name} failed: ${error.message}`);
  });
  agenda.ready.catch((e: unknown) => log.warn(`jobs: could not connect: ${String(e)}`));
  let channelWatched = false;
  const watchChannel = () => {
    const channel = backend.notificationChannel as unknown as {
      on?: (e: string, f: (x: Error) => void) => void;
    };
    if (!channelWatched && channel?.on) {
      channel.on('error', report('jobs channel'));
      channelWatched = true;
    }
  };
  watchChannel();

  for (const definition of definitions) {
    agenda.define(
      definition.name,
      async (job: Job<unknown>) => {
        const outcome = await observeRun(definition.name, job.attrs.data, () =>
          definition.run(job.attrs.data, context()),
        );
        if (outcome) log.debug(`job ${definition.name}: ${outcome}`);
      },
      { concurrency: definition.concurrency ?? 5 },
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
  return {
    agenda,
    async enqueue(job, ...data) {
      await agenda.ready;
      watchChannel();
      await agenda.now(job.name, withRequestId(data[0] ?? {}));
    },
    async startWorker() {
      await agenda.ready;
      watchChannel();
      await agenda.start();
      started = true;
      heartbeat = Date.now();
      for (const { every, name } of definitions) if (every) await agenda.every(every, name);
    },
    async stopWorker() {
      if (started) await agenda.stop();
      started = false;
      heartbeat = null;
    },
    lastHeartbeat: () => (started ? heartbeat : null),
    async stop() {
      // Agenda connects from its constructor; let that finish before the pool goes away.
      await agenda.ready.catch(() => undefined);
      if (started) await agenda.stop();
      await backend.disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
