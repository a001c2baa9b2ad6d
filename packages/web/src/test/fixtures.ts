import { defaultRole, type DefaultRoleKey, type Permission } from '@porter/shared';
import type { ScopeEntry } from '../app/access';
import type { ViewerData } from '../app/viewer';

export const ORG = { id: 'org-riverside', name: 'Riverside Health' };
export const DIABETES = {
  id: 'dep-diabetes',
  name: 'Diabetes remote monitoring',
  organisationId: ORG.id,
};
export const HEART = { id: 'dep-heart', name: 'Heart failure programme', organisationId: ORG.id };

// The default roles' permissions, as the API seeds them (migrations) from the same definitions.
const permissionsOf = (key: DefaultRoleKey): Permission[] => [...defaultRole(key).permissions];
const ACCESS_CONTROLLER = permissionsOf('ACCESS_CONTROLLER');
const ADMIN = permissionsOf('ADMIN');
const CONTRIBUTOR = permissionsOf('CONTRIBUTOR');
const DEPLOYMENT_STAFF = permissionsOf('DEPLOYMENT_STAFF');
const SUPPORT = permissionsOf('SUPPORT');

function entry(
  scopeType: ScopeEntry['scopeType'],
  permissions: Permission[],
  deployment?: typeof DIABETES,
) {
  return {
    __typename: 'ScopeAccess' as const,
    scopeType,
    permissions,
    organisation: scopeType === 'PLATFORM' ? null : { __typename: 'Organisation' as const, ...ORG },
    deployment: deployment ? { __typename: 'Deployment' as const, ...deployment } : null,
  };
}

function viewer(
  id: string,
  fullName: string,
  email: string,
  isPlatformStaff: boolean,
  scopes: ReturnType<typeof entry>[],
) {
  return {
    __typename: 'Viewer' as const,
    id,
    fullName,
    email,
    mobile: null,
    isPlatformStaff,
    scopes,
  } satisfies ViewerData & { __typename: 'Viewer' };
}

/** Shaped like the API's `viewer` for each demo person (see packages/api/src/seed/demo.ts). */
export const viewers = {
  accessController: viewer('u-ava', 'Ava Access', 'access@riverside.example', false, [
    entry('ORGANISATION', ACCESS_CONTROLLER),
    entry('DEPLOYMENT', ACCESS_CONTROLLER, DIABETES),
    entry('DEPLOYMENT', ACCESS_CONTROLLER, HEART),
  ]),
  // Deployment-only members also get an organisation entry, without permissions.
  deploymentAdmin: viewer('u-ada', 'Ada Admin', 'admin@riverside.example', false, [
    entry('ORGANISATION', []),
    entry('DEPLOYMENT', ADMIN, DIABETES),
  ]),
  deploymentStaff: viewer('u-dana', 'Dana Deployment', 'staff@riverside.example', false, [
    entry('ORGANISATION', []),
    entry('DEPLOYMENT', DEPLOYMENT_STAFF, DIABETES),
  ]),
  contributor: viewer('u-cal', 'Cal Contributor', 'contributor@riverside.example', false, [
    entry('ORGANISATION', []),
    entry('DEPLOYMENT', CONTRIBUTOR, HEART),
  ]),
  support: viewer('u-pat', 'Pat Support', 'support@porter.example', true, [
    entry('PLATFORM', SUPPORT),
  ]),
  nobody: viewer('u-new', 'Nina New', 'new@riverside.example', false, []),
};
