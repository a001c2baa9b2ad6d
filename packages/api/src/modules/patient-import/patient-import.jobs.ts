import type { JobSpec } from '../../infra/jobs/agenda.js';
import { DELIVERY_JOB, type InvitationJobDeps } from '../invitation/index.js';
import { importsToResume, processPatientImport } from './patient-import.processor.js';

export const PATIENT_IMPORT_JOB = 'patient-import';
export const PATIENT_IMPORT_SWEEP_JOB = 'patient-import-sweep';

/**
 * `patient-import` processes one upload (data: { importId }); it is safe to run twice at once, as
 * only the holder of the import's lease commits. `patient-import-sweep` runs every minute and
 * queues the imports nobody is working on: QUEUED ones whose wake-up was lost and RUNNING ones
 * whose worker stopped renewing its lease.
 */
export function patientImportJobs(deps: InvitationJobDeps): JobSpec<never>[] {
  return [
    {
      name: PATIENT_IMPORT_JOB,
      concurrency: 1,
      async run(data: { importId?: string }, job) {
        if (!data?.importId) return 'skipped: no import id';
        const outcome = await processPatientImport(
          { ...deps, notifyDelivery: () => job.agenda.now(DELIVERY_JOB, {}).then(() => undefined) },
          data.importId,
        );
        return `import ${data.importId}: ${outcome}`;
      },
    },
    {
      name: PATIENT_IMPORT_SWEEP_JOB,
      every: '1 minute',
      concurrency: 1,
      async run(_data, job) {
        const ids = await importsToResume(deps.orm, deps.clock);
        for (const importId of ids) await job.agenda.now(PATIENT_IMPORT_JOB, { importId });
        return `queued ${ids.length} imports`;
      },
    },
  ];
}
