import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda, type Job } from 'agenda';
import pg from 'pg';
import type { Logger } from '../../common/logger.js';

/** Tables Agenda creates and owns; excluded from MikroORM's schema diff. */
export const AGENDA_TABLES = ['agenda_jobs', 'agenda_logs'] as const;

export interface JobSpec<Data = unknown> {
  name: string;
  /** Returns a short outcome such as "done" or "skipped"; throws to have Agenda retry. */
  run(data: Data, job: Job<Data>): Promise<string | void>;
  /** Recurring jobs: an Agenda interval such as "1 hour". */
  every?: string;
  concurrency?: number;
}

export interface Jobs {
  readonly agenda: Agenda;
  /** Queues a job to run as soon as a worker is free. */
  now<Data>(name: string, data: Data): Promise<void>;
  /** Starts processing in this process (the worker role). */
  startWorker(): Promise<void>;
  /** Stops processing here; queued jobs stay for other workers. */
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Agenda on the application's PostgreSQL. We pass our own pool and listen for errors on it and
 * on the LISTEN channel: otherwise a dropped connection crashes the process (docs/STACK.md §3.12).
 */
export function createJobs(databaseUrl: string, specs: JobSpec<never>[], log: Logger): Jobs {
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

  for (const spec of specs) {
    agenda.define(
      spec.name,
      async (job: Job<never>) => {
        const outcome = await spec.run(job.attrs.data, job);
        if (outcome) log.debug(`job ${spec.name}: ${outcome}`);
      },
      { concurrency: spec.concurrency ?? 5 },
    );
  }

  let started = false;
  return {
    agenda,
    async now(name, data) {
      await agenda.ready;
      watchChannel();
      await agenda.now(name, data);
    },
    async startWorker() {
      await agenda.ready;
      watchChannel();
      await agenda.start();
      started = true;
      for (const spec of specs) if (spec.every) await agenda.every(spec.every, spec.name);
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
