import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphQLClient } from '../../test/harness.js';
import { createLogger } from '../common/logger.js';
import { loadEnv } from '../config/env.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../seed/demo.js';
import { OrganisationEntity } from '../modules/organisation/organisation.entity.js';
import { createRuntime } from './runtime.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'porter-runtime-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = () =>
  createRuntime({
    env: loadEnv({
      NODE_ENV: 'development',
      PORT: '0',
      PORTER_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    }),
    log: createLogger('silent'),
    http: true,
    worker: true,
  });

describe('the embedded default', () => {
  it('starts a real PostgreSQL in the data folder, seeds the demo once, and keeps data across restarts', async () => {
    const first = await start();
    let organisationId: string;
    try {
      expect(first.databaseUrl).toMatch(
        /^postgresql:\/\/postgres:postgres@127\.0\.0\.1:\d+\/porter$/,
      );
      const em = first.orm.em.fork();
      const organisations = await em.find(OrganisationEntity, {});
      expect(organisations.map((o) => o.name)).toEqual(['Riverside Health']);
      organisationId = organisations[0]!.id;
      // Every demo sign-in from the README works.
      for (const demo of DEMO_USERS) {
        const client = await new GraphQLClient(first.http!.url).signIn(demo.email, DEMO_PASSWORD);
        const { viewer } = await client.ok('{ viewer { assignments { role { key } } } }');
        expect(viewer.assignments.map((a: any) => a.role.key)).toEqual([demo.role]);
      }
      // The worker scheduled its recurring jobs in PostgreSQL.
      const jobs = await first.orm.em
        .getConnection()
        .execute(`select name from agenda_jobs where repeat_interval is not null`);
      expect(jobs.map((j: any) => j.name)).toContain('session-cleanup');
    } finally {
      await first.stop();
    }

    const second = await start();
    try {
      const organisations = await second.orm.em.fork().find(OrganisationEntity, {});
      expect(organisations.map((o) => o.id)).toEqual([organisationId]);
    } finally {
      await second.stop();
    }
  });
});
