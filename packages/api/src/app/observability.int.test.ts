import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLClient, TEST_SECRET } from '../../test/harness.js';
import { createLogger } from '../common/logger.js';
import { runInScope } from '../common/scope.js';
import { loadEnv } from '../config/env.js';
import {
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../infra/db/embedded.js';
import { sessionCleanupJob } from '../modules/auth/index.js';
import { startHealthServer, type HealthServer } from './health.js';
import { createRuntime, type Porter } from './runtime.js';

// A PostgreSQL of this file's own, so it can be stopped under a running API.
const dir = mkdtempSync(path.join(os.tmpdir(), 'porter-observe-'));
let pg: EmbeddedDatabase;
let porter: Porter;
let health: HealthServer;
let url: string;
const lines: Record<string, any>[] = [];
const log = createLogger('debug', {
  format: 'json',
  destination: { write: (line) => lines.push(JSON.parse(line) as Record<string, any>) },
});

beforeAll(async () => {
  pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true, fast: true });
  await ensureDatabase(pg.adminUrl, 'porter');
  const env = loadEnv({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: pg.urlFor('porter'),
    PORTER_SECRET: TEST_SECRET,
    PORTER_WORKER: 'true',
    LOG_LEVEL: 'debug',
  });
  porter = await createRuntime({ env, log, http: true, worker: true, pool: { min: 0, max: 4 } });
  url = porter.http!.url;
  health = await startHealthServer(
    { orm: porter.orm, jobs: porter.jobs, log },
    { port: 0, host: '127.0.0.1' },
  );
});

afterAll(async () => {
  await health?.close();
  // The database is stopped by the last test: give the shutdown a bound.
  await Promise.race([porter?.stop(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  await pg?.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('health, readiness and metrics', () => {
  it('answers /healthz without the database and /readyz with every check', async () => {
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { ok: boolean; checks: Record<string, any> };
    expect(body.ok).toBe(true);
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.migrations).toEqual({ ok: true, pending: [] });
    expect(body.checks.worker.ok).toBe(true);
    expect(body.checks.worker.heartbeatAgeMs).toBeLessThan(30_000);
  });

  it('serves Prometheus metrics with a GraphQL operation counted by name', async () => {
    const client = new GraphQLClient(url);
    await client.request('query ViewerProbe { viewer { id } }');
    const metrics = await (await fetch(`${url}/metrics`)).text();
    for (const name of [
      'porter_http_requests_total',
      'porter_http_request_duration_seconds',
      'porter_graphql_operations_total',
      'porter_graphql_operation_duration_seconds',
      'porter_delivery_oldest_due_seconds',
      'porter_db_pool_connections',
      'porter_nodejs_eventloop_lag_seconds',
    ])
      expect(metrics).toContain(name);
    expect(metrics).toMatch(
      /porter_graphql_operations_total\{operation="ViewerProbe",outcome="ok"\} 1/,
    );
    expect(metrics).toMatch(
      /porter_http_requests_total\{method="POST",route="\/graphql",status="200"\} \d+/,
    );
    expect(metrics).toMatch(/porter_db_pool_connections\{state="total"\} \d+/);
  });

  it('serves the same on the worker health server', async () => {
    const base = `http://127.0.0.1:${health.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('porter_job_runs_total');
  });
});

describe('request ids and the access line', () => {
  it('writes one access line per request with its fields, never the variables', async () => {
    const client = new GraphQLClient(url);
    client.headers['x-request-id'] = 'probe-123';
    await client.request(
      'mutation SignInProbe($email: String!, $password: String!) { signIn(email: $email, password: $password) { id } }',
      { email: 'nobody@example.org', password: 'not-the-password-1' },
    );
    expect(client.lastResponse!.headers.get('x-request-id')).toBe('probe-123');
    const access = lines.filter((l) => l.msg === 'request' && l.requestId === 'probe-123');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/graphql',
      operation: 'SignInProbe',
      status: 200,
    });
    expect(typeof access[0]!.durationMs).toBe('number');
    const all = JSON.stringify(lines);
    expect(all).not.toContain('not-the-password-1');
    expect(all).not.toContain('nobody@example.org');
  });

  it('makes an id when the incoming one is not sane', async () => {
    const response = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'a b\tc' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('hands the request id to the jobs it queues', async () => {
    await runInScope({ requestId: 'queued-by-req' }, () => porter.jobs.enqueue(sessionCleanupJob));
    const rows = await porter.orm.em
      .getConnection()
      .execute<{ request_id: string }[]>(
        `select data->>'requestId' as request_id from agenda_jobs where name = ? and data->>'requestId' is not null`,
        [sessionCleanupJob.name],
      );
    expect(rows.map((r) => r.request_id)).toContain('queued-by-req');
  });
});

describe('with the database down', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, logging one line for the outage', async () => {
    await pg.stop();
    const before = lines.length;
    const client = new GraphQLClient(url);
    // A session cookie makes the request read the database before any resolver runs.
    client.cookie = 'porter_session=some-session-token';
    const anonymous = new GraphQLClient(url);
    for (let i = 0; i < 10; i++) {
      for (const c of [client, anonymous]) {
        // The invitation preview is public: it reads the database without a session.
        const result = await c.request(
          'query Probe { viewer { id } invitation(token: "abc") { accountExists } }',
        );
        expect(c.lastResponse!.status).toBe(503);
        expect(c.lastResponse!.headers.get('retry-after')).toBe('5');
        expect(result.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
        expect(JSON.stringify(result)).not.toContain('INTERNAL_SERVER_ERROR');
      }
    }
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as any).checks.database.ok).toBe(false);
    const during = lines.slice(before).filter((l) => l.msg !== 'request' && l.level !== 'debug');
    const warnings = during.filter((l) => l.outage === 'database');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.level).toBe('warn');
    expect(during.filter((l) => l.level === 'error')).toEqual([]);
    expect(JSON.stringify(during)).not.toContain('"stack"');
  });
});
