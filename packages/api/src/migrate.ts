import 'reflect-metadata';
import { createLogger } from './common/logger.js';
import { devConvenienceProblem, loadEnv } from './config/env.js';
import { ENTITIES } from './app/entities.js';
import { provideDatabase } from './infra/db/database.js';
import { migrate, openDatabase } from './infra/db/orm.js';
import { seedDemo } from './seed/demo.js';

// Applies pending migrations, under the same advisory lock the processes take at start-up, then
// exits 0 (1 on failure); with PORTER_SEED_DEMO=true it then seeds the demo, as start-up would. For release pipelines, with the processes started PORTER_MIGRATE=false:
//   node packages/api/dist/migrate.js        (pnpm --filter @porter/api migrate)
const env = loadEnv();
const log = createLogger(env.LOG_LEVEL);
const exposed = devConvenienceProblem(env, false);
if (exposed) {
  log.error(exposed);
  process.exit(1);
}
const db = await provideDatabase(env, log);
try {
  const orm = await openDatabase(db.url, ENTITIES, log, { migrate: false });
  try {
    const applied = await migrate(orm, db.url, log);
    if (!applied.length) log.info('migrations: nothing to apply');
    // The demo organisation and users on an empty database, when asked (docker-compose.yml's
    // migrate service does, so a scaled api never races to seed).
    if (env.seedDemo) await seedDemo(orm.em.fork(), log);
  } finally {
    await orm.close();
  }
} catch (error) {
  log.error('migration failed', error);
  process.exitCode = 1;
} finally {
  await db.stop();
}
