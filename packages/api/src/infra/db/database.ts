import path from 'node:path';
import type { Env } from '../../config/env.js';
import type { Logger } from '../../common/logger.js';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise a real embedded PostgreSQL kept in PORTER_DATA_DIR/pg, loaded
 * only then. `stop()` comes last in a shutdown: the embedded server outlives every pool.
 */
export async function provideDatabase(env: Env, log: Logger): Promise<DatabaseHandle> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  const { ensureDatabase, startEmbeddedPostgres } = await import('./embedded.js');
  const dataDir = path.join(env.PORTER_DATA_DIR, 'pg');
  const server = await startEmbeddedPostgres({ dataDir, log: (line) => log.debug(`[pg] ${line}`) });
  try {
    await ensureDatabase(server.adminUrl, 'porter');
  } catch (error) {
    await server.stop();
    throw error;
  }
  log.info(`embedded PostgreSQL in ${dataDir} on ${new URL(server.adminUrl).port}`);
  return { url: server.urlFor('porter'), embedded: true, stop: () => server.stop() };
}
