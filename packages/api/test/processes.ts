import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject } from 'vitest';
import { TEST_APP_URL, TEST_SECRET } from './harness.js';

const API_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A real Porter process (main.ts, worker.ts, migrate.ts) started from source with tsx. */
export interface PorterProcess {
  child: ChildProcess;
  /** Everything it has logged so far. */
  output(): string;
  /** Resolves with the first log line matching `pattern`; rejects if the process exits first. */
  line(pattern: RegExp): Promise<string>;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * Starts `src/<entry>` in a process of its own, as `pnpm dev` would (tsx, the shared package's
 * source), with production-like defaults for a test: DATABASE_URL given, no demo seed, the test
 * secret, info logs. `env` adds to or overrides them.
 */
export function startPorter(entry: string, env: Record<string, string>): PorterProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@porter/source', '--import', 'tsx', `src/${entry}`],
    {
      cwd: API_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: process.env.TMPDIR,
        NODE_ENV: 'production',
        PORT: '0',
        LOG_LEVEL: 'info',
        PORTER_SECRET: TEST_SECRET,
        APP_URL: TEST_APP_URL,
        PORTER_SEED_DEMO: 'false',
        // Several workers on one machine: each its own health port.
        WORKER_HEALTH_PORT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (process.env.TEST_LOG === '1')
      process.stderr.write(`[${entry} ${child.pid}] ${chunk.toString('utf8')}`);
    for (const w of [...waiting]) {
      const found = output.split('\n').find((l) => w.pattern.test(l));
      if (found !== undefined) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(found);
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    output: () => output,
    exited,
    line: (pattern) =>
      new Promise<string>((resolve, reject) => {
        const found = output.split('\n').find((l) => pattern.test(l));
        if (found !== undefined) return resolve(found);
        waiting.push({ pattern, resolve });
        void exited.then((code) =>
          reject(new Error(`${entry} exited (${code}) before logging ${pattern}:\n${output}`)),
        );
      }),
  };
}

/** Stops a process that is still running (after a failed test), without waiting long. */
export async function killPorter(p: PorterProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGKILL');
  await p.exited;
}

/** A new, empty database (no migrations applied) on the test run's PostgreSQL. */
export async function emptyDatabase(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `porter_empty_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
