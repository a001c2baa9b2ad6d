import type { JobSpec } from '../infra/jobs/agenda.js';
import { authJobs } from '../modules/auth/index.js';
import { dashboardJobs } from '../modules/dashboard/index.js';
import { invitationJobs, type InvitationJobDeps } from '../modules/invitation/index.js';
import { inviteLinkJobs } from '../modules/invite-link/index.js';
import { patientImportJobs } from '../modules/patient-import/index.js';

/** Everything a job may need; today exactly what the invitation jobs take. */
export type JobContext = InvitationJobDeps;

/** Every job the worker runs, gathered from the modules. */
export function jobSpecs(ctx: JobContext): JobSpec<never>[] {
  return [
    ...authJobs(ctx.orm, ctx.clock),
    ...invitationJobs(ctx),
    ...inviteLinkJobs(ctx),
    ...patientImportJobs(ctx),
    ...dashboardJobs(ctx.orm),
  ];
}
