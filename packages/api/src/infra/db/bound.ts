import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';

/**
 * Runs one statement with its values sent as PostgreSQL bind parameters, in the entity manager's
 * transaction when it has one. `Connection.execute` inlines every value into the SQL text,
 * escaping it character by character; for the bulk writes, whose one value is a JSON document of
 * a thousand rows, that escaping cost more CPU and garbage than the rest of the statement.
 * Placeholders are `?`, as with `execute` (none of these statements uses the `?` operators).
 */
export async function runBound<T = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[],
): Promise<T[]> {
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  if (n !== params.length)
    throw new Error(`runBound: ${n} placeholders for ${params.length} values`);
  const executor =
    em.getTransactionContext<{
      executeQuery: (q: CompiledQuery) => Promise<{ rows: unknown[] }>;
    }>() ?? em.getConnection().getClient();
  const result = await executor.executeQuery(CompiledQuery.raw(text, [...params]));
  return result.rows as T[];
}
