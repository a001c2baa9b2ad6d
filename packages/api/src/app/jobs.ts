import type { JobSpec } from '../infra/jobs/agenda.js';
import { authJobs } from '../modules/auth/auth.jobs.js';
import { dashboardJobs } from '../modules/dashboard/dashboard.jobs.js';
import { invitationJobs, type InvitationJobDeps } from '../modules/invitation/invitation.jobs.js';
import { inviteLinkJobs } from '../modules/invite-link/invite-link.jobs.js';
import { patientImportJobs } from '../modules/patient-import/patient-import.jobs.js';

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
