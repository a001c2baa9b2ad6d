// Issue 12 figures: a burst of N emails (default 10,000), queued through GraphQL, drained by one
// and by two worker processes (src/worker.ts, as production runs them) to a local SMTP server
// that takes SINK_DELAY_MS (default 20) to accept each message, as a provider does. Next to each,
// its floor in the same run: nodemailer alone sending as many messages to the same server over
// as many pooled connections (5 a worker), with nothing of Porter's around it.
// Run: pnpm bench:deliveries   (from the repository root)
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { smtpMailer } from '../src/infra/mail/mailer.js';
import { startBenchApi } from './bench-support.js';
import {
  allSent,
  emailsFor,
  queueBurst,
  spread,
  startLatentSink,
  startWorker,
  stopWorker,
} from './delivery-support.js';

const N = Number(process.env.N ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 3);
const DELAY = Number(process.env.SINK_DELAY_MS ?? 20);
/** Pooled SMTP connections of one worker (infra/mail/mailer.ts). */
const CONNECTIONS_PER_WORKER = 5;

const sink = await startLatentSink(DELAY);
const api = await startBenchApi({ SMTP_URL: sink.url });

/** nodemailer alone: N messages over `connections` pooled connections, as fast as it goes. */
async function floor(connections: number): Promise<number> {
  // The same pool settings as a worker's mailer, times the workers.
  const pools = Array.from({ length: connections / CONNECTIONS_PER_WORKER }, () =>
    smtpMailer(sink.url, api.env.MAIL_FROM, { timeoutMs: 30_000 }),
  );
  const started = performance.now();
  let next = 0;
  const lane = async (pool: (typeof pools)[number]) => {
    for (let i = next++; i < N; i = next++)
      await pool.send({
        to: `floor-${i}@bench.example`,
        subject: 'Floor',
        text: 'A message of about the size of an invitation. '.repeat(20),
        html: `<p>${'A message of about the size of an invitation. '.repeat(20)}</p>`,
        key: `floor-${i}`,
      });
  };
  // Ten submissions in flight per worker, as a drain keeps them.
  await Promise.all(pools.flatMap((pool) => Array.from({ length: 10 }, () => lane(pool))));
  const ms = performance.now() - started;
  await Promise.all(pools.map((pool) => pool.close()));
  return (N / ms) * 1000;
}

/** The burst drained by `count` workers started beforehand: emails per second, queue to last sent. */
async function drain(count: number, run: number): Promise<number> {
  const workers = await Promise.all(
    Array.from({ length: count }, () => startWorker(api, { SMTP_URL: sink.url })),
  );
  const prefix = `w${count}r${run}-`;
  const started = performance.now();
  await queueBurst(api, emailsFor(prefix, N));
  await allSent(api, prefix, N);
  const ms = performance.now() - started;
  await Promise.all(workers.map(stopWorker));
  return (N / ms) * 1000;
}

const figures = {
  floor1: [] as number[],
  one: [] as number[],
  floor2: [] as number[],
  two: [] as number[],
};
for (let run = 0; run < RUNS; run++) {
  figures.floor1.push(await floor(CONNECTIONS_PER_WORKER));
  figures.one.push(await drain(1, run));
  figures.floor2.push(await floor(2 * CONNECTIONS_PER_WORKER));
  figures.two.push(await drain(2, run));
  console.log(
    `run ${run + 1}: 1 worker ${figures.one.at(-1)!.toFixed(0)} emails/s (floor ${figures.floor1.at(-1)!.toFixed(0)}); 2 workers ${figures.two.at(-1)!.toFixed(0)} emails/s (floor ${figures.floor2.at(-1)!.toFixed(0)})`,
  );
}
const ratio = (xs: number[], floors: number[]) => xs.map((x, i) => x / floors[i]!);
console.log(
  `\n${N} emails, mail server ${DELAY} ms a message; medians over ${RUNS} runs (min, max):\n` +
    `| workers | Porter, emails/s | floor (nodemailer alone), emails/s | Porter / floor | ${N} emails in |\n|---|---|---|---|---|\n` +
    `| 1 | ${spread(figures.one)} | ${spread(figures.floor1)} | ${spread(ratio(figures.one, figures.floor1), 2)} | ${(N / [...figures.one].sort((a, b) => a - b)[Math.floor(RUNS / 2)]!).toFixed(1)} s |\n` +
    `| 2 | ${spread(figures.two)} | ${spread(figures.floor2)} | ${spread(ratio(figures.two, figures.floor2), 2)} | ${(N / [...figures.two].sort((a, b) => a - b)[Math.floor(RUNS / 2)]!).toFixed(1)} s |\n` +
    `2 workers / 1 worker: ${spread(ratio(figures.two, figures.one), 2)}`,
);
await api.stop();
await sink.close();
