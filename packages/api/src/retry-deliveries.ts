import 'reflect-metadata';
import { createLogger } from './common/logger.js';
import { loadEnv } from './config/env.js';
import { ENTITIES } from './app/entities.js';
import { parseRetryArgs, retryDeliveries, RETRY_USAGE } from './app/retry-deliveries.js';
import { provideDatabase } from './infra/db/database.js';
import { openDatabase } from './infra/db/orm.js';

// Sends failed invitation messages again, with the links they carried (docs/OPERATIONS.md):
//   node packages/api/dist/retry-deliveries.js [--organisation <id>] [--since <date-time>]
//        [--channel EMAIL|SMS] [--dry-run]          (pnpm --filter @porter/api retry-deliveries)
// Exits 0 when done, 2 on bad arguments, 1 on failure.
const options = parseRetryArgs(process.argv.slice(2));
if ('error' in options) {
  console.error(`${options.error}\n${RETRY_USAGE}`);
  process.exit(2);
}

const env = loadEnv();
const log = createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL);
const db = await provideDatabase(env, log);
try {
  const orm = await openDatabase(db.url, ENTITIES, log, { migrate: false });
  try {
    const { retried, noToken } = await retryDeliveries(orm, options, new Date());
    const verb = options.dryRun ? 'would queue' : 'queued';
    console.log(`${verb} ${retried.length} failed messages again with the links they carried`);
    if (noToken.length)
      console.log(
        `${noToken.length} failed without a link kept (NO_TOKEN); resend those to send a new link`,
      );
    if (!options.dryRun && retried.length)
      console.log('a running worker sends them within 30 seconds');
  } finally {
    await orm.close();
  }
} catch (error) {
  log.error('retry-deliveries failed', error);
  process.exitCode = 1;
} finally {
  await db.stop();
}
