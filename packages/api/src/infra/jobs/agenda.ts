import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda, type Job } from 'agenda';
import pg from 'pg';
import type { JobContext, JobDefinition, Jobs } from '../../common/context.js';
import type { Logger } from '../../common/logger.js';

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
  pool.on('error', (e) => log.warn(`jobs pool: ${e.message}`));
  const backend = new PostgresBackend({ pool });
  const agenda = new Agenda({ backend, processEvery: '1 second' });
  agenda.on('error', (e) => log.warn(`jobs: ${e.message}`));
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
      channel.on('error', (e) => log.warn(`jobs channel: ${e.message}`));
      channelWatched = true;
    }
  };
  watchChannel();

  for (const definition of definitions) {
    agenda.define(
      definition.name,
      async (job: Job<unknown>) => {
        const outcome = await definition.run(job.attrs.data, context());
        if (outcome) log.debug(`job ${definition.name}: ${outcome}`);
      },
      { concurrency: definition.concurrency ?? 5 },
    );
  }

  let started = false;
  return {
    agenda,
    async enqueue(job, ...data) {
      await agenda.ready;
      watchChannel();
      await agenda.now(job.name, data[0] ?? {});
    },
    async startWorker() {
      await agenda.ready;
      watchChannel();
      await agenda.start();
      started = true;
      for (const { every, name } of definitions) if (every) await agenda.every(every, name);
    },
    async stopWorker() {
      if (started) await agenda.stop();
      started = false;
    },
    async stop() {
      // Agenda connects from its constructor; let that finish before the pool goes away.
      await agenda.ready.catch(() => undefined);
      if (started) await agenda.stop();
      await backend.disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
