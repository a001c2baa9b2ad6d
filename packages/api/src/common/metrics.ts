import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus metrics (prom-client), served at /metrics by the API and by a
 * worker's health port. One registry per process: every API and worker exports its own series
 * and Prometheus sums them. The names are the operator's contract (docs/OPERATIONS.md lists
 * them); add to this file rather than making registries elsewhere.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'porter_' }); // event-loop lag, heap, GC, fds

export const metrics = {
  httpRequests: new Counter({
    name: 'porter_http_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  }),
  httpDuration: new Histogram({
    name: 'porter_http_request_duration_seconds',
    help: 'HTTP request duration, by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  graphqlOperations: new Counter({
    name: 'porter_graphql_operations_total',
    help: 'GraphQL operations, by operation name and outcome (ok, or the first error code).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  }),
  graphqlDuration: new Histogram({
    name: 'porter_graphql_operation_duration_seconds',
    help: 'GraphQL operation duration, by operation name.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  /** Set at scrape time from the delivery table (every process sees the same figures). */
  deliveries: new Gauge({
    name: 'porter_deliveries',
    help: 'Unfinished deliveries by channel and status (queued, sending, retrying).',
    labelNames: ['channel', 'status'] as const,
    registers: [registry],
  }),
  oldestDueDelivery: new Gauge({
    name: 'porter_delivery_oldest_due_seconds',
    help: 'Age of the oldest delivery that is due and not yet sent (0 when none).',
    registers: [registry],
  }),
  leaseExpiries: new Counter({
    name: 'porter_delivery_lease_expiries_total',
    help: 'Deliveries claimed again after another worker’s lease ran out.',
    labelNames: ['channel'] as const,
    registers: [registry],
  }),
  duplicates: new Counter({
    name: 'porter_delivery_duplicates_total',
    help: 'Messages that may have been sent twice (a worker died after the provider took it).',
    labelNames: ['channel'] as const,
    registers: [registry],
  }),
  deliveryAttempts: new Counter({
    name: 'porter_delivery_attempts_total',
    help: 'Delivery attempts by channel and outcome (sent, skipped, retry, failed).',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  }),
  providerErrors: new Counter({
    name: 'porter_provider_errors_total',
    help: 'Errors answered by a provider, by provider and code (SMTP reply code, Twilio code).',
    labelNames: ['provider', 'code'] as const,
    registers: [registry],
  }),
  importRows: new Counter({
    name: 'porter_import_rows_total',
    help: 'CSV import rows processed, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  jobRuns: new Counter({
    name: 'porter_job_runs_total',
    help: 'Job runs, by job name and outcome (ok, failed).',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  }),
  dbPool: new Gauge({
    name: 'porter_db_pool_connections',
    help: 'Database pool connections, by state (total, idle, waiting).',
    labelNames: ['state'] as const,
    registers: [registry],
  }),
};
