import 'reflect-metadata';
import { createLogger } from './common/logger.js';
import { loadEnv } from './config/env.js';
import { createRuntime, stopOnSignals } from './app/runtime.js';

// The API process. By default it also runs the job worker (PORTER_WORKER=false to run it apart).
const env = loadEnv();
const log = createLogger(env.LOG_LEVEL, { format: env.LOG_FORMAT });
createRuntime({ env, log, http: true, worker: env.PORTER_WORKER }).then(
  (porter) => stopOnSignals(porter, log),
  (error: unknown) => {
    log.error('failed to start', error);
    process.exit(1);
  },
);
