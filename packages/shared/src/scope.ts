/** Where a role assignment applies. An organisation-scoped role applies to all its deployments. */
export const SCOPE_TYPES = ['PLATFORM', 'ORGANISATION', 'DEPLOYMENT'] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

export type Scope =
  | { type: 'PLATFORM' }
  | { type: 'ORGANISATION'; organisationId: string }
  | { type: 'DEPLOYMENT'; organisationId: string; deploymentId: string };
