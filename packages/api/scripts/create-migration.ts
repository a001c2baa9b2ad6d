// Writes a new migration to src/migrations from the difference between the entities and a fresh
// database with every existing migration applied. Review the file before committing it.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { ensureDatabase, startEmbeddedPostgres } from '../src/infra/db/embedded.js';
import { ormConfig } from '../src/infra/db/orm.js';
import { ENTITIES } from '../src/app/entities.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'porter-migration-'));
const server = await startEmbeddedPostgres({
  dataDir: path.join(dir, 'pg'),
  ephemeral: true,
  fast: true,
});
try {
  await ensureDatabase(server.adminUrl, 'porter');
  const orm = await MikroORM.init(ormConfig(server.urlFor('porter'), ENTITIES));
  await orm.migrator.up();
  const initial = process.argv.includes('--initial');
  const result = await orm.migrator.create(undefined, false, initial);
  console.log(
    result.fileName
      ? `wrote src/migrations/${result.fileName}`
      : 'no changes: the entities match the migrations',
  );
  await orm.close();
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
