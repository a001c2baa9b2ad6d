// Shared by bench/patient-list.ts and bench/reminder-scan.ts: an embedded PostgreSQL with more
// shared_buffers, migrated, holding one big deployment with N pending patient invitations
// (patients + invitations written server-side with generate_series), ~2% of them due for a
// reminder within 24 hours.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createLogger } from '../src/common/logger.js';
import { ensureDatabase, startEmbeddedPostgres } from '../src/infra/db/embedded.js';
import { openDatabase } from '../src/infra/db/orm.js';
import { ENTITIES } from '../src/app/entities.js';
import { hashPassword } from '../src/modules/auth/password.js';
import { DeploymentEntity } from '../src/modules/deployment/deployment.entity.js';
import { OrganisationEntity } from '../src/modules/organisation/organisation.entity.js';
import { assignDefaultRole } from '../src/modules/role/role-assignment.factory.js';
import { UserEntity } from '../src/modules/user/user.entity.js';

export const BENCH_PASSWORD = 'bench password 123';
const CHUNK = 100_000;

export async function startPendingWorld(n: number) {
  const log = createLogger('warn');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'porter-bench-'));
  const dataDir = path.join(dir, 'pg');
  // embedded.ts takes no server flags: set them once with ALTER SYSTEM, then restart on the same data.
  const first = await startEmbeddedPostgres({ dataDir });
  const admin = new pg.Client({ connectionString: first.adminUrl });
  await admin.connect();
  await admin.query(`alter system set shared_buffers = '1GB'`);
  await admin.query(`alter system set work_mem = '16MB'`);
  await admin.query(`alter system set maintenance_work_mem = '512MB'`);
  await admin.end();
  await first.stop();
  const server = await startEmbeddedPostgres({ dataDir, ephemeral: true });
  await ensureDatabase(server.adminUrl, 'porter');
  const url = server.urlFor('porter');
  const orm = await openDatabase(url, ENTITIES, log);

  const em = orm.em.fork();
  const organisation = em.create(OrganisationEntity, {
    name: 'Bench Health',
    kind: 'REMOTE_PATIENT_MONITORING',
  });
  const deployment = em.create(DeploymentEntity, { organisation, name: 'Big deployment' });
  const user = em.create(UserEntity, {
    email: 'admin@bench.example',
    fullName: 'Bench Admin',
    passwordHash: await hashPassword(BENCH_PASSWORD),
  });
  await em.flush();
  await assignDefaultRole(em, user, 'ADMIN', {
    type: 'DEPLOYMENT',
    organisationId: organisation.id,
    deploymentId: deployment.id,
  });
  await em.flush();

  const started = performance.now();
  const conn = new pg.Client({ connectionString: url });
  await conn.connect();
  await conn.query('set synchronous_commit = off');
  const now = Date.now();
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    // Created one millisecond apart (newest = 1); every 50th expires within the next 24 hours.
    await conn.query(
      `with p as (
         insert into patient (id, organisation_id, deployment_id, status, channel, email, invited_by_id, invited_at, created_at, updated_at)
         select gen_random_uuid(), $1, $2, 'INVITED', 'EMAIL', 'patient-' || g || '@bench.example', $3,
                to_timestamp($4 / 1000.0) - g * interval '1 millisecond', to_timestamp($4 / 1000.0) - g * interval '1 millisecond', to_timestamp($4 / 1000.0)
           from generate_series($5::int, $6::int) g
         returning id, email, created_at)
       insert into invitation (id, kind, channel, address, organisation_id, deployment_id, patient_id, token_hash, replaced_token_hashes, status,
                               expiry_hours, expires_at, invited_by_id, batch_id, sent_count, last_sent_at, delivery_status, created_at, updated_at)
       select gen_random_uuid(), 'PATIENT', 'EMAIL', p.email, $1, $2, p.id, encode(sha256(convert_to(p.id::text, 'UTF8')), 'hex'), '{}', 'PENDING',
              168,
              case when (hashtext(p.email) & 1023) < 20 then to_timestamp($4 / 1000.0) + (1 + (hashtext(p.id::text) & 1023) / 1024.0 * 22) * interval '1 hour'
                   else to_timestamp($4 / 1000.0) + (25 + (hashtext(p.id::text) & 1023) / 1024.0 * 140) * interval '1 hour' end,
              $3, gen_random_uuid(), 1, p.created_at, 'SENT', p.created_at, p.created_at
         from p`,
      [organisation.id, deployment.id, user.id, now, from, to],
    );
  }
  await conn.query('vacuum analyze patient');
  await conn.query('vacuum analyze invitation');
  // Write the load's dirty pages now, so the checkpointer does not compete with the measurement.
  await conn.query('checkpoint');
  const [{ due }] = (
    await conn.query(
      `select count(*)::int as due from invitation where status = 'PENDING' and reminded_at is null and expires_at <= now() + interval '24 hours'`,
    )
  ).rows;
  const loadSeconds = (performance.now() - started) / 1000;

  return {
    orm,
    url,
    log,
    organisation,
    deployment,
    user,
    conn,
    due: due as number,
    loadSeconds,
    async stop() {
      await conn.end();
      await orm.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
