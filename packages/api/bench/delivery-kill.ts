// Issue 12 figure: kill -9 of a worker in the middle of a 2,000-email run. How many messages were
// in flight (claimed, not recorded) at that instant, how many reached the mail server twice, and
// whether the surviving worker's metrics count every possible copy. The mail server takes
// SINK_DELAY_MS (default 20) a message, so sends are always in flight; the kill comes when half
// the burst is in. The second worker runs with a short lease (DELIVERY_LEASE_MS 5 s) so the dead
// worker's claims come back within the run.
// Run: pnpm bench:delivery-kill   (from the repository root)
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { startBenchApi } from './bench-support.js';
import {
  allSent,
  emailsFor,
  metricTotal,
  queueBurst,
  spread,
  startLatentSink,
  startWorker,
  statuses,
  stopWorker,
} from './delivery-support.js';

const N = Number(process.env.N ?? 2_000);
const RUNS = Number(process.env.RUNS ?? 3);
const DELAY = Number(process.env.SINK_DELAY_MS ?? 20);
const SHORT_LEASE = {
  DELIVERY_LEASE_MS: '5000',
  SMTP_TIMEOUT_MS: '1500',
  TWILIO_TIMEOUT_MS: '2000',
};

const sink = await startLatentSink(DELAY);
const api = await startBenchApi({ SMTP_URL: sink.url });
const env = { SMTP_URL: sink.url, ...SHORT_LEASE };

const figures = {
  inFlight: [] as number[],
  duplicates: [] as number[],
  counted: [] as number[],
  lost: [] as number[],
  recoverS: [] as number[],
};
for (let run = 0; run < RUNS; run++) {
  const prefix = `kill${run}-`;
  const mine = () => sink.recipients.filter((to) => to.startsWith(prefix));
  const first = await startWorker(api, env);
  await queueBurst(api, emailsFor(prefix, N));
  while (mine().length < N / 2) await new Promise((resolve) => setTimeout(resolve, 10));
  first.child.kill('SIGKILL');
  await first.exited;
  const killedAt = performance.now();
  const inFlight = (await statuses(api, prefix))['SENDING'] ?? 0;

  const second = await startWorker(api, env);
  await allSent(api, prefix, N);
  const recoverS = (performance.now() - killedAt) / 1000;
  const received = mine();
  const distinct = new Set(received).size;
  const counted = await metricTotal(second.url, 'porter_delivery_duplicates_total');
  await stopWorker(second);
  figures.inFlight.push(inFlight);
  figures.duplicates.push(received.length - distinct);
  figures.counted.push(counted);
  figures.lost.push(N - distinct);
  figures.recoverS.push(recoverS);
  console.log(
    `run ${run + 1}: killed with ${inFlight} in flight; ${received.length - distinct} messages arrived twice, ${counted} counted as possible copies; ${N - distinct} lost; all sent ${recoverS.toFixed(1)} s after the kill`,
  );
}
console.log(
  `\nkill -9 in a ${N}-email run, medians over ${RUNS} runs (min, max): in flight at the kill ${spread(figures.inFlight)}; ` +
    `arrived twice ${spread(figures.duplicates)}; counted by porter_delivery_duplicates_total ${spread(figures.counted)}; ` +
    `lost ${spread(figures.lost)}; everything sent ${spread(figures.recoverS, 1)} s after the kill`,
);
await api.stop();
await sink.close();
