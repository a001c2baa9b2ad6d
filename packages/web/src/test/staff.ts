import { StaffPageQuery, STAFF_PAGE_SIZE, StaffRoleFilterQuery } from '../features/staff/StaffPage';
import { GrantableRolesQuery } from '../features/staff/StaffRoleSelect';
import type { StaffSort } from '../gql/graphql';
import { ORG, type DIABETES } from './fixtures';
import { pageInfo } from './mocks';

export interface TestRole {
  id: string;
  key: string | null;
  name: string;
  isDefault: boolean;
  scopes: ('ORGANISATION' | 'DEPLOYMENT' | 'PLATFORM')[];
}

function role(id: string, key: string | null, name: string, scopes: TestRole['scopes']): TestRole {
  return { id, key, name, isDefault: key !== null, scopes };
}

/** Some of the default roles, and one custom role, shaped like `roles(organisationId)`. */
export const ROLES = {
  owner: role('r-owner', 'ORGANISATION_OWNER', 'Organisation Owner', ['ORGANISATION']),
  accessController: role('r-access', 'ACCESS_CONTROLLER', 'Access Controller', ['ORGANISATION']),
  orgStaff: role('r-orgstaff', 'ORGANISATION_STAFF', 'Organisation Staff', ['ORGANISATION']),
  admin: role('r-admin', 'ADMIN', 'Admin', ['ORGANISATION', 'DEPLOYMENT']),
  deploymentStaff: role('r-depstaff', 'DEPLOYMENT_STAFF', 'Deployment Staff', ['DEPLOYMENT']),
  contributor: role('r-contributor', 'CONTRIBUTOR', 'Contributor', ['DEPLOYMENT']),
  coordinator: role('r-coordinator', null, 'Care coordinator', ['ORGANISATION', 'DEPLOYMENT']),
  superAdmin: role('r-super', 'SUPER_ADMIN', 'Super Admin', ['PLATFORM']),
};

export interface StaffOptions {
  deployment?: typeof DIABETES | null;
  changeRole?: boolean;
  remove?: boolean;
}

/** One edge of `staffMembers`, as StaffPageQuery asks for it. */
export function staffEdge(
  id: string,
  fullName: string,
  email: string,
  held: TestRole,
  options: StaffOptions = {},
) {
  const { deployment = null, changeRole = false, remove = changeRole } = options;
  return {
    __typename: 'StaffMemberEdge' as const,
    cursor: `cursor-${id}`,
    node: {
      __typename: 'StaffMember' as const,
      id,
      scopeType: deployment ? ('DEPLOYMENT' as const) : ('ORGANISATION' as const),
      joinedAt: '2026-02-01T09:00:00.000Z',
      user: { __typename: 'StaffUser' as const, id: `u-${id}`, fullName, email },
      role: {
        __typename: 'Role' as const,
        id: held.id,
        key: held.key,
        name: held.name,
        isDefault: held.isDefault,
      },
      deployment: deployment
        ? { __typename: 'Deployment' as const, id: deployment.id, name: deployment.name }
        : null,
      viewerCan: { __typename: 'StaffMemberViewerCan' as const, changeRole, remove },
    },
  };
}

export type StaffEdge = ReturnType<typeof staffEdge>;

export interface StaffVariables {
  deploymentId?: string | null;
  search?: string | null;
  roleId?: string | null;
  scopeType?: 'ORGANISATION' | 'DEPLOYMENT' | null;
  sort?: StaffSort;
  after?: string;
}

/** StaffPageQuery with the page's default filters, overridden by `variables`. */
export function staffMock(variables: StaffVariables, edges: StaffEdge[], next = false) {
  return {
    request: {
      query: StaffPageQuery,
      variables: {
        organisationId: ORG.id,
        deploymentId: null,
        search: null,
        roleId: null,
        scopeType: null,
        sort: 'JOINED_DESC',
        first: STAFF_PAGE_SIZE,
        ...variables,
      },
    },
    result: {
      data: {
        staffMembers: {
          __typename: 'StaffMemberConnection' as const,
          edges,
          pageInfo: pageInfo(edges.at(-1)?.cursor ?? null, next),
        },
      },
    },
  };
}

/** The "Role" filter's `roles(organisationId)`; answers as often as asked. */
export function roleFilterMock(roles: TestRole[] = Object.values(ROLES)) {
  return {
    request: { query: StaffRoleFilterQuery, variables: { organisationId: ORG.id } },
    result: {
      data: {
        roles: roles.map((r) => ({
          __typename: 'Role' as const,
          id: r.id,
          name: r.name,
          isDefault: r.isDefault,
          scopes: r.scopes,
        })),
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

/** `grantableRoles` at the organisation, or at one deployment; answers as often as asked. */
export function grantableMock(deploymentId: string | null, roles: TestRole[]) {
  return {
    request: { query: GrantableRolesQuery, variables: { organisationId: ORG.id, deploymentId } },
    result: {
      data: {
        grantableRoles: roles.map((r) => ({
          __typename: 'Role' as const,
          id: r.id,
          key: r.key,
          name: r.name,
          isDefault: r.isDefault,
        })),
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}
