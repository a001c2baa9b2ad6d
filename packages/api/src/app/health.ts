import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Express } from 'express';
import type { Jobs } from '../common/context.js';
import type { Logger } from '../common/logger.js';
import { metrics, registry } from '../common/metrics.js';
import { trackOutage, type Outage } from '../common/outage.js';
import { pendingMigrations } from '../infra/db/orm.js';
import { requestScope } from './access-log.js';

/** How long readiness waits for the database (`select 1`, the migration check). */
const PROBE_TIMEOUT_MS = 2_000;
/** A worker whose job runner has not polled for this long is not ready. */
const HEARTBEAT_STALE_MS = 30_000;
/** While the database is down, how often it is tried again to notice that it is back. */
const OUTAGE_PROBE_MS = 1_000;

export interface HealthDeps {
  orm: MikroORM;
  jobs: Jobs;
  log: Logger;
}

export interface Check {
  ok: boolean;
  [detail: string]: unknown;
}

export interface Readiness {
  ok: boolean;
  checks: Record<string, Check>;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** `select 1` on the ORM's pool, within the probe timeout. */
export async function pingDatabase(orm: MikroORM, ms = PROBE_TIMEOUT_MS): Promise<void> {
  await withTimeout(orm.em.getConnection().execute('select 1'), ms, 'database');
}

/**
 * The process's view of the database: one warn line when it stops answering and one info line
 * when it is back. A failure starts a probe (`select 1` each second) that ends the outage, so the
 * recovery is logged even if no request comes.
 */
export interface DatabaseWatch extends Outage {
  close(): void;
}

export function watchDatabase(orm: MikroORM, log: Logger): DatabaseWatch {
  const outage = trackOutage(log, 'database');
  let probe: NodeJS.Timeout | null = null;
  let probing = false;
  const stopProbe = () => {
    if (probe) clearInterval(probe);
    probe = null;
  };
  return {
    get down() {
      return outage.down;
    },
    failed(error) {
      outage.failed(error);
      if (probe) return;
      probe = setInterval(() => {
        if (probing) return;
        probing = true;
        pingDatabase(orm)
          .then(() => {
            stopProbe();
            outage.ok();
          })
          .catch(() => undefined)
          .finally(() => (probing = false));
      }, OUTAGE_PROBE_MS);
      probe.unref();
    },
    ok() {
      stopProbe();
      outage.ok();
    },
    close: stopProbe,
  };
}

/**
 * Readiness: the database answers `select 1` within 2 s, no checked-in migration is pending, and
 * (when this process runs jobs) the job runner polled in the last 30 s.
 */
export async function readiness(deps: HealthDeps, database?: Outage): Promise<Readiness> {
  const checks: Record<string, Check> = {};
  const started = Date.now();
  try {
    await pingDatabase(deps.orm);
    checks.database = { ok: true, ms: Date.now() - started };
    database?.ok();
  } catch (error) {
    checks.database = { ok: false, error: message(error) };
    database?.failed(error);
  }
  if (checks.database.ok) {
    try {
      const pending = await withTimeout(
        pendingMigrations(deps.orm),
        PROBE_TIMEOUT_MS,
        'migrations',
      );
      checks.migrations = { ok: pending.length === 0, pending };
    } catch (error) {
      checks.migrations = { ok: false, error: message(error) };
    }
  } else {
    checks.migrations = { ok: false, error: 'database unavailable' };
  }
  const heartbeat = deps.jobs.lastHeartbeat();
  if (heartbeat !== null) {
    const ageMs = Date.now() - heartbeat;
    checks.worker = { ok: ageMs < HEARTBEAT_STALE_MS, heartbeatAgeMs: ageMs };
  }
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}

interface DeliveryCount {
  channel: string;
  status: string;
  n: number;
  oldest_due_s: number | null;
}

/**
 * Gauges read from the database when Prometheus scrapes: the unfinished deliveries (queued,
 * sending, retrying) by channel and status, and the age of the oldest due one, from one grouped
 * query over the partial index invitation_delivery_due, so a scrape does not grow with the history
 * (finished outcomes are porter_delivery_attempts_total); and the ORM pool.
 * Every process reports the same delivery figures; dashboards take max(), not sum().
 */
export async function collectDatabaseMetrics(orm: MikroORM): Promise<void> {
  try {
    const pool = (await orm.em.getConnection().getNativeClient()) as {
      totalCount: number;
      idleCount: number;
      waitingCount: number;
    };
    metrics.dbPool.set({ state: 'total' }, pool.totalCount);
    metrics.dbPool.set({ state: 'idle' }, pool.idleCount);
    metrics.dbPool.set({ state: 'waiting' }, pool.waitingCount);
  } catch {
    // Not connected yet: no pool figures this scrape.
  }
  const rows = await withTimeout(
    orm.em.getConnection().execute<DeliveryCount[]>(
      `select channel, status, count(*)::int as n,
              extract(epoch from now() - min(next_attempt_at)
                filter (where status in ('QUEUED', 'RETRY') and next_attempt_at <= now()))::float8 as oldest_due_s
         from invitation_delivery where status in ('QUEUED', 'SENDING', 'RETRY')
        group by channel, status`,
    ),
    PROBE_TIMEOUT_MS,
    'delivery metrics',
  );
  metrics.deliveries.reset();
  let oldest = 0;
  for (const row of rows) {
    const status = row.status === 'RETRY' ? 'retrying' : row.status.toLowerCase();
    metrics.deliveries.set({ channel: row.channel, status }, row.n);
    if (row.oldest_due_s !== null) oldest = Math.max(oldest, row.oldest_due_s);
  }
  metrics.oldestDueDelivery.set(oldest);
}

/** /healthz (alive: no database), /readyz (readiness(), 200 or 503) and /metrics (Prometheus). */
export function mountHealth(app: Express, deps: HealthDeps, database?: Outage): void {
  app.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const result = await readiness(deps, database);
    res
      .status(result.ok ? 200 : 503)
      .set('cache-control', 'no-store')
      .json(result);
  });
  app.get('/metrics', async (_req, res) => {
    // A scrape still answers with the process's own series when the database does not.
    await collectDatabaseMetrics(deps.orm).catch((error: unknown) => database?.failed(error));
    res.set('content-type', registry.contentType).send(await registry.metrics());
  });
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** The worker-only process's small HTTP server: /healthz, /readyz, /metrics and nothing else. */
export async function startHealthServer(
  deps: HealthDeps,
  listen: { port: number; host: string },
): Promise<HealthServer> {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestScope(deps.log));
  const database = watchDatabase(deps.orm, deps.log);
  mountHealth(app, deps, database);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(listen.port, listen.host, resolve));
  // Probes must not keep a stopping worker alive.
  server.unref();
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      database.close();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
