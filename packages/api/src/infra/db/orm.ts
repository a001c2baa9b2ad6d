import { Migrator } from '@mikro-orm/migrations';
import type { EntitySchema } from '@mikro-orm/core';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import { CompiledQuery, type DatabaseConnection } from 'kysely';
import { AGENDA_TABLES, ensureJobTables } from '../jobs/agenda.js';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
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

/**
 * Any number 64-bit-wide that is Porter's alone: the advisory lock migrators take, so processes
 * started together on a new or outdated database apply migrations one at a time.
 */
const MIGRATION_LOCK = 0x504f5254_4d494752n; // 'PORT' 'MIGR'

/**
 * Connects and, unless told not to, applies pending checked-in migrations (never a schema diff at
 * start-up) under the migration lock.
 */
export async function openDatabase(
  clientUrl: string,
  entities: Entities,
  log: Logger,
  options: { pool?: { min: number; max: number }; migrate?: boolean } = {},
): Promise<MikroORM> {
  const orm = await MikroORM.init(
    ormConfig(clientUrl, entities, options.pool ? { pool: options.pool } : {}),
  );
  try {
    if (options.migrate !== false) await migrate(orm, clientUrl, log);
  } catch (error) {
    await orm.close();
    throw error;
  }
  return orm;
}

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock on a connection of its own
 * (a session lock lives as long as its connection; the ORM's pool would hand that connection to
 * anyone). Whoever waits finds the work done and applies nothing. Agenda's tables are made here
 * too. Returns the names applied.
 */
export async function migrate(orm: MikroORM, clientUrl: string, log: Logger): Promise<string[]> {
  const lock = new pg.Client({ connectionString: clientUrl });
  lock.on('error', (e) => log.warn(`migration lock connection: ${e.message}`));
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    const applied = await orm.migrator.up();
    await ensureJobTables(clientUrl);
    if (applied.length) log.info(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    return applied.map((m) => m.name);
  } finally {
    // Ending the session releases the lock even if the unlock cannot be sent.
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]).catch(() => {});
    await lock.end().catch(() => undefined);
  }
}

/** Checked-in migrations not yet applied to this database (readiness reports them). */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  return (await orm.migrator.getPending()).map((m) => m.name);
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
