// What the delivery benches share: a local SMTP server with a provider's latency, worker processes
// started as production starts them (src/worker.ts), bursts queued through GraphQL, and counts read
// from the database and from the workers' /metrics.
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { RoleEntity } from '../src/modules/role/role.entity.js';
import { BENCH_SECRET, type startBenchApi } from './bench-support.js';
import { deliveryStatuses } from '../test/delivery-counts.js';

type BenchApi = Awaited<ReturnType<typeof startBenchApi>>;

const API_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** An SMTP server that takes `delayMs` to accept each message, counting recipients. */
export async function startLatentSink(delayMs: number) {
  const recipients: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () =>
        setTimeout(() => {
          recipients.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        }, delayMs),
      );
    },
  });
  // A killed worker resets its connections mid-message.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET') throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return {
    url,
    recipients,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface BenchWorker {
  child: ChildProcess;
  /** Its /metrics address. */
  url: string;
  exited: Promise<unknown>;
}

/** A worker process (src/worker.ts, from source as `pnpm dev` runs it), once it is ready. */
export function startWorker(api: BenchApi, env: Record<string, string>): Promise<BenchWorker> {
  const child = spawn(
    process.execPath,
    ['--conditions=@porter/source', '--import', 'tsx', 'src/worker.ts'],
    {
      cwd: API_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        DATABASE_URL: api.url,
        PORTER_SECRET: BENCH_SECRET,
        APP_URL: api.env.APP_URL,
        PORTER_MIGRATE: 'false',
        WORKER_HEALTH_PORT: '0',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    let url: string | null = null;
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      url ??= /worker health on http:\/\/[^:]+:(\d+)/.exec(output)?.[1] ?? null;
      ready ||= /porter ready in/.test(output);
      if (url && ready) resolve({ child, url: `http://127.0.0.1:${url}`, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`worker exited before it was ready:\n${output}`)));
  });
}

/** Queues `emails` as staff invitations of the bench deployment, in calls of 1,000. */
export async function queueBurst(api: BenchApi, emails: string[]): Promise<void> {
  const roleId = (await api.em.fork().findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' })).id;
  for (let i = 0; i < emails.length; i += 1000) {
    const response = await fetch(`${api.http.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: api.cookie },
      body: JSON.stringify({
        query: `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { results { invitationId } } }`,
        variables: {
          input: {
            organisationId: api.organisation.id,
            deploymentId: api.deployment.id,
            emails: emails.slice(i, i + 1000),
            roleId,
          },
        },
      }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`invite failed: ${JSON.stringify(body.errors)}`);
  }
}

/** Deliveries of the invitations whose address starts with `prefix`, by status. */
export const statuses = (api: BenchApi, prefix: string) => deliveryStatuses(api.orm, prefix);

/** Waits until every one of `n` deliveries with `prefix` is SENT. */
export async function allSent(api: BenchApi, prefix: string, n: number): Promise<void> {
  while (((await statuses(api, prefix))['SENT'] ?? 0) < n)
    await new Promise((resolve) => setTimeout(resolve, 50));
}

/** SIGTERM, and the exit. */
export async function stopWorker(worker: BenchWorker): Promise<void> {
  worker.child.kill('SIGTERM');
  await worker.exited;
}

export { metricTotal } from '../test/delivery-counts.js';

export const emailsFor = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}@bench.example`);

export const spread = (xs: number[], digits = 0) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(digits);
  return `${f(sorted[Math.floor(sorted.length / 2)]!)} (min ${f(sorted[0]!)}, max ${f(sorted.at(-1)!)})`;
};
