import { Readable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { CsvError, parse } from 'csv-parse';
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import type { Sealer } from '../../common/secret.js';
import { runBound } from '../../infra/db/bound.js';
import { type PatientInviteOutcome, writePatientInvitations } from '../patient/index.js';
import {
  classifyRow,
  DEFAULT_COLUMNS,
  detectHeader,
  type ClassifiedRow,
  type Columns,
} from './patient-import.csv.js';
import { audit } from '../audit/index.js';
import { metrics } from '../../common/metrics.js';

/** Rows committed per transaction. */
export const IMPORT_BATCH = 1000;
/** How long a worker owns an import without renewing (each committed batch renews). */
export const IMPORT_LEASE_MS = 2 * 60_000;
/** How long a batch may wait for a row lock (see commit()). */
const LOCK_TIMEOUT = '30s';
/** Batches writing at once (each on its own connection; they commit in order). */
const IN_FLIGHT = 2;

export interface ImportJobDeps {
  orm: MikroORM;
  clock: Clock;
  sealer: Sealer;
  log: Logger;
  /** Wakes the delivery worker (after commit). */
  notifyDelivery(): Promise<void>;
}

export interface ProcessOptions {
  /** Rows per transaction (tests use small ones). */
  batchSize?: number;
  /** Stop after this many committed batches, leaving the import RUNNING as a crash would. */
  maxBatches?: number;
  /**
   * Aborted (shutdown): the batches already handed to PostgreSQL commit, nothing more is read,
   * and the lease is released at once, so another worker resumes from the next row without
   * waiting out the two minutes.
   */
  signal?: AbortSignal;
}

export type ProcessOutcome = 'done' | 'failed' | 'skipped' | 'stopped' | 'handed back' | 'lost';

interface Claimed {
  id: string;
  organisation_id: string;
  deployment_id: string;
  created_by_id: string | null;
  expiry_hours: number;
  chunk_count: number;
  next_row: number;
}

class LeaseLost extends Error {}

/**
 * Processes one uploaded import, resumably. Claims it (QUEUED, or RUNNING with an expired lease)
 * with a two-minute lease; streams its chunks in order through csv-parse; judges each row
 * (classifyRow, then the shared patient writer); and commits every `batchSize` rows in ONE
 * transaction: the invitations, the report rows and `next_row` with the counts, guarded by the
 * lease (if another worker took over, the batch rolls back and this one stops). After a crash the
 * next worker re-parses from the start, skipping committed rows while rebuilding the duplicate
 * set, so every row is processed exactly once. A file that cannot be read ends FAILED with the
 * reason; rows committed before the fault stay in the report.
 */
export async function processPatientImport(
  deps: ImportJobDeps,
  importId: string,
  options: ProcessOptions = {},
): Promise<ProcessOutcome> {
  const batchSize = options.batchSize ?? IMPORT_BATCH;
  const conn = deps.orm.em.getConnection();
  const claimedAt = deps.clock.now();
  let lease = new Date(claimedAt.getTime() + IMPORT_LEASE_MS);
  const [job] = await conn.execute<Claimed[]>(
    `update patient_import set status = 'RUNNING', lease_until = ?, started_at = coalesce(started_at, ?), updated_at = ?
      where id = ? and (status = 'QUEUED' or (status = 'RUNNING' and lease_until < ?))
      returning id, organisation_id, deployment_id, created_by_id, expiry_hours, chunk_count, next_row`,
    [lease, claimedAt, claimedAt, importId, claimedAt],
  );
  if (!job) return 'skipped';
  const [inviter] = job.created_by_id
    ? await conn.execute<{ email: string | null }[]>('select email from app_user where id = ?', [
        job.created_by_id,
      ])
    : [];
  const scope = { organisationId: job.organisation_id, deploymentId: job.deployment_id };
  let notified = false;

  const fail = async (message: string): Promise<ProcessOutcome> => {
    const now = deps.clock.now();
    await deps.orm.em.fork().transactional(async (tx) => {
      const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
      const rows = await tx.getConnection().execute<{ id: string }[]>(
        `update patient_import set status = 'FAILED', error = ?, finished_at = ?, lease_until = null, total_rows = invited_count + refused_count, updated_at = ?
          where id = ? and lease_until = ? returning id`,
        [message.slice(0, 500), now, now, importId, lease],
        'all',
        ctx,
      );
      if (!rows.length) throw new LeaseLost();
      await tx
        .getConnection()
        .execute('delete from patient_import_chunk where import_id = ?', [importId], 'run', ctx);
    });
    return 'failed';
  };

  /**
   * One transaction per batch: invitations, report rows and progress, all or nothing under our
   * lease. Up to IN_FLIGHT batches write at once on their own connections (PostgreSQL then uses
   * both cores while the next batch is parsed), but each waits for the one before it to commit
   * before it records its progress and commits, so `next_row` only ever moves forward in file
   * order and a failed batch rolls back every later one. Batches never share an address (the
   * duplicate check runs before), so they cannot wait on each other's rows.
   */
  let chain: Promise<void> = Promise.resolve();
  const commit = (batch: ClassifiedRow[]): Promise<void> => {
    const before = chain;
    const done = (async () => {
      const now = deps.clock.now();
      const nextLease = new Date(now.getTime() + IMPORT_LEASE_MS);
      const wanted = batch
        .filter((r) => r.address !== null)
        .map((r) => ({ address: r.address!, firstName: r.firstName, lastName: r.lastName }));
      let invited = 0;
      await deps.orm.em.fork().transactional(async (tx) => {
        const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
        // A batch waits for the one before it to commit while holding its own locks; were the two
        // ever to need the same row, PostgreSQL could not see that cycle (half of it is this
        // await). A bounded lock wait turns that into a failed batch (retried from `next_row`)
        // instead of two connections hanging.
        await tx
          .getConnection()
          .execute(`set local lock_timeout = '${LOCK_TIMEOUT}'`, [], 'run', ctx);
        const outcomes = wanted.length
          ? await writePatientInvitations(tx, {
              inviter: { userId: job.created_by_id, email: inviter?.email ?? null },
              scope,
              rows: wanted,
              expiryHours: job.expiry_hours,
              batchId: importId,
              now,
              sealer: deps.sealer,
              ip: null,
            })
          : new Map<string, PatientInviteOutcome>();
        const report = batch.map((r) => {
          const o = r.address ? outcomes.get(r.address) : undefined;
          if (o?.outcome === 'INVITED') invited++;
          return {
            row_no: r.rowNo,
            email: r.email,
            first_name: r.firstName,
            last_name: r.lastName,
            outcome: r.refusal?.outcome ?? o?.outcome ?? 'ALREADY_PENDING',
            message: r.refusal?.message ?? o?.message ?? null,
            invitation_id: o?.invitationId ?? null,
          };
        });
        await runBound(
          tx,
          `insert into patient_import_row (import_id, row_no, email, first_name, last_name, outcome, message, invitation_id)
           select ?::uuid, t.row_no, t.email, t.first_name, t.last_name, t.outcome, t.message, t.invitation_id
             from jsonb_to_recordset(?::jsonb) as t(row_no int, email text, first_name text, last_name text, outcome text, message text, invitation_id uuid)`,
          [importId, JSON.stringify(report)],
        );
        await before;
        const kept = await tx.getConnection().execute<{ id: string }[]>(
          `update patient_import set next_row = ?, invited_count = invited_count + ?, refused_count = refused_count + ?, lease_until = ?, updated_at = ?
            where id = ? and lease_until = ? returning id`,
          [batch.at(-1)!.rowNo, invited, batch.length - invited, nextLease, now, importId, lease],
          'all',
          ctx,
        );
        if (!kept.length) throw new LeaseLost();
      });
      // Counted once committed: a batch rolled back is processed again, not twice.
      metrics.importRows.inc({ outcome: 'invited' }, invited);
      metrics.importRows.inc({ outcome: 'refused' }, batch.length - invited);
      lease = nextLease;
      if (invited && !notified) {
        // Emails start going out while the rest of the file is processed.
        notified = true;
        await deps.notifyDelivery();
      }
    })();
    chain = done;
    // Awaited in order by the caller; this keeps an early failure from counting as unhandled.
    done.catch(() => undefined);
    return done;
  };
  const inFlight: Promise<void>[] = [];
  const settle = async () => {
    // Every batch is awaited even after a failure, so none is left open; the first error wins.
    const results = await Promise.allSettled(inFlight.splice(0));
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
  };
  /** The lease given up (shutdown): the import stays RUNNING, resumable by any worker now. */
  const handBack = async (): Promise<ProcessOutcome> => {
    const now = deps.clock.now();
    await conn.execute(
      `update patient_import set lease_until = ?, updated_at = ? where id = ? and lease_until = ?`,
      [now, now, importId, lease],
    );
    deps.log.info(
      `patient import ${importId}: handed back; the next worker resumes after the last committed row`,
    );
    return 'handed back';
  };
  const submit = async (batch: ClassifiedRow[]) => {
    inFlight.push(commit(batch));
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
  };

  try {
    const first = job.chunk_count ? await readChunk(deps.orm, importId, 0) : null;
    if (!first || first.length === 0) return await fail('The file is empty.');
    if (first.includes(0))
      return await fail(
        'This is not a CSV text file. Save the spreadsheet as CSV (comma-separated values) and upload that.',
      );
    const parser = parse({
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      max_record_size: 64 * 1024,
    });
    const source = Readable.from(chunksOf(deps.orm, importId, job.chunk_count, first));
    source.on('error', (e) => parser.destroy(e));
    source.pipe(parser);

    let rowNo = 0;
    let columns: Columns | null = null;
    let dataRows = 0;
    let batches = 0;
    const seen = new Set<string>();
    let batch: ClassifiedRow[] = [];
    try {
      for await (const cells of parser as AsyncIterable<string[]>) {
        rowNo++;
        if (!columns) {
          const header = detectHeader(cells);
          columns = header ?? DEFAULT_COLUMNS;
          if (header) continue;
        }
        dataRows++;
        const row = classifyRow(rowNo, cells, columns, seen);
        if (rowNo <= job.next_row) continue; // committed before a crash; `seen` is rebuilt all the same
        batch.push(row);
        if (batch.length >= batchSize) {
          await submit(batch);
          batch = [];
          if (options.maxBatches && ++batches >= options.maxBatches) {
            source.destroy();
            await settle();
            return 'stopped';
          }
          if (options.signal?.aborted) {
            source.destroy();
            await settle();
            return await handBack();
          }
        }
      }
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      if (batch.length) await submit(batch);
      await settle();
      return await fail(
        `The file could not be read as CSV: ${e.message}. Rows before the fault that were processed are in the report.`,
      );
    }
    if (batch.length) await submit(batch);
    await settle();
    if (dataRows === 0)
      return await fail(
        columns && rowNo ? 'The file has a header but no rows.' : 'The file has no rows.',
      );

    const now = deps.clock.now();
    await deps.orm.em.fork().transactional(async (tx) => {
      const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
      const [done] = await tx.getConnection().execute<
        {
          invited_count: number;
          refused_count: number;
          total_rows: number;
          file_name: string | null;
        }[]
      >(
        `update patient_import set status = 'DONE', total_rows = invited_count + refused_count, finished_at = ?, lease_until = null, updated_at = ?
          where id = ? and lease_until = ? returning invited_count, refused_count, total_rows, file_name`,
        [now, now, importId, lease],
        'all',
        ctx,
      );
      if (!done) throw new LeaseLost();
      // The upload held patients' addresses; the report keeps what is needed, the file goes.
      await tx
        .getConnection()
        .execute('delete from patient_import_chunk where import_id = ?', [importId], 'run', ctx);
      audit(tx, deps.clock, {
        action: 'patient-import.finished',
        actor: job.created_by_id ? { id: job.created_by_id, email: inviter?.email ?? null } : null,
        organisationId: scope.organisationId,
        deploymentId: scope.deploymentId,
        target: { type: 'PatientImport', id: importId, label: done.file_name },
        after: {
          totalRows: done.total_rows,
          invitedCount: done.invited_count,
          refusedCount: done.refused_count,
        },
      });
    });
    await deps.notifyDelivery();
    return 'done';
  } catch (e) {
    await settle().catch(() => undefined);
    if (e instanceof LeaseLost) {
      deps.log.warn(`patient import ${importId}: another worker took over; stopping`);
      return 'lost';
    }
    throw e;
  }
}

async function readChunk(orm: MikroORM, importId: string, seq: number): Promise<Buffer | null> {
  const [row] = await orm.em
    .getConnection()
    .execute<{ data: Buffer }[]>(
      'select data from patient_import_chunk where import_id = ? and seq = ?',
      [importId, seq],
    );
  return row?.data ?? null;
}

/** The upload, one stored chunk in memory at a time. */
async function* chunksOf(
  orm: MikroORM,
  importId: string,
  count: number,
  first: Buffer,
): AsyncGenerator<Buffer> {
  yield first;
  for (let seq = 1; seq < count; seq++) {
    const data = await readChunk(orm, importId, seq);
    if (!data) throw new Error(`patient import ${importId}: chunk ${seq} is missing`);
    yield data;
  }
}

/**
 * Imports waiting for a worker: QUEUED ones (the wake-up was lost) and RUNNING ones whose worker
 * stopped renewing its lease (crashed). The sweeper queues a job for each.
 */
export async function importsToResume(orm: MikroORM, clock: Clock): Promise<string[]> {
  const rows = await orm.em
    .getConnection()
    .execute<{ id: string }[]>(
      `select id from patient_import where status = 'QUEUED' or (status = 'RUNNING' and lease_until < ?) order by created_at limit 100`,
      [clock.now()],
    );
  return rows.map((r) => r.id);
}
