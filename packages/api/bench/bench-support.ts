// What the API benches share: a throwaway embedded PostgreSQL, the real HTTP API on it, and a
// signed-in Admin of one deployment.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHttp } from '../src/app/server.js';
import { systemClock } from '../src/common/clock.js';
import { createLogger } from '../src/common/logger.js';
import { Sealer } from '../src/common/secret.js';
import { loadEnv } from '../src/config/env.js';
import { ensureDatabase, startEmbeddedPostgres } from '../src/infra/db/embedded.js';
import { openDatabase } from '../src/infra/db/orm.js';
import { ENTITIES } from '../src/app/entities.js';
import { createJobs } from '../src/infra/jobs/agenda.js';
import { outboxSms } from '../src/infra/sms/sms.js';
import { hashPassword } from '../src/modules/auth/password.js';
import { DeploymentEntity } from '../src/modules/deployment/deployment.entity.js';
import { OrganisationEntity } from '../src/modules/organisation/organisation.entity.js';
import { assignDefaultRole } from '../src/modules/role/role-assignment.factory.js';
import { UserEntity } from '../src/modules/user/user.entity.js';

export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-0';
const ADMIN_EMAIL = 'admin@bench.example';
const ADMIN_PASSWORD = 'bench password 123';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Starts PostgreSQL (ephemeral), the API over HTTP (no job specs: benches run jobs themselves),
 * and an organisation with one deployment whose Admin is signed in (`cookie`).
 */
export async function startBenchApi(extraEnv: Record<string, string> = {}) {
  const log = createLogger('warn');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'porter-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
  await ensureDatabase(pg.adminUrl, 'porter');
  const url = pg.urlFor('porter');
  const orm = await openDatabase(url, ENTITIES, log);
  const env = loadEnv({
    NODE_ENV: 'production',
    PORT: '0',
    DATABASE_URL: url,
    PORTER_SECRET: BENCH_SECRET,
    LOG_LEVEL: 'warn',
    APP_URL: 'http://porter.bench',
    ...extraEnv,
  });
  const sealer = new Sealer(BENCH_SECRET);
  const jobs = createJobs(url, log);
  const http = await startHttp({
    env,
    log,
    orm,
    jobs,
    sealer,
    sms: outboxSms(orm),
    clock: systemClock,
  });

  const em = orm.em.fork();
  const organisation = em.create(OrganisationEntity, {
    name: 'Bench Health',
    kind: 'REMOTE_PATIENT_MONITORING',
  });
  const deployment = em.create(DeploymentEntity, { organisation, name: 'Bench deployment' });
  const admin = em.create(UserEntity, {
    email: ADMIN_EMAIL,
    fullName: 'Bench Admin',
    passwordHash: await hashPassword(ADMIN_PASSWORD),
  });
  await em.flush();
  await assignDefaultRole(em, admin, 'ADMIN', {
    type: 'DEPLOYMENT',
    organisationId: organisation.id,
    deploymentId: deployment.id,
  });
  await em.flush();

  const signIn = await fetch(`${http.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation { signIn(email: "${ADMIN_EMAIL}", password: "${ADMIN_PASSWORD}") { id } }`,
    }),
  });
  const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;

  return {
    log,
    url,
    orm,
    env,
    sealer,
    http,
    em,
    organisation,
    deployment,
    cookie,
    stop: async () => {
      await http.close();
      await jobs.stop();
      await orm.close();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
