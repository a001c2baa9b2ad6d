import 'reflect-metadata';
import { validateOrReject, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, buildSchema, type AuthChecker } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { UnauthenticatedError } from '../common/errors.js';
import { AuditResolver } from '../modules/audit/audit.resolver.js';
import { AuthResolver } from '../modules/auth/auth.resolver.js';
import { DeploymentResolver } from '../modules/deployment/deployment.resolver.js';
import { OrganisationResolver } from '../modules/organisation/organisation.resolver.js';
import { RoleResolver } from '../modules/role/role.resolver.js';
import { InvitationPublicResolver } from '../modules/invitation/invitation-public.resolver.js';
import {
  InviteResultResolver,
  StaffInvitationResolver,
} from '../modules/invitation/invitation.resolver.js';
import { PatientResolver } from '../modules/patient/patient.resolver.js';
import { PatientImportResolver } from '../modules/patient-import/patient-import.resolver.js';
import { PatientSmsResolver } from '../modules/patient/patient-sms.resolver.js';
import { SmsSignInResolver } from '../modules/auth/sms-sign-in.resolver.js';
import { InviteLinkPublicResolver } from '../modules/invite-link/invite-link-public.resolver.js';
import { InviteLinkResolver } from '../modules/invite-link/invite-link.resolver.js';
import { StaffResolver } from '../modules/staff/staff.resolver.js';
import { DashboardResolver } from '../modules/dashboard/dashboard.resolver.js';
import { EventResolver } from '../modules/event/event.resolver.js';
import type { Context } from './context.js';

/** Resolver classes guarded by `@Authorized()`: every field needs a signed-in viewer. */
export const GUARDED_RESOLVERS = [
  OrganisationResolver,
  DeploymentResolver,
  RoleResolver,
  StaffResolver,
  AuditResolver,
  StaffInvitationResolver,
  InviteResultResolver,
  PatientResolver,
  InviteLinkResolver,
  PatientSmsResolver,
  PatientImportResolver,
  DashboardResolver,
  EventResolver,
] as const;

/** Resolver classes that are public on purpose; each of their operations checks what it needs itself. */
export const PUBLIC_RESOLVERS = [
  AuthResolver,
  InvitationPublicResolver,
  InviteLinkPublicResolver,
  SmsSignInResolver,
] as const;

/** Guard: a signed-in viewer. Permission checks happen in services, through the access service. */
const authChecker: AuthChecker<Context> = ({ context }) => {
  if (!context.viewer) throw new UnauthenticatedError();
  return true;
};

const VALIDATOR_OPTIONS: ValidatorOptions = {
  forbidUnknownValues: false,
  skipMissingProperties: true,
};
const validatable = (value: unknown): value is object =>
  value !== null && typeof value === 'object';

/**
 * Input classes are checked with their class-validator decorators, exactly as type-graphql's
 * built-in validation does (same options, same ArgumentValidationError), but with class-validator
 * imported once: the built-in path runs `await import('class-validator')` for every argument of
 * every call, which showed up in the profile of the patient list (bench/patient-list.ts).
 */
async function validateArgument(value: unknown): Promise<void> {
  if (!validatable(value)) return;
  try {
    if (Array.isArray(value))
      await Promise.all(
        value.filter(validatable).map((item) => validateOrReject(item, VALIDATOR_OPTIONS)),
      );
    else await validateOrReject(value, VALIDATOR_OPTIONS);
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
}

export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...PUBLIC_RESOLVERS, ...GUARDED_RESOLVERS],
    authChecker,
    validateFn: validateArgument,
  });
}
