import { Migrator } from '@mikro-orm/migrations';
import type { EntitySchema } from '@mikro-orm/core';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import { CompiledQuery, type DatabaseConnection } from 'kysely';
import { AGENDA_TABLES } from '../jobs/agenda.js';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../common/logger.js';
import { currentScope } from '../../common/scope.js';

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
    // A database that does not answer fails a connection attempt (or a wait for a free one) in
    // 10 s, which the API answers as SERVICE_UNAVAILABLE, instead of holding requests forever.
    driverOptions: { connectionTimeoutMillis: 10_000 },
    onReserveConnection: applyScopeLimits,
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

/** What each pooled connection was last set to ('' = the server's defaults). */
const applied = new WeakMap<DatabaseConnection, string>();

/**
 * Statement and lock timeouts for request-path work only. A request's scope carries its limits
 * (app/access-log.ts sets DB_STATEMENT_TIMEOUT_MS and DB_LOCK_TIMEOUT_MS); jobs, migrations and
 * scripts run with none, so a 100,000-row import batch, a reminder scan over a million
 * invitations or a migrator waiting for the advisory lock is never cut short. A connection is
 * set (or reset) only when it moves between the two kinds of work: one extra round trip then,
 * none while an API-only process's connections stay on requests.
 */
async function applyScopeLimits(reserved: unknown): Promise<void> {
  const connection = reserved as DatabaseConnection; // kysely's, typed `unknown` by MikroORM
  const limits = currentScope()?.dbLimits;
  const wanted = limits ? `${limits.statementMs}/${limits.lockMs}` : '';
  if ((applied.get(connection) ?? '') === wanted) return;
  const sql = limits
    ? `set statement_timeout = ${Math.trunc(limits.statementMs)}; set lock_timeout = ${Math.trunc(limits.lockMs)}`
    : 'reset statement_timeout; reset lock_timeout';
  await connection.executeQuery(CompiledQuery.raw(sql));
  applied.set(connection, wanted);
}
