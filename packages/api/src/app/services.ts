import type { EntityManager } from '@mikro-orm/postgresql';
import type { Deps } from '../common/context.js';
import { AuthService, SmsSignInService } from '../modules/auth/index.js';
import { DashboardService } from '../modules/dashboard/index.js';
import { DeploymentService } from '../modules/deployment/index.js';
import { deliveryJob } from '../modules/delivery/index.js';
import {
  InvitationListService,
  InvitationService,
  type InvitationDeps,
} from '../modules/invitation/index.js';
import {
  InviteLinkJoinService,
  InviteLinkService,
  type InviteLinkDeps,
} from '../modules/invite-link/index.js';
import { OrganisationService } from '../modules/organisation/index.js';
import {
  PatientHelperService,
  PatientService,
  PatientSmsService,
} from '../modules/patient/index.js';
import { PatientImportService } from '../modules/patient-import/index.js';
import { RoleService } from '../modules/role/index.js';
import { StaffService } from '../modules/staff/index.js';

/** Every service a resolver or route may use, by name. */
export interface AppServices {
  auth: AuthService;
  smsSignIn: SmsSignInService;
  organisations: OrganisationService;
  deployments: DeploymentService;
  roles: RoleService;
  staff: StaffService;
  invitations: InvitationService;
  invitationList: InvitationListService;
  patients: PatientService;
  patientHelpers: PatientHelperService;
  patientSms: PatientSmsService;
  patientImports: PatientImportService;
  inviteLinks: InviteLinkService;
  inviteLinkJoins: InviteLinkJoinService;
  dashboard: DashboardService;
}

declare module '../common/context.js' {
  // The composition root fills in the Services that common/context.ts declares empty.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges AppServices into common's Services
  interface Services extends AppServices {}
}

/**
 * The one place services are made: each is built on first use and then kept for the request
 * (ctx.services), all on the same EntityManager and the shared deps.
 */
export function createServices(em: EntityManager, deps: Deps): AppServices {
  const { clock, env, sealer } = deps;
  const invitationDeps: InvitationDeps = {
    em,
    clock,
    sealer,
    appUrl: env.APP_URL,
    notifyDelivery: () => deps.jobs.enqueue(deliveryJob),
    kindHandlers: deps.kindHandlers,
  };
  const inviteLinkDeps: InviteLinkDeps = { em, clock, sealer, appUrl: env.APP_URL };
  return once<AppServices>({
    auth: () => new AuthService(em, clock, env.SESSION_TTL_DAYS),
    smsSignIn: () =>
      new SmsSignInService({
        em,
        clock,
        sms: deps.sms,
        log: deps.log,
        defaultCountry: env.SMS_DEFAULT_COUNTRY,
        sessionTtlDays: env.SESSION_TTL_DAYS,
      }),
    organisations: () => new OrganisationService(em, clock),
    deployments: () => new DeploymentService(em, clock),
    roles: () => new RoleService(em, clock),
    staff: () => new StaffService(em, clock),
    invitations: () => new InvitationService(invitationDeps),
    invitationList: () => new InvitationListService(em, clock),
    patients: () => new PatientService(invitationDeps),
    patientHelpers: () => new PatientHelperService(invitationDeps),
    patientSms: () =>
      new PatientSmsService({ ...invitationDeps, smsDefaultCountry: env.SMS_DEFAULT_COUNTRY }),
    patientImports: () => new PatientImportService(em, clock),
    inviteLinks: () => new InviteLinkService(inviteLinkDeps),
    inviteLinkJoins: () => new InviteLinkJoinService({ ...inviteLinkDeps, mailer: deps.mailer }),
    dashboard: () => new DashboardService(em, clock),
  });
}

/** An object whose every property is made by its maker on first read, then kept. */
function once<T extends object>(makers: { [K in keyof T]: () => T[K] }): T {
  const made: Partial<T> = {};
  const services = {} as T;
  for (const key of Object.keys(makers) as (keyof T)[]) {
    Object.defineProperty(services, key, {
      enumerable: true,
      get: () => (made[key] ??= makers[key]()),
    });
  }
  return services;
}
