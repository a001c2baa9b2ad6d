import { Migrator } from '@mikro-orm/migrations';
import type { EntitySchema } from '@mikro-orm/core';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import { AGENDA_TABLES } from '../jobs/agenda.js';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../common/logger.js';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Every persisted entity (the list is the composition root's: app/entities.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- schemas of many entity types in one list, as MikroORM's own `entities` option types it
export type Entities = EntitySchema<any, any>[];

export function ormConfig(
  clientUrl: string,
  entities: Entities,
  extra: Partial<Options> = {},
): Options {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    // Compiled (.js) or source (.ts) migrations, whichever sit beside this file's tree.
    migrations: {
      path: MIGRATIONS,
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    // Agenda owns its tables; without this the schema diff would drop them.
    schemaGenerator: { skipTables: [...AGENDA_TABLES] },
    pool: { min: 0, max: 10 },
    ...extra,
  });
}

/** Connects and applies pending checked-in migrations (never a schema diff at start-up). */
export async function openDatabase(
  clientUrl: string,
  entities: Entities,
  log: Logger,
  pool?: { min: number; max: number },
): Promise<MikroORM> {
  const orm = await MikroORM.init(ormConfig(clientUrl, entities, pool ? { pool } : {}));
  const applied = await orm.migrator.up();
  if (applied.length) log.info(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
  return orm;
}
