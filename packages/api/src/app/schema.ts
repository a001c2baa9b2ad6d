import 'reflect-metadata';
import { validateOrReject, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, buildSchema, type AuthChecker } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { UnauthenticatedError } from '../common/errors.js';
import { AuditResolver } from '../modules/audit-log/index.js';
import { AuthResolver, SmsSignInResolver } from '../modules/auth/index.js';
import { DeploymentResolver } from '../modules/deployment/index.js';
import { OrganisationResolver } from '../modules/organisation/index.js';
import { RoleResolver } from '../modules/role/index.js';
import {
  InvitationPublicResolver,
  InviteResultResolver,
  StaffInvitationResolver,
} from '../modules/invitation/index.js';
import { PatientResolver, PatientSmsResolver } from '../modules/patient/index.js';
import { PatientImportResolver } from '../modules/patient-import/index.js';
import { InviteLinkPublicResolver, InviteLinkResolver } from '../modules/invite-link/index.js';
import { StaffResolver } from '../modules/staff/index.js';
import { DashboardResolver } from '../modules/dashboard/index.js';
import { EventResolver } from '../modules/event-log/index.js';
import type { Context } from '../common/context.js';

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
