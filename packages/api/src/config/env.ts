import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root: the default home of the `.porter/` data folder. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  /** A PostgreSQL URL. Without it the API runs an embedded PostgreSQL in PORTER_DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * The job queue's own connection (Agenda holds a LISTEN on it): a session-mode pool or PostgreSQL
   * itself, when DATABASE_URL goes through PgBouncer in transaction mode. Default: DATABASE_URL.
   */
  JOBS_DATABASE_URL: z.string().url().optional(),
  PORTER_DATA_DIR: z.string().default(path.join(REPO_ROOT, '.porter')),
  /** The public address of the SPA, used in links. */
  APP_URL: z.string().url().default('http://localhost:5173'),
  /** Run the job worker inside the API process (the default); set to false to run it apart. */
  PORTER_WORKER: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Create the demo organisation and users on an empty database (default: on in development). */
  PORTER_SEED_DEMO: z.enum(['true', 'false']).optional(),
  /** Serve the built SPA from this folder (default in production: packages/web/dist). */
  WEB_DIST: z.string().optional(),
  /** Seals invitation tokens on their way to the mailer; at least 32 characters. Development keeps one in PORTER_DATA_DIR. */
  PORTER_SECRET: z.string().min(32).optional(),
  /** SMTP server for email, e.g. smtp://user:pass@host:587. Without it, email goes to the development outbox. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Porter <no-reply@porter.example>'),
  /** SMTP connection, greeting and socket timeout: a hung mail server fails well within the delivery lease. */
  SMTP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Twilio for SMS: all three, or none (texts then go to the development outbox). */
  TWILIO_ACCOUNT_SID: z.string().min(1).optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  /** The sending number (E.164) or messaging service sender. */
  TWILIO_FROM: z.string().min(1).optional(),
  /** Send Twilio API calls to this base URL instead of api.twilio.com (a local fake in tests). */
  TWILIO_API_BASE: z.string().url().optional(),
  /** Twilio API request timeout. */
  TWILIO_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** Country assumed for mobile numbers typed without +country code (ISO 3166 alpha-2); deployments can override it. */
  SMS_DEFAULT_COUNTRY: z.string().length(2).default('GB'),
  /** Where providers reach this API (Twilio status callbacks). Default: APP_URL (the API serves the SPA in production; Vite proxies in development). */
  PUBLIC_URL: z.string().url().optional(),
  /** Delivery retries (modules/delivery/backoff.ts): the first retry's ceiling, doubling from there… */
  DELIVERY_BACKOFF_BASE_MS: z.coerce.number().int().positive().default(30_000),
  /** …up to this; each wait is random up to the ceiling (full jitter). */
  DELIVERY_BACKOFF_MAX_MS: z.coerce.number().int().positive().default(3_600_000),
  /** Transient failures retry at least this long from the first attempt (26 h), then fail. */
  DELIVERY_RETRY_FOR_MS: z.coerce.number().int().positive().default(93_600_000),
  /** How long a worker's claim on a delivery holds; a crashed worker's deliveries return after it. */
  DELIVERY_LEASE_MS: z.coerce.number().int().positive().default(300_000),
  /**
   * Allow the development outbox and the demo seed although the API listens beyond loopback or
   * APP_URL is not a local address (a shared staging machine, say). Off: they refuse to start.
   */
  PORTER_DEV_ON_NETWORK: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Show the development outbox (messages kept instead of sent) through the API. Default: on outside production. */
  PORTER_DEV_OUTBOX: z.enum(['true', 'false']).optional(),
  /**
   * Which proxies in front of the API to believe about the client's address (express's
   * `trust proxy`): per-address rate limits and audit IPs depend on it. Default: loopback only.
   */
  TRUST_PROXY: z.string().min(1).default('loopback'),
  /**
   * Apply pending migrations at start-up (under a PostgreSQL advisory lock, so processes started
   * together wait for one migrator). false: the release runs `pnpm migrate` instead.
   */
  PORTER_MIGRATE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** SIGTERM/SIGINT: how long in-flight requests and jobs may take before the process exits 1. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(25_000),
  /** SIGTERM/SIGINT: how long an API keeps serving before it stops accepting (requests already sent start). */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).default(1_000),
  SESSION_TTL_DAYS: z.coerce.number().int().positive().default(14),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Log lines as JSON (one object a line) or short human lines. Default: pretty on a terminal, JSON otherwise. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** A worker-only process serves /healthz, /readyz and /metrics on this port (0: any free port). */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Longest statement, and longest lock wait, of a request's database work (jobs and migrations are exempt). */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
});

export type Env = z.infer<typeof schema> & {
  seedDemo: boolean;
  webDist: string | null;
  devOutbox: boolean;
  publicUrl: string;
  /** NODE_ENV was not given: development by default, said in the first log line. */
  modeByDefault: boolean;
};

/**
 * Agenda's lock on a running job (infra/jobs/define-job.ts): a delivery lease must end before it,
 * so that the drain which takes over a dead worker's job finds that worker's claims free.
 */
const JOB_LOCK_MS = 10 * 60_000;

/**
 * The timeouts a send can spend, against the lease that holds its claim: a send that outlives its
 * lease is claimed again by another worker and may go twice. A hung SMTP server costs at most the
 * connection, greeting and socket timeouts in turn.
 */
function leaseProblems(env: z.infer<typeof schema>): string[] {
  const lease = env.DELIVERY_LEASE_MS;
  const problems: string[] = [];
  if (3 * env.SMTP_TIMEOUT_MS >= lease)
    problems.push(
      `  SMTP_TIMEOUT_MS: ${env.SMTP_TIMEOUT_MS} ms; a hung send may take three times it, which must stay under DELIVERY_LEASE_MS (${lease} ms)`,
    );
  if (2 * env.TWILIO_TIMEOUT_MS >= lease)
    problems.push(
      `  TWILIO_TIMEOUT_MS: ${env.TWILIO_TIMEOUT_MS} ms; twice it must stay under DELIVERY_LEASE_MS (${lease} ms)`,
    );
  if (lease >= JOB_LOCK_MS)
    problems.push(
      `  DELIVERY_LEASE_MS: ${lease} ms; must stay under the job lock (${JOB_LOCK_MS} ms) so a dead worker's claims are free when its job is taken over`,
    );
  return problems;
}

/** The first log line of a process: which mode it runs in, and why when by default. */
export function modeLine(env: Env, what: string): string {
  return `${what} starting in ${env.NODE_ENV} mode${env.modeByDefault ? ' (NODE_ENV is not set; set NODE_ENV=production for a real deployment)' : ''}`;
}

/** Host names that only reach this machine, or can reach nobody (RFC 6761: .test, .localhost). */
const LOCAL_NAME = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1|[\w.-]+\.(localhost|test))$/i;

/**
 * Why the development conveniences may not run here, or null: the outbox (any visitor reads
 * every invitation link) and the demo seed (accounts with published passwords) only on a machine
 * of one's own — the API on loopback and APP_URL a local address — unless PORTER_DEV_ON_NETWORK.
 * `listens`: this process serves HTTP (the API); the migrate command only seeds.
 */
export function devConvenienceProblem(env: Env, listens: boolean): string | null {
  const on = [
    listens && env.devOutbox ? 'the development outbox (PORTER_DEV_OUTBOX)' : null,
    env.seedDemo ? 'the demo seed (PORTER_SEED_DEMO)' : null,
  ].filter((x) => x !== null);
  if (!on.length || env.PORTER_DEV_ON_NETWORK) return null;
  const appHost = new URL(env.APP_URL).hostname;
  const where = [
    listens && !LOCAL_NAME.test(env.HOST) ? `HOST is ${env.HOST}, not loopback` : null,
    !LOCAL_NAME.test(appHost) ? `APP_URL is ${env.APP_URL}, not a local address` : null,
  ].filter((x) => x !== null);
  if (!where.length) return null;
  return `${on.join(' and ')} ${on.length > 1 ? 'are' : 'is'} for a machine of your own, but ${where.join(' and ')}. Turn ${on.length > 1 ? 'them' : 'it'} off (PORTER_DEV_OUTBOX=false, PORTER_SEED_DEMO=false), or set PORTER_DEV_ON_NETWORK=true to allow ${on.length > 1 ? 'them' : 'it'} here.`;
}

/**
 * Parses the environment once. The only reader of process.env: an invalid value prints every
 * problem and stops the process rather than failing later.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable (e.g. `TWILIO_FROM=` from docker compose) means unset.
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  if (production && !env.PORTER_SECRET && env.DATABASE_URL) {
    throw new Error(
      'Invalid environment:\n  PORTER_SECRET: required in production with DATABASE_URL (every process must share it)',
    );
  }
  const twilio = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, env.TWILIO_FROM].filter(
    Boolean,
  ).length;
  if (twilio !== 0 && twilio !== 3) {
    throw new Error(
      'Invalid environment:\n  TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM: set all three or none',
    );
  }
  const timing = leaseProblems(env);
  if (timing.length) throw new Error(`Invalid environment:\n${timing.join('\n')}`);
  return {
    ...env,
    SMS_DEFAULT_COUNTRY: env.SMS_DEFAULT_COUNTRY.toUpperCase(),
    publicUrl: (env.PUBLIC_URL ?? env.APP_URL).replace(/\/$/, ''),
    seedDemo: env.PORTER_SEED_DEMO
      ? env.PORTER_SEED_DEMO === 'true'
      : env.NODE_ENV === 'development',
    webDist: env.WEB_DIST ?? (production ? path.join(REPO_ROOT, 'packages/web/dist') : null),
    devOutbox: env.PORTER_DEV_OUTBOX ? env.PORTER_DEV_OUTBOX === 'true' : !production,
    modeByDefault: !source.NODE_ENV,
  };
}
