import 'reflect-metadata';
import { createLogger } from './common/logger.js';
import { loadEnv } from './config/env.js';
import { createRuntime, stopOnSignals } from './app/runtime.js';

// A worker-only process. It needs DATABASE_URL: an embedded PostgreSQL belongs to one process,
// so with the embedded default the worker runs inside the API process instead.
const env = loadEnv();
const log = createLogger(env.LOG_LEVEL);
if (!env.DATABASE_URL) {
  log.error('the worker needs DATABASE_URL; without it, run the API, which includes the worker');
  process.exit(1);
}
createRuntime({ env: { ...env, seedDemo: false }, log, http: false, worker: true }).then(
  (porter) => stopOnSignals(porter, log),
  (error: unknown) => {
    log.error('failed to start', error);
    process.exit(1);
  },
);
