import { registerEnumType } from 'type-graphql';
import { SCOPE_TYPES } from '@porter/shared';
import { DEPLOYMENT_STATUSES } from '../modules/deployment/deployment.entity.js';
import { ORGANISATION_KINDS } from '../modules/organisation/organisation.entity.js';

/** A TypeScript-enum-like object of string literals, as registerEnumType wants. */
export const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const ScopeTypeEnum = asEnum(SCOPE_TYPES);
export const OrganisationKindEnum = asEnum(ORGANISATION_KINDS);
export const DeploymentStatusEnum = asEnum(DEPLOYMENT_STATUSES);

registerEnumType(ScopeTypeEnum, {
  name: 'ScopeType',
  description: 'Where a role assignment applies.',
});
registerEnumType(OrganisationKindEnum, {
  name: 'OrganisationKind',
  description: 'What an organisation runs.',
});
registerEnumType(DeploymentStatusEnum, {
  name: 'DeploymentStatus',
  description: 'Lifecycle of a deployment.',
});
