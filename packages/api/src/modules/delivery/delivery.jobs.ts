import type { JobContext } from '../../common/context.js';
import { defineJob } from '../../infra/jobs/define-job.js';
import { channelSenders, type ChannelSenders } from './channels.js';
import { drainDeliveries, drainPolicy, SWEEP_MS, type DrainDeps } from './delivery.drain.js';

/** Each runtime's channel senders, made once (by the first drain that needs them). */
const sendersOf = new WeakMap<JobContext, ChannelSenders>();

/** The drain's deps, from what every job runs with. */
export function drainDeps(ctx: JobContext): DrainDeps {
  let senders = sendersOf.get(ctx);
  if (!senders) sendersOf.set(ctx, (senders = channelSenders(ctx)));
  return {
    orm: ctx.orm,
    clock: ctx.clock,
    sealer: ctx.sealer,
    senders,
    target: ctx.deliveryTarget,
    appUrl: ctx.env.APP_URL,
    log: ctx.log,
    policy: drainPolicy(ctx.env),
    spread: () => ctx.jobs.enqueue(deliveryJob),
    wakeAt: (when) => ctx.jobs.enqueueAt(deliveryJob, when),
  };
}

/**
 * Sends what is due; woken after every write that queues a delivery, and a sweeper every 30 s.
 * The name is older than this module: Agenda's rows in existing databases carry it.
 */
export const deliveryJob = defineJob({
  name: 'invitation-delivery',
  every: `${SWEEP_MS / 1000} seconds`,
  concurrency: 2,
  async run(_data, ctx) {
    // The job runner's shutdown signal: claim nothing more, hand unsent claims back at once.
    const t = await drainDeliveries(drainDeps(ctx), { signal: ctx.signal });
    return `sent ${t.sent}, skipped ${t.skipped}, retrying ${t.retried}, failed ${t.failed}`;
  },
});
