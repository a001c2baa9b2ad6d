import 'reflect-metadata';
import { createLogger } from './common/logger.js';
import { loadEnv, modeLine } from './config/env.js';
import { createRuntime, runProcess } from './app/runtime.js';

// The API process. By default it also runs the job worker (PORTER_WORKER=false to run it apart).
const env = loadEnv();
const log = createLogger(env.LOG_LEVEL, { format: env.LOG_FORMAT });
log.info(modeLine(env, 'porter API'));
runProcess(
  () => createRuntime({ env, log, http: true, worker: env.PORTER_WORKER }),
  log,
  env.SHUTDOWN_GRACE_MS,
  env.SHUTDOWN_DELAY_MS,
);
