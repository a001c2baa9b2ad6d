// Issue 5 figure: the pending patient list at 1,000,000 pending invitations, through the real
// GraphQL HTTP API. 10 concurrent clients (in a worker thread, so the load generator does not share
// the server's event loop) page `patients(type: PENDING, first: 50, after)` following cursors and
// restarting at the top; prints p50/p95/p99 latency and requests/s per run, then the medians.
// Run: pnpm bench:list   (N=1000000 CLIENTS=10 SECONDS=15 RUNS=3 EXPLAIN=1 to override)
import 'reflect-metadata';
import { Worker } from 'node:worker_threads';
import { startHttp } from '../src/app/server.js';
import { systemClock } from '../src/common/clock.js';
import { Sealer } from '../src/common/secret.js';
import { loadEnv } from '../src/config/env.js';
import { createJobs } from '../src/infra/jobs/agenda.js';
import { outboxSms } from '../src/infra/sms/sms.js';
import { BENCH_PASSWORD, median, percentile, startPendingWorld } from './pending-world.js';

const N = Number(process.env.N ?? 1_000_000);
const CLIENTS = Number(process.env.CLIENTS ?? 10);
const SECONDS = Number(process.env.SECONDS ?? 15);
const RUNS = Number(process.env.RUNS ?? 3);
const SECRET = 'bench-secret-bench-secret-bench-secret-0';

const world = await startPendingWorld(N);
console.log(
  `loaded ${N} pending patient invitations in ${world.loadSeconds.toFixed(1)} s (${world.due} due for a reminder)`,
);
const env = loadEnv({
  NODE_ENV: 'production',
  PORT: '0',
  DATABASE_URL: world.url,
  PORTER_SECRET: SECRET,
  LOG_LEVEL: 'warn',
  APP_URL: 'http://porter.bench',
});
const jobs = createJobs(world.url, world.log);
const http = await startHttp({
  env,
  log: world.log,
  orm: world.orm,
  jobs,
  sealer: new Sealer(SECRET),
  sms: outboxSms(world.orm),
  clock: systemClock,
});

const signIn = await fetch(`${http.url}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    query: `mutation { signIn(email: "admin@bench.example", password: "${BENCH_PASSWORD}") { id } }`,
  }),
});
const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;

// What the SPA's pending table asks for, per row.
const QUERY = `query($o: ID!, $d: ID!, $after: String) {
  patients(organisationId: $o, deploymentId: $d, type: PENDING, first: 50, after: $after) {
    nodes { id status displayName email invitedAt
      invitation { id channel address createdAt sentAt sentCount expiresAt expired remindedAt reminderDue deliveryStatus deliveryError invitedBy { fullName } }
      helpers { id status } viewerCan { manageInvitation manageHelpers } }
    pageInfo { hasNextPage endCursor } } }`;

const LOAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const { url, cookie, query, variables, clients, seconds } = workerData;
(async () => {
  const latencies = [];
  let errors = 0;
  let deepest = 0;
  const end = performance.now() + seconds * 1000;
  const client = async () => {
    let after = null;
    let pages = 0;
    while (performance.now() < end) {
      const t = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ query, variables: { ...variables, after } }) });
      const body = await response.json();
      latencies.push(performance.now() - t);
      const page = body.data && body.data.patients;
      if (!page || page.nodes.length !== 50) { errors++; after = null; pages = 0; continue; }
      pages++;
      deepest = Math.max(deepest, pages);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      if (!after) pages = 0;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  parentPort.postMessage({ latencies, errors, deepest, elapsed: (performance.now() - started) / 1000 });
})();`;

function load(): Promise<{
  latencies: number[];
  errors: number;
  deepest: number;
  elapsed: number;
}> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD, {
      eval: true,
      workerData: {
        url: `${http.url}/graphql`,
        cookie,
        query: QUERY,
        variables: { o: world.organisation.id, d: world.deployment.id },
        clients: CLIENTS,
        seconds: SECONDS,
      },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

if (process.env.EXPLAIN === '1') {
  // The two statements of a deep page, as the service sends them (a cursor 40% of the way down).
  const { rows } = await world.conn.query(
    `select created_at, id from patient where deployment_id = $1 and status = 'INVITED' order by created_at desc, id desc offset $2 limit 1`,
    [world.deployment.id, Math.floor(N * 0.4)],
  );
  const at = rows[0].created_at as Date;
  const id = rows[0].id as string;
  const plan = async (sql: string, params: unknown[]) =>
    (await world.conn.query(`explain (analyze, buffers) ${sql}`, params)).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
  console.log(
    await plan(
      `select * from patient p0 where p0.deployment_id = $1 and p0.status = 'INVITED' and p0.created_at <= $2 and (p0.created_at < $2 or (p0.created_at = $2 and p0.id < $3)) order by p0.created_at desc, p0.id desc limit 51`,
      [world.deployment.id, at, id],
    ),
  );
  const page = (
    await world.conn.query(
      `select id from patient where deployment_id = $1 and status = 'INVITED' and created_at <= $2 order by created_at desc, id desc limit 50`,
      [world.deployment.id, at],
    )
  ).rows.map((r) => r.id);
  console.log(
    await plan(
      `select i0.*, i1.id as inviter_id, i1.full_name from invitation i0 left join app_user i1 on i0.invited_by_id = i1.id where i0.patient_id in (${page.map((_, k) => `$${k + 1}`).join(', ')}) and i0.status = 'PENDING' and i0.kind = 'PATIENT'`,
      page,
    ),
  );
}

await load(); // warm-up: JIT, MJML-free paths, pool, buffer cache
const runs: { p50: number; p95: number; p99: number; rps: number }[] = [];
for (let run = 0; run < RUNS; run++) {
  const { latencies, errors, deepest, elapsed } = await load();
  if (errors) throw new Error(`${errors} failed requests`);
  const sorted = [...latencies].sort((a, b) => a - b);
  const r = {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    rps: latencies.length / elapsed,
  };
  runs.push(r);
  console.log(
    `run ${run + 1}: ${latencies.length} pages in ${elapsed.toFixed(1)} s, ${r.rps.toFixed(0)} req/s; p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (deepest page ${deepest})`,
  );
}
const line = (name: keyof (typeof runs)[number], unit: string) => {
  const xs = runs.map((r) => r[name]);
  return `${name} ${median(xs).toFixed(name === 'rps' ? 0 : 1)}${unit} (min ${Math.min(...xs).toFixed(name === 'rps' ? 0 : 1)}, max ${Math.max(...xs).toFixed(name === 'rps' ? 0 : 1)})`;
};
console.log(
  `\npatients(type: PENDING, first: 50) at ${N} pending, ${CLIENTS} clients × ${SECONDS} s, median of ${RUNS} runs: ${line('p50', ' ms')}; ${line('p95', ' ms')}; ${line('p99', ' ms')}; ${line('rps', ' req/s')}`,
);

await http.close();
await jobs.stop();
await world.stop();
