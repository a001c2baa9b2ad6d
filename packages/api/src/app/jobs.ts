import type { JobDefinition } from '../common/context.js';
import { sessionCleanupJob } from '../modules/auth/index.js';
import { rollupCompactionJob } from '../modules/dashboard/index.js';
import { deliveryJob } from '../modules/delivery/index.js';
import { expiryJob, reminderJob } from '../modules/invitation/index.js';
import { inviteLinkReminderJob } from '../modules/invite-link/index.js';
import { patientImportJob, patientImportSweepJob } from '../modules/patient-import/index.js';

/** Every job the worker runs, gathered from the modules. */
export const JOBS: readonly JobDefinition<unknown>[] = [
  sessionCleanupJob,
  deliveryJob,
  reminderJob,
  expiryJob,
  inviteLinkReminderJob,
  patientImportJob,
  patientImportSweepJob,
  rollupCompactionJob,
];
