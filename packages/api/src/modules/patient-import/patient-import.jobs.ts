import { defineJob } from '../../infra/jobs/define-job.js';
import { deliveryJob } from '../delivery/index.js';
import { invitationJobDeps } from '../invitation/index.js';
import { importsToResume, processPatientImport } from './patient-import.processor.js';

/**
 * Processes one upload; safe to run twice at once, as only the holder of the import's lease
 * commits.
 */
export const patientImportJob = defineJob<{ importId: string }>({
  name: 'patient-import',
  concurrency: 1,
  async run(data, ctx) {
    if (!data?.importId) return 'skipped: no import id';
    const outcome = await processPatientImport(
      { ...invitationJobDeps(ctx), notifyDelivery: () => ctx.jobs.enqueue(deliveryJob) },
      data.importId,
      // The job runner's shutdown signal: commit what is in flight, give the lease back at once.
      { signal: ctx.signal },
    );
    return `import ${data.importId}: ${outcome}`;
  },
});

/**
 * Every minute: queues the imports nobody is working on, QUEUED ones whose wake-up was lost and
 * RUNNING ones whose worker stopped renewing its lease.
 */
export const patientImportSweepJob = defineJob({
  name: 'patient-import-sweep',
  every: '1 minute',
  concurrency: 1,
  async run(_data, ctx) {
    const ids = await importsToResume(ctx.orm, ctx.clock);
    for (const importId of ids) await ctx.jobs.enqueue(patientImportJob, { importId });
    return `queued ${ids.length} imports`;
  },
});
