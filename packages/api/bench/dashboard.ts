// Issue 6 figure: what the admin dashboard costs at 1,000,000 invitations. Loads a realistic mix
// into one deployment (bench/pending-world.ts supplies the server, organisation, deployment and
// admin): created evenly over the last 16 weeks, 2 % staff, the rest patients; 55 % accepted after
// a log-uniform 1 min – 6 days, 8 % revoked, the rest pending with a 7-day expiry (so most of them
// expired). Plus 300 staff with sessions seen over the last 60 days. Then prints:
//   - p50/p95 of `adminDashboard` through the real GraphQL HTTP API (deployment, organisation, platform),
//   - each statement of the dashboard with EXPLAIN ANALYZE timing,
//   - the same figures computed straight from `invitation` (what they cost without the rollups),
//     checked equal to the rollup's,
//   - what the rollup triggers add to writing invitations (1,000-row statements, triggers on vs off).
// Run: pnpm bench:dashboard   (N=1000000 CALLS=200 to override)
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { startHttp } from '../src/app/server.js';
import { systemClock } from '../src/common/clock.js';
import { Sealer } from '../src/common/secret.js';
import { loadEnv } from '../src/config/env.js';
import { createJobs } from '../src/infra/jobs/agenda.js';
import { outboxSms } from '../src/infra/sms/sms.js';
import { hashPassword } from '../src/modules/auth/password.js';
import {
  dashboardStatements,
  histogramMedian,
  type Statement,
} from '../src/modules/dashboard/dashboard.service.js';
import { assignDefaultRole } from '../src/modules/role/role-assignment.factory.js';
import { UserEntity } from '../src/modules/user/user.entity.js';
import { BENCH_PASSWORD, percentile, startPendingWorld } from './pending-world.js';

const N = Number(process.env.N ?? 1_000_000);
const CALLS = Number(process.env.CALLS ?? 200);
const SECRET = 'bench-secret-bench-secret-bench-secret-0';
const CHUNK = 100_000;
const WEEKS = 16;

const world = await startPendingWorld(0);
const { conn, organisation, deployment } = world;
const now = Date.now();

// People who may look: an Organisation Owner and a Super Admin besides the deployment Admin; 300 staff with sessions.
const em = world.orm.em.fork();
const passwordHash = await hashPassword(BENCH_PASSWORD);
const owner = em.create(UserEntity, {
  email: 'owner@bench.example',
  fullName: 'Bench Owner',
  passwordHash,
});
const superAdmin = em.create(UserEntity, {
  email: 'super@bench.example',
  fullName: 'Bench Super',
  passwordHash,
});
await em.flush();
await assignDefaultRole(em, owner, 'ORGANISATION_OWNER', {
  type: 'ORGANISATION',
  organisationId: organisation.id,
});
await assignDefaultRole(em, superAdmin, 'SUPER_ADMIN', { type: 'PLATFORM' });
await em.flush();
const {
  rows: [{ id: staffRole }],
} = await conn.query(`select id from role where key = 'DEPLOYMENT_STAFF'`);
await conn.query(
  `with u as (insert into app_user (id, email, full_name, password_hash, created_at, updated_at)
              select gen_random_uuid(), 'staff-' || g || '@bench.example', 'Staff ' || g, $4, now(), now() from generate_series(1, 300) g returning id),
        a as (insert into role_assignment (id, user_id, role_id, scope_type, organisation_id, deployment_id, created_at)
              select gen_random_uuid(), u.id, $3, 'DEPLOYMENT', $1, $2, now() from u returning user_id)
   insert into session (id, token_hash, user_id, created_at, last_seen_at, expires_at)
   select gen_random_uuid(), encode(sha256(convert_to(a.user_id::text, 'UTF8')), 'hex'), a.user_id, now() - interval '60 days',
          now() - random() * interval '60 days', now() + interval '30 days' from a`,
  [organisation.id, deployment.id, staffRole, passwordHash],
);

const started = performance.now();
await conn.query('set synchronous_commit = off');
for (let from = 1; from <= N; from += CHUNK) {
  const to = Math.min(N, from + CHUNK - 1);
  // One statement per 100,000 rows: patients (for patient invitations), then the invitations.
  await conn.query(
    `with g as (
       select g, to_timestamp($4 / 1000.0) - ((g::float8 / $7) * $8) * interval '1 week' as created_at,
              (hashint4(g) & 1023) / 1024.0 as r, random() as latency, (hashint4(g + 7) & 63) = 0 as staff
         from generate_series($5::int, $6::int) g),
     p as (
       insert into patient (id, organisation_id, deployment_id, status, channel, email, invited_by_id, invited_at, created_at, updated_at)
       select gen_random_uuid(), $1, $2, 'INVITED', 'EMAIL', 'mix-' || g.g || '@bench.example', $3, g.created_at, g.created_at, g.created_at
         from g where not g.staff
       returning id, email)
     insert into invitation (id, kind, channel, address, organisation_id, deployment_id, patient_id, role_id, token_hash, replaced_token_hashes, status,
                             expiry_hours, expires_at, invited_by_id, batch_id, sent_count, last_sent_at, delivery_status, accepted_at, revoked_at, created_at, updated_at)
     select gen_random_uuid(), case when g.staff then 'STAFF' else 'PATIENT' end, 'EMAIL', 'mix-' || g.g || '@bench.example', $1, $2, p.id,
            case when g.staff then $9::uuid end, encode(sha256(convert_to('mix-' || g.g, 'UTF8')), 'hex'), '{}',
            case when g.r < 0.55 then 'ACCEPTED' when g.r < 0.63 then 'REVOKED' else 'PENDING' end,
            168, g.created_at + interval '7 days', $3, gen_random_uuid(), 1, g.created_at, 'SENT',
            case when g.r < 0.55 then least(g.created_at + 60 * power(8640, g.latency) * interval '1 second', to_timestamp($4 / 1000.0)) end,
            case when g.r >= 0.55 and g.r < 0.63 then g.created_at + interval '1 day' end,
            g.created_at, g.created_at
       from g left join p on p.email = 'mix-' || g.g || '@bench.example'`,
    [organisation.id, deployment.id, world.user.id, now, from, to, N, WEEKS, staffRole],
  );
}
const loadSeconds = (performance.now() - started) / 1000;
await conn.query('vacuum analyze');
await conn.query('checkpoint');
const {
  rows: [counts],
} = await conn.query(
  `select count(*)::int as total, count(*) filter (where status = 'ACCEPTED')::int as accepted, count(*) filter (where status = 'REVOKED')::int as revoked,
          count(*) filter (where status = 'PENDING' and expires_at <= now())::int as expired, count(*) filter (where status = 'PENDING' and expires_at > now())::int as pending
     from invitation`,
);
const {
  rows: [rollup],
} = await conn.query(
  `select (select count(*) from invitation_stat)::int as stat_rows, (select count(*) from invitation_accept_stat)::int as accept_rows`,
);
console.log(
  `loaded ${counts.total} invitations in ${loadSeconds.toFixed(1)} s (triggers on): ${counts.accepted} accepted, ${counts.revoked} revoked, ${counts.expired} expired, ${counts.pending} pending`,
);
console.log(
  `rollups: ${rollup.stat_rows} invitation_stat rows, ${rollup.accept_rows} invitation_accept_stat rows (all three scope levels)`,
);

// The load wrote delta rows (one set per statement); the first view of each scope folds them.
const numbered = (sql: string) => {
  let k = 0;
  return sql.replace(/\?/g, () => `$${++k}`);
};
const params = (s: Statement) => s.params.map((p) => (p instanceof Date ? p.toISOString() : p));
{
  const {
    rows: [before],
  } = await conn.query(`select count(*)::int as n from invitation_stat`);
  for (const [label, sc] of [
    [
      'deployment',
      { type: 'DEPLOYMENT' as const, organisationId: organisation.id, deploymentId: deployment.id },
    ],
    ['organisation', { type: 'ORGANISATION' as const, organisationId: organisation.id }],
    ['platform', { type: 'PLATFORM' as const }],
  ] as const) {
    const c = dashboardStatements(sc, new Date(), null).compact;
    const t = performance.now();
    await conn.query(numbered(c.sql), params(c));
    console.log(
      `the compaction job folds the ${label} deltas: ${(performance.now() - t).toFixed(0)} ms`,
    );
  }
  const {
    rows: [after],
  } = await conn.query(
    `select (select count(*) from invitation_stat)::int as n, (select count(*) from invitation_accept_stat)::int as a`,
  );
  console.log(
    `invitation_stat rows ${before.n} → ${after.n}; invitation_accept_stat rows → ${after.a}`,
  );
}

// --- Through GraphQL ---
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
async function signIn(email: string) {
  const response = await fetch(`${http.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation { signIn(email: "${email}", password: "${BENCH_PASSWORD}") { id } }`,
    }),
  });
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}
const QUERY = `query($o: ID, $d: ID) { adminDashboard(organisationId: $o, deploymentId: $d) {
  staff activeStaff acceptedInWindow medianSecondsToAccept usersByRole { role { id name } assignments } pendingInvitations { kind pending }
  weeks { weekStart sent accepted expired } } }`;
async function measure(label: string, cookie: string, variables: Record<string, unknown>) {
  const call = async () => {
    const t = performance.now();
    const response = await fetch(`${http.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query: QUERY, variables }),
    });
    const body = (await response.json()) as { data?: { adminDashboard: any }; errors?: unknown };
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    return { ms: performance.now() - t, data: body.data.adminDashboard };
  };
  for (let i = 0; i < 20; i++) await call(); // warm-up
  const latencies: number[] = [];
  let data: any;
  for (let i = 0; i < CALLS; i++) ({ ms: latencies[i], data } = await call());
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `adminDashboard (${label}), ${CALLS} sequential calls: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
  );
  return data;
}
console.log('');
const shown = await measure('deployment', await signIn('admin@bench.example'), {
  o: organisation.id,
  d: deployment.id,
});
await measure('organisation', await signIn('owner@bench.example'), { o: organisation.id });
await measure('platform', await signIn('super@bench.example'), {});

// --- Each statement, EXPLAIN ANALYZE ---
async function explain(name: string, sql: string, values: unknown[]) {
  const plan = (await conn.query(`explain (analyze, buffers) ${sql}`, values)).rows.map(
    (r) => r['QUERY PLAN'] as string,
  );
  const execution = plan.find((l) => l.startsWith('Execution Time'))!;
  const planning = plan.find((l) => l.startsWith('Planning Time'))!;
  console.log(
    `  ${name.padEnd(34)} ${execution.replace('Execution Time: ', 'exec ')}, ${planning.replace('Planning Time: ', 'plan ')}; ${plan[0]!.trim().split('  (')[0]}`,
  );
  if (process.env.PLANS === '1') console.log(plan.map((l) => `      ${l}`).join('\n'));
}
const scope = {
  type: 'DEPLOYMENT' as const,
  organisationId: organisation.id,
  deploymentId: deployment.id,
};
const q = dashboardStatements(scope, new Date(), null);
console.log('\nthe dashboard’s statements (deployment scope), EXPLAIN ANALYZE:');
for (const name of ['compact', 'roles', 'staff', 'weeks', 'pending', 'histogram'] as const)
  await explain(name, numbered(q[name].sql), params(q[name]));

// --- Without the rollups: the same figures from `invitation` itself ---
const windowStart = new Date(q.firstWeek).toISOString();
const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
const medianFrom = new Date(today.getTime() - 89 * 86_400_000).toISOString();
const NAIVE = {
  'weeks: sent': [
    `select date_trunc('week', created_at, 'UTC') as week, count(*)::int as n from invitation where deployment_id = $1 and created_at >= $2 group by 1 order by 1`,
    [deployment.id, windowStart],
  ],
  'weeks: accepted': [
    `select date_trunc('week', accepted_at, 'UTC') as week, count(*)::int as n from invitation where deployment_id = $1 and status = 'ACCEPTED' and accepted_at >= $2 group by 1 order by 1`,
    [deployment.id, windowStart],
  ],
  'weeks: expired': [
    `select date_trunc('week', expires_at, 'UTC') as week, count(*)::int as n from invitation where deployment_id = $1 and status = 'PENDING' and expires_at >= $2 and expires_at < $3 group by 1 order by 1`,
    [deployment.id, windowStart, hour],
  ],
  pending: [
    `select kind, count(*)::int as n from invitation where deployment_id = $1 and status = 'PENDING' and expires_at >= $2 group by kind order by kind`,
    [deployment.id, hour],
  ],
  'median (percentile_cont)': [
    `select percentile_cont(0.5) within group (order by extract(epoch from accepted_at - created_at))::float8 as median, count(*)::int as n from invitation where deployment_id = $1 and status = 'ACCEPTED' and accepted_at >= $2`,
    [deployment.id, medianFrom],
  ],
} as const;
console.log('\nthe same figures straight from invitation (no rollup), EXPLAIN ANALYZE:');
for (const [name, [sql, values]] of Object.entries(NAIVE))
  await explain(`${name} (naive)`, sql, [...values]);

// The rollup's answers must be the table's.
const naive = async (name: keyof typeof NAIVE) =>
  (await conn.query(NAIVE[name][0], [...NAIVE[name][1]])).rows;
const weekMap = async (name: keyof typeof NAIVE) =>
  new Map((await naive(name)).map((r: any) => [new Date(r.week).toISOString(), r.n]));
const [sent, accepted, expired] = [
  await weekMap('weeks: sent'),
  await weekMap('weeks: accepted'),
  await weekMap('weeks: expired'),
];
for (const w of shown.weeks) {
  const expected = {
    sent: sent.get(w.weekStart) ?? 0,
    accepted: accepted.get(w.weekStart) ?? 0,
    expired: expired.get(w.weekStart) ?? 0,
  };
  if (
    w.sent !== expected.sent ||
    w.accepted !== expected.accepted ||
    w.expired !== expected.expired
  )
    throw new Error(`week ${w.weekStart}: ${JSON.stringify(w)} vs ${JSON.stringify(expected)}`);
}
const pendingNaive = Object.fromEntries((await naive('pending')).map((r: any) => [r.kind, r.n]));
for (const p of shown.pendingInvitations)
  if (p.pending !== (pendingNaive[p.kind] ?? 0))
    throw new Error(`pending ${p.kind}: ${p.pending} vs ${pendingNaive[p.kind]}`);
const [{ median: exactMedian, n: acceptedExact }] = await naive('median (percentile_cont)');
console.log(
  `\nchecked: 12 weeks and pending counts equal the table's; median ${(shown.medianSecondsToAccept / 3600).toFixed(3)} h from the histogram vs ${(exactMedian / 3600).toFixed(3)} h exact (${((100 * Math.abs(shown.medianSecondsToAccept - exactMedian)) / exactMedian).toFixed(2)} % off), over ${acceptedExact} acceptances (${shown.acceptedInWindow} in the histogram)`,
);
void histogramMedian;

// --- What the triggers add to writes: 10 statements of 1,000 staff invitations, triggers on vs off ---
async function writeBatches(label: string) {
  const times: number[] = [];
  for (let b = 0; b < 10; b++) {
    const t = performance.now();
    await conn.query(
      `insert into invitation (id, kind, channel, address, organisation_id, deployment_id, role_id, token_hash, replaced_token_hashes, status, expiry_hours, expires_at, batch_id, created_at, updated_at)
       select gen_random_uuid(), 'STAFF', 'EMAIL', 'w-${label}-${b}-' || g || '@bench.example', $1, $2, $3, encode(sha256(convert_to('w-${label}-${b}-' || g, 'UTF8')), 'hex'), '{}', 'PENDING', 72, now() + interval '72 hours', gen_random_uuid(), now(), now()
         from generate_series(1, 1000) g`,
      [organisation.id, deployment.id, staffRole],
    );
    times.push(performance.now() - t);
  }
  const t = performance.now();
  await conn.query(
    `update invitation set status = 'ACCEPTED', accepted_at = now() where address like 'w-${label}-%'`,
  );
  const acceptMs = performance.now() - t;
  await conn.query(`delete from invitation where address like 'w-${label}-%'`);
  const sorted = times.sort((a, b) => a - b);
  console.log(
    `  triggers ${label.padEnd(3)}: insert 1,000 invitations p50 ${percentile(sorted, 50).toFixed(1)} ms (min ${sorted[0]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)}); accept all 10,000 in one update ${acceptMs.toFixed(0)} ms`,
  );
}
console.log('\nwrite cost of the rollup triggers:');
await writeBatches('on');
await conn.query(`set session_replication_role = replica`); // user triggers off, for comparison only
await writeBatches('off');
await conn.query(`set session_replication_role = origin`);

await http.close();
await jobs.stop();
await world.stop();
