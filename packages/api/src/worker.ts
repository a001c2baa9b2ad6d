import 'reflect-metadata';
import { createLogger } from './common/logger.js';
import { loadEnv, modeLine } from './config/env.js';
import { createRuntime, runProcess } from './app/runtime.js';
import { startHealthServer } from './app/health.js';

// A worker-only process. It needs DATABASE_URL: an embedded PostgreSQL belongs to one process,
// so with the embedded default the worker runs inside the API process instead.
const env = loadEnv();
const log = createLogger(env.LOG_LEVEL, { format: env.LOG_FORMAT });
log.info(modeLine(env, 'porter worker'));
if (!env.DATABASE_URL) {
  log.error('the worker needs DATABASE_URL; without it, run the API, which includes the worker');
  process.exit(1);
}
runProcess(
  async () => {
    const porter = await createRuntime({
      env: { ...env, seedDemo: false },
      log,
      http: false,
      worker: true,
    });
    // /healthz, /readyz and /metrics for the worker's probes and Prometheus.
    const health = await startHealthServer(
      { orm: porter.orm, jobs: porter.jobs, log },
      { port: env.WORKER_HEALTH_PORT, host: env.HOST },
    );
    log.info(`worker health on http://${env.HOST}:${health.port}`);
    return porter;
  },
  log,
  env.SHUTDOWN_GRACE_MS,
);
