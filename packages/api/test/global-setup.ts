import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import type { TestProject } from 'vitest/node';
import { ensureDatabase, startEmbeddedPostgres } from '../src/infra/db/embedded.js';
import { migrate, ormConfig } from '../src/infra/db/orm.js';
import { createLogger } from '../src/common/logger.js';
import { ENTITIES } from '../src/app/entities.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export const TEMPLATE_DATABASE = 'porter_template';

/** One embedded PostgreSQL for the whole run, with a migrated template database. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'porter-test-'));
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    ephemeral: true,
    fast: true,
  });
  await ensureDatabase(server.adminUrl, TEMPLATE_DATABASE);
  const templateUrl = server.urlFor(TEMPLATE_DATABASE);
  const orm = await MikroORM.init(ormConfig(templateUrl, ENTITIES));
  // As every process does at start-up: the migrations, then Agenda's tables.
  await migrate(orm, templateUrl, createLogger('silent'));
  await orm.close();
  project.provide('pgAdminUrl', server.adminUrl);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
