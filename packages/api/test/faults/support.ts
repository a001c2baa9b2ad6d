import { MikroORM } from '@mikro-orm/postgresql';
import { ENTITIES } from '../../src/app/entities.js';
import { ormConfig } from '../../src/infra/db/orm.js';
import { RoleEntity } from '../../src/modules/role/role.entity.js';
import { PASSWORD } from '../factories.js';
import { cloneDatabase, GraphQLClient } from '../harness.js';
import { killPorter, startPorter, type PorterProcess } from '../processes.js';
import { makeWorld } from '../world.js';
import { deliveryStatuses as countStatuses } from '../delivery-counts.js';

/**
 * A migrated database with the usual test world in it, and an ORM the test reads it with: a clone
 * of the run's template by default, or `url` (already migrated) on a server of the test's own.
 */
export async function seededDatabase(url?: string) {
  url ??= await cloneDatabase();
  const orm = await MikroORM.init(ormConfig(url, ENTITIES));
  const world = await makeWorld(orm.em.fork());
  const staffRoleId = (await orm.em.fork().findOneOrFail(RoleEntity, { key: 'DEPLOYMENT_STAFF' }))
    .id;
  return { url, orm, world, staffRoleId };
}

export type Seeded = Awaited<ReturnType<typeof seededDatabase>>;

/**
 * A delivery lease short enough that a dead worker's claims come back within a test, with the
 * provider timeouts under it (start-up refuses timeouts that could outlive the lease).
 */
export const SHORT_LEASE = {
  DELIVERY_LEASE_MS: '4000',
  SMTP_TIMEOUT_MS: '1000',
  TWILIO_TIMEOUT_MS: '1000',
} as const;

/** A started process and the address it serves on (the API, or a worker's health port). */
export interface Running {
  process: PorterProcess;
  url: string;
}

const running: PorterProcess[] = [];

/** Every process a fault test started and left running, killed (for afterAll). */
export async function killAll(): Promise<void> {
  await Promise.all(running.splice(0).map(killPorter));
}

/** The port in a log line's `http://host:port`, as a loopback address. */
function addressIn(line: string): string {
  const port = /http:\/\/[^:\s"]+:(\d+)/.exec(line)?.[1];
  if (!port) throw new Error(`no address in: ${line}`);
  return `http://127.0.0.1:${port}`;
}

/** An API process without the worker (the database is migrated already). */
export async function startApi(env: Record<string, string>): Promise<Running> {
  const process = startPorter('main.ts', {
    PORTER_MIGRATE: 'false',
    PORTER_WORKER: 'false',
    ...env,
  });
  running.push(process);
  return { process, url: addressIn(await process.line(/porter ready in .* at http/)) };
}

/** A worker-only process; its url serves /healthz, /readyz and /metrics. */
export async function startWorker(env: Record<string, string>): Promise<Running> {
  const process = startPorter('worker.ts', { PORTER_MIGRATE: 'false', ...env });
  running.push(process);
  return { process, url: addressIn(await process.line(/worker health on http/)) };
}

/** A process's exit after SIGTERM, and how long it took. */
export async function terminate(p: PorterProcess): Promise<{ code: number | string; ms: number }> {
  const started = Date.now();
  p.child.kill('SIGTERM');
  const code = await p.exited;
  return { code, ms: Date.now() - started };
}

export { metricTotal } from '../delivery-counts.js';

/** Polls until `check` returns true, failing with `what` after `ms`. */
export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Signs in as the home deployment's Admin on an API process. */
export const signInAdmin = (url: string) =>
  new GraphQLClient(url).signIn('admin@home.org', PASSWORD);

const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { results { invitationId } } }`;

/** Invites `emails` as staff of the home deployment; their deliveries are queued for a worker. */
export async function inviteStaff(client: GraphQLClient, db: Seeded, emails: string[]) {
  const data = await client.ok<{ inviteStaff: { results: { invitationId: string }[] } }>(INVITE, {
    input: {
      organisationId: db.world.home.organisation.id,
      deploymentId: db.world.home.first.id,
      emails,
      roleId: db.staffRoleId,
    },
  });
  return data.inviteStaff.results.map((r) => r.invitationId);
}

/** Delivery statuses of the invitations whose address starts with `prefix`, counted. */
export const deliveryStatuses = (db: Seeded, prefix: string) => countStatuses(db.orm, prefix);

/** How many of `emails` a list of recipients has, how many distinct, and the copies beyond one. */
export function receivedOf(recipients: string[], prefix: string) {
  const mine = recipients.filter((to) => to.startsWith(prefix));
  const distinct = new Set(mine).size;
  return { total: mine.length, distinct, duplicates: mine.length - distinct };
}

export const emailsFor = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}@example.org`);
