// Issue 5 figure: the reminder scan at 1,000,000 pending patient invitations, ~2% entering their
// last 24 hours: `queueReminders` end to end (invitations marked, reminder deliveries with the
// next token queued, audit written; tokens rotate later, when each reminder is sent). Each run
// starts from the same state (the previous run's reminders undone outside the timer).
// Run: pnpm bench:reminders   (N=1000000 RUNS=3 to override)
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/common/clock.js';
import { Sealer } from '../src/common/secret.js';
import { queueReminders } from '../src/modules/invitation/invitation.jobs.js';
import { median, startPendingWorld } from './pending-world.js';

const N = Number(process.env.N ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
const SECRET = 'bench-secret-bench-secret-bench-secret-0';

const world = await startPendingWorld(N);
console.log(
  `loaded ${N} pending patient invitations in ${world.loadSeconds.toFixed(1)} s (${world.due} due within 24 h)`,
);
const deps = {
  orm: world.orm,
  clock: systemClock,
  sealer: new Sealer(SECRET),
  log: world.log,
};

const times: number[] = [];
for (let run = 0; run < RUNS; run++) {
  await world.conn.query('checkpoint');
  const started = performance.now();
  const queued = await queueReminders(deps);
  const seconds = (performance.now() - started) / 1000;
  const { rows } = await world.conn.query(
    `select (select count(*) from invitation_delivery where purpose = 'REMINDER')::int as deliveries,
            (select count(*) from audit_event where action = 'invitation.reminded')::int as audits`,
  );
  if (queued !== world.due || rows[0].deliveries !== queued || rows[0].audits !== queued)
    throw new Error(`queued ${queued}, due ${world.due}, ${JSON.stringify(rows[0])}`);
  times.push(seconds);
  console.log(
    `run ${run + 1}: ${queued} reminders queued (marked, deliveries, audit) in ${seconds.toFixed(2)} s`,
  );
  // Undo, outside the timer, so the next run scans the same state.
  await world.conn.query(`delete from invitation_delivery where purpose = 'REMINDER'`);
  await world.conn.query(`truncate audit_event`);
  await world.conn.query(`update invitation set reminded_at = null where reminded_at is not null`);
  await world.conn.query('vacuum analyze invitation');
}
console.log(
  `\nqueueReminders at ${N} pending (${world.due} due): median ${median(times).toFixed(2)} s (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}) over ${RUNS} runs`,
);
await world.stop();
