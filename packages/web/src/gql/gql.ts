/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query AppShellScopeQuery($organisationId: ID!) {\n    organisation(id: $organisationId) {\n      id\n      name\n    }\n    deployments(organisationId: $organisationId) {\n      id\n      name\n      status\n    }\n  }\n": typeof types.AppShellScopeQueryDocument,
    "\n  query ScopeSwitcherOrganisationsQuery {\n    organisations(first: 100) {\n      edges {\n        cursor\n        node {\n          id\n          name\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.ScopeSwitcherOrganisationsQueryDocument,
    "\n  mutation SignOutMutation {\n    signOut\n  }\n": typeof types.SignOutMutationDocument,
    "\n  fragment RequireViewer_viewer on Viewer {\n    id\n    email\n    fullName\n    isPlatformStaff\n    scopes {\n      scopeType\n      permissions\n      organisation {\n        id\n        name\n      }\n      deployment {\n        id\n        name\n        organisationId\n      }\n    }\n  }\n": typeof types.RequireViewer_ViewerFragmentDoc,
    "\n  query CurrentViewerQuery {\n    viewer {\n      ...RequireViewer_viewer\n    }\n  }\n": typeof types.CurrentViewerQueryDocument,
    "\n  query AdminPageQuery($search: String, $first: Int!, $after: String, $includeArchived: Boolean!) {\n    organisations(search: $search, first: $first, after: $after, includeArchived: $includeArchived) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          kind\n          createdAt\n          archivedAt\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.AdminPageQueryDocument,
    "\n  query AuditPageQuery($organisationId: ID, $deploymentId: ID, $action: String, $actor: String, $first: Int!, $after: String) {\n    auditEvents(organisationId: $organisationId, deploymentId: $deploymentId, action: $action, actor: $actor, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          occurredAt\n          action\n          actorEmail\n          targetType\n          targetId\n          targetLabel\n          before\n          after\n          ip\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.AuditPageQueryDocument,
    "\n  query OrganisationHomePageQuery($organisationId: ID!) {\n    organisation(id: $organisationId) {\n      id\n      name\n      kind\n      createdAt\n      archivedAt\n    }\n    deployments(organisationId: $organisationId) {\n      id\n      name\n      status\n      createdAt\n      viewerPermissions\n    }\n  }\n": typeof types.OrganisationHomePageQueryDocument,
    "\n  query RolesPageQuery($organisationId: ID!) {\n    permissions {\n      key\n      label\n      description\n      group\n      platformOnly\n    }\n    roles(organisationId: $organisationId) {\n      id\n      key\n      name\n      description\n      isDefault\n      scopes\n      permissions\n      viewerCan {\n        edit\n        delete\n      }\n    }\n  }\n": typeof types.RolesPageQueryDocument,
    "\n  mutation CreateRoleMutation($organisationId: ID!, $input: RoleInput!) {\n    createRole(organisationId: $organisationId, input: $input) {\n      id\n      key\n      name\n      description\n      isDefault\n      scopes\n      permissions\n      viewerCan {\n        edit\n        delete\n      }\n    }\n  }\n": typeof types.CreateRoleMutationDocument,
    "\n  mutation UpdateRoleMutation($id: ID!, $input: RoleInput!) {\n    updateRole(id: $id, input: $input) {\n      id\n      name\n      description\n      permissions\n    }\n  }\n": typeof types.UpdateRoleMutationDocument,
    "\n  mutation DeleteRoleMutation($id: ID!) {\n    deleteRole(id: $id)\n  }\n": typeof types.DeleteRoleMutationDocument,
    "\n  mutation SignInMutation($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      ...RequireViewer_viewer\n    }\n  }\n": typeof types.SignInMutationDocument,
    "\n  query StaffPageQuery(\n    $organisationId: ID!\n    $deploymentId: ID\n    $search: String\n    $roleId: ID\n    $scopeType: ScopeType\n    $sort: StaffSort!\n    $first: Int!\n    $after: String\n  ) {\n    staffMembers(\n      organisationId: $organisationId\n      deploymentId: $deploymentId\n      search: $search\n      roleId: $roleId\n      scopeType: $scopeType\n      sort: $sort\n      first: $first\n      after: $after\n    ) {\n      edges {\n        cursor\n        node {\n          id\n          scopeType\n          joinedAt\n          user {\n            id\n            fullName\n            email\n          }\n          role {\n            id\n            key\n            name\n            isDefault\n          }\n          deployment {\n            id\n            name\n          }\n          viewerCan {\n            changeRole\n            remove\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.StaffPageQueryDocument,
    "\n  query StaffRoleFilterQuery($organisationId: ID!) {\n    roles(organisationId: $organisationId) {\n      id\n      name\n      isDefault\n      scopes\n    }\n  }\n": typeof types.StaffRoleFilterQueryDocument,
    "\n  query GrantableRolesQuery($organisationId: ID!, $deploymentId: ID) {\n    grantableRoles(organisationId: $organisationId, deploymentId: $deploymentId) {\n      id\n      name\n      isDefault\n    }\n  }\n": typeof types.GrantableRolesQueryDocument,
    "\n  mutation ChangeStaffRoleMutation($staffMemberId: ID!, $roleId: ID!) {\n    changeStaffRole(staffMemberId: $staffMemberId, roleId: $roleId) {\n      id\n      role {\n        id\n        key\n        name\n        isDefault\n      }\n      viewerCan {\n        changeRole\n        remove\n      }\n    }\n  }\n": typeof types.ChangeStaffRoleMutationDocument,
    "\n  mutation RemoveStaffMemberMutation($staffMemberId: ID!) {\n    removeStaffMember(staffMemberId: $staffMemberId)\n  }\n": typeof types.RemoveStaffMemberMutationDocument,
};
const documents: Documents = {
    "\n  query AppShellScopeQuery($organisationId: ID!) {\n    organisation(id: $organisationId) {\n      id\n      name\n    }\n    deployments(organisationId: $organisationId) {\n      id\n      name\n      status\n    }\n  }\n": types.AppShellScopeQueryDocument,
    "\n  query ScopeSwitcherOrganisationsQuery {\n    organisations(first: 100) {\n      edges {\n        cursor\n        node {\n          id\n          name\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.ScopeSwitcherOrganisationsQueryDocument,
    "\n  mutation SignOutMutation {\n    signOut\n  }\n": types.SignOutMutationDocument,
    "\n  fragment RequireViewer_viewer on Viewer {\n    id\n    email\n    fullName\n    isPlatformStaff\n    scopes {\n      scopeType\n      permissions\n      organisation {\n        id\n        name\n      }\n      deployment {\n        id\n        name\n        organisationId\n      }\n    }\n  }\n": types.RequireViewer_ViewerFragmentDoc,
    "\n  query CurrentViewerQuery {\n    viewer {\n      ...RequireViewer_viewer\n    }\n  }\n": types.CurrentViewerQueryDocument,
    "\n  query AdminPageQuery($search: String, $first: Int!, $after: String, $includeArchived: Boolean!) {\n    organisations(search: $search, first: $first, after: $after, includeArchived: $includeArchived) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          kind\n          createdAt\n          archivedAt\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.AdminPageQueryDocument,
    "\n  query AuditPageQuery($organisationId: ID, $deploymentId: ID, $action: String, $actor: String, $first: Int!, $after: String) {\n    auditEvents(organisationId: $organisationId, deploymentId: $deploymentId, action: $action, actor: $actor, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          occurredAt\n          action\n          actorEmail\n          targetType\n          targetId\n          targetLabel\n          before\n          after\n          ip\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.AuditPageQueryDocument,
    "\n  query OrganisationHomePageQuery($organisationId: ID!) {\n    organisation(id: $organisationId) {\n      id\n      name\n      kind\n      createdAt\n      archivedAt\n    }\n    deployments(organisationId: $organisationId) {\n      id\n      name\n      status\n      createdAt\n      viewerPermissions\n    }\n  }\n": types.OrganisationHomePageQueryDocument,
    "\n  query RolesPageQuery($organisationId: ID!) {\n    permissions {\n      key\n      label\n      description\n      group\n      platformOnly\n    }\n    roles(organisationId: $organisationId) {\n      id\n      key\n      name\n      description\n      isDefault\n      scopes\n      permissions\n      viewerCan {\n        edit\n        delete\n      }\n    }\n  }\n": types.RolesPageQueryDocument,
    "\n  mutation CreateRoleMutation($organisationId: ID!, $input: RoleInput!) {\n    createRole(organisationId: $organisationId, input: $input) {\n      id\n      key\n      name\n      description\n      isDefault\n      scopes\n      permissions\n      viewerCan {\n        edit\n        delete\n      }\n    }\n  }\n": types.CreateRoleMutationDocument,
    "\n  mutation UpdateRoleMutation($id: ID!, $input: RoleInput!) {\n    updateRole(id: $id, input: $input) {\n      id\n      name\n      description\n      permissions\n    }\n  }\n": types.UpdateRoleMutationDocument,
    "\n  mutation DeleteRoleMutation($id: ID!) {\n    deleteRole(id: $id)\n  }\n": types.DeleteRoleMutationDocument,
    "\n  mutation SignInMutation($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      ...RequireViewer_viewer\n    }\n  }\n": types.SignInMutationDocument,
    "\n  query StaffPageQuery(\n    $organisationId: ID!\n    $deploymentId: ID\n    $search: String\n    $roleId: ID\n    $scopeType: ScopeType\n    $sort: StaffSort!\n    $first: Int!\n    $after: String\n  ) {\n    staffMembers(\n      organisationId: $organisationId\n      deploymentId: $deploymentId\n      search: $search\n      roleId: $roleId\n      scopeType: $scopeType\n      sort: $sort\n      first: $first\n      after: $after\n    ) {\n      edges {\n        cursor\n        node {\n          id\n          scopeType\n          joinedAt\n          user {\n            id\n            fullName\n            email\n          }\n          role {\n            id\n            key\n            name\n            isDefault\n          }\n          deployment {\n            id\n            name\n          }\n          viewerCan {\n            changeRole\n            remove\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.StaffPageQueryDocument,
    "\n  query StaffRoleFilterQuery($organisationId: ID!) {\n    roles(organisationId: $organisationId) {\n      id\n      name\n      isDefault\n      scopes\n    }\n  }\n": types.StaffRoleFilterQueryDocument,
    "\n  query GrantableRolesQuery($organisationId: ID!, $deploymentId: ID) {\n    grantableRoles(organisationId: $organisationId, deploymentId: $deploymentId) {\n      id\n      name\n      isDefault\n    }\n  }\n": types.GrantableRolesQueryDocument,
    "\n  mutation ChangeStaffRoleMutation($staffMemberId: ID!, $roleId: ID!) {\n    changeStaffRole(staffMemberId: $staffMemberId, roleId: $roleId) {\n      id\n      role {\n        id\n        key\n        name\n        isDefault\n      }\n      viewerCan {\n        changeRole\n        remove\n      }\n    }\n  }\n": types.ChangeStaffRoleMutationDocument,
    "\n  mutation RemoveStaffMemberMutation($staffMemberId: ID!) {\n    removeStaffMember(staffMemberId: $staffMemberId)\n  }\n": types.RemoveStaffMemberMutationDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AppShellScopeQuery($organisationId: ID!) {\n    organisation(id: $organisationId) {\n      id\n      name\n    }\n    deployments(organisationId: $organisationId) {\n      id\n      name\n      status\n    }\n  }\n"): (typeof documents)["\n  query AppShellScopeQuery($organisationId: ID!) {\n    organisation(id: $organisationId) {\n      id\n      name\n    }\n    deployments(organisationId: $organisationId) {\n      id\n      name\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScopeSwitcherOrganisationsQuery {\n    organisations(first: 100) {\n      edges {\n        cursor\n        node {\n          id\n          name\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query ScopeSwitcherOrganisationsQuery {\n    organisations(first: 100) {\n      edges {\n        cursor\n        node {\n          id\n          name\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOutMutation {\n    signOut\n  }\n"): (typeof documents)["\n  mutation SignOutMutation {\n    signOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RequireViewer_viewer on Viewer {\n    id\n    email\n    fullName\n    isPlatformStaff\n    scopes {\n      scopeType\n      permissions\n      organisation {\n        id\n        name\n      }\n      deployment {\n        id\n        name\n        organisationId\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment RequireViewer_viewer on Viewer {\n    id\n    email\n    fullName\n    isPlatformStaff\n    scopes {\n      scopeType\n      permissions\n      organisation {\n        id\n        name\n      }\n      deployment {\n        id\n        name\n        organisationId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CurrentViewerQuery {\n    viewer {\n      ...RequireViewer_viewer\n    }\n  }\n"): (typeof documents)["\n  query CurrentViewerQuery {\n    viewer {\n      ...RequireViewer_viewer\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPageQuery($search: String, $first: Int!, $after: String, $includeArchived: Boolean!) {\n    organisations(search: $search, first: $first, after: $after, includeArchived: $includeArchived) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          kind\n          createdAt\n          archivedAt\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminPageQuery($search: String, $first: Int!, $after: String, $includeArchived: Boolean!) {\n    organisations(search: $search, first: $first, after: $after, includeArchived: $includeArchived) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          kind\n          createdAt\n          archivedAt\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditPageQuery($organisationId: ID, $deploymentId: ID, $action: String, $actor: String, $first: Int!, $after: String) {\n    auditEvents(organisationId: $organisationId, deploymentId: $deploymentId, action: $action, actor: $actor, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          occurredAt\n          action\n          actorEmail\n          targetType\n          targetId\n          targetLabel\n          before\n          after\n          ip\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditPageQuery($organisationId: ID, $deploymentId: ID, $action: String, $actor: String, $first: Int!, $after: String) {\n    auditEvents(organisationId: $organisationId, deploymentId: $deploymentId, action: $action, actor: $actor, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          occurredAt\n          action\n          actorEmail\n          targetType\n          targetId\n          targetLabel\n          before\n          after\n          ip\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganisationHomePageQuery($organisationId: ID!) {\n    organisation(id: $organisationId) {\n      id\n      name\n      kind\n      createdAt\n      archivedAt\n    }\n    deployments(organisationId: $organisationId) {\n      id\n      name\n      status\n      createdAt\n      viewerPermissions\n    }\n  }\n"): (typeof documents)["\n  query OrganisationHomePageQuery($organisationId: ID!) {\n    organisation(id: $organisationId) {\n      id\n      name\n      kind\n      createdAt\n      archivedAt\n    }\n    deployments(organisationId: $organisationId) {\n      id\n      name\n      status\n      createdAt\n      viewerPermissions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RolesPageQuery($organisationId: ID!) {\n    permissions {\n      key\n      label\n      description\n      group\n      platformOnly\n    }\n    roles(organisationId: $organisationId) {\n      id\n      key\n      name\n      description\n      isDefault\n      scopes\n      permissions\n      viewerCan {\n        edit\n        delete\n      }\n    }\n  }\n"): (typeof documents)["\n  query RolesPageQuery($organisationId: ID!) {\n    permissions {\n      key\n      label\n      description\n      group\n      platformOnly\n    }\n    roles(organisationId: $organisationId) {\n      id\n      key\n      name\n      description\n      isDefault\n      scopes\n      permissions\n      viewerCan {\n        edit\n        delete\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRoleMutation($organisationId: ID!, $input: RoleInput!) {\n    createRole(organisationId: $organisationId, input: $input) {\n      id\n      key\n      name\n      description\n      isDefault\n      scopes\n      permissions\n      viewerCan {\n        edit\n        delete\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateRoleMutation($organisationId: ID!, $input: RoleInput!) {\n    createRole(organisationId: $organisationId, input: $input) {\n      id\n      key\n      name\n      description\n      isDefault\n      scopes\n      permissions\n      viewerCan {\n        edit\n        delete\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRoleMutation($id: ID!, $input: RoleInput!) {\n    updateRole(id: $id, input: $input) {\n      id\n      name\n      description\n      permissions\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateRoleMutation($id: ID!, $input: RoleInput!) {\n    updateRole(id: $id, input: $input) {\n      id\n      name\n      description\n      permissions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteRoleMutation($id: ID!) {\n    deleteRole(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteRoleMutation($id: ID!) {\n    deleteRole(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignInMutation($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      ...RequireViewer_viewer\n    }\n  }\n"): (typeof documents)["\n  mutation SignInMutation($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      ...RequireViewer_viewer\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffPageQuery(\n    $organisationId: ID!\n    $deploymentId: ID\n    $search: String\n    $roleId: ID\n    $scopeType: ScopeType\n    $sort: StaffSort!\n    $first: Int!\n    $after: String\n  ) {\n    staffMembers(\n      organisationId: $organisationId\n      deploymentId: $deploymentId\n      search: $search\n      roleId: $roleId\n      scopeType: $scopeType\n      sort: $sort\n      first: $first\n      after: $after\n    ) {\n      edges {\n        cursor\n        node {\n          id\n          scopeType\n          joinedAt\n          user {\n            id\n            fullName\n            email\n          }\n          role {\n            id\n            key\n            name\n            isDefault\n          }\n          deployment {\n            id\n            name\n          }\n          viewerCan {\n            changeRole\n            remove\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query StaffPageQuery(\n    $organisationId: ID!\n    $deploymentId: ID\n    $search: String\n    $roleId: ID\n    $scopeType: ScopeType\n    $sort: StaffSort!\n    $first: Int!\n    $after: String\n  ) {\n    staffMembers(\n      organisationId: $organisationId\n      deploymentId: $deploymentId\n      search: $search\n      roleId: $roleId\n      scopeType: $scopeType\n      sort: $sort\n      first: $first\n      after: $after\n    ) {\n      edges {\n        cursor\n        node {\n          id\n          scopeType\n          joinedAt\n          user {\n            id\n            fullName\n            email\n          }\n          role {\n            id\n            key\n            name\n            isDefault\n          }\n          deployment {\n            id\n            name\n          }\n          viewerCan {\n            changeRole\n            remove\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffRoleFilterQuery($organisationId: ID!) {\n    roles(organisationId: $organisationId) {\n      id\n      name\n      isDefault\n      scopes\n    }\n  }\n"): (typeof documents)["\n  query StaffRoleFilterQuery($organisationId: ID!) {\n    roles(organisationId: $organisationId) {\n      id\n      name\n      isDefault\n      scopes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GrantableRolesQuery($organisationId: ID!, $deploymentId: ID) {\n    grantableRoles(organisationId: $organisationId, deploymentId: $deploymentId) {\n      id\n      name\n      isDefault\n    }\n  }\n"): (typeof documents)["\n  query GrantableRolesQuery($organisationId: ID!, $deploymentId: ID) {\n    grantableRoles(organisationId: $organisationId, deploymentId: $deploymentId) {\n      id\n      name\n      isDefault\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeStaffRoleMutation($staffMemberId: ID!, $roleId: ID!) {\n    changeStaffRole(staffMemberId: $staffMemberId, roleId: $roleId) {\n      id\n      role {\n        id\n        key\n        name\n        isDefault\n      }\n      viewerCan {\n        changeRole\n        remove\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeStaffRoleMutation($staffMemberId: ID!, $roleId: ID!) {\n    changeStaffRole(staffMemberId: $staffMemberId, roleId: $roleId) {\n      id\n      role {\n        id\n        key\n        name\n        isDefault\n      }\n      viewerCan {\n        changeRole\n        remove\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveStaffMemberMutation($staffMemberId: ID!) {\n    removeStaffMember(staffMemberId: $staffMemberId)\n  }\n"): (typeof documents)["\n  mutation RemoveStaffMemberMutation($staffMemberId: ID!) {\n    removeStaffMember(staffMemberId: $staffMemberId)\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;