import type { ErrorCode, Permission, ScopeType } from '@porter/shared';
import { AppError, ForbiddenError, UnauthenticatedError } from './errors.js';

/** One live role assignment as the access service sees it. */
export interface Grant {
  assignmentId: string;
  roleId: string;
  roleKey: string | null;
  roleName: string;
  permissions: ReadonlySet<Permission>;
  /** Role keys (or CUSTOM) this role may grant; empty for custom roles, which follow the escalation rule alone. */
  grants: ReadonlySet<string>;
  scopeType: ScopeType;
  organisationId: string | null;
  deploymentId: string | null;
}

/** The signed-in user of a request, with every live grant loaded once per request. */
export interface Viewer {
  userId: string;
  /** Null for patients who joined by SMS (they have a mobile instead). */
  email: string | null;
  /** E.164, when known. */
  mobile?: string | null;
  fullName: string;
  sessionId: string | null;
  grants: readonly Grant[];
}

/** A place a permission is asked about. A deployment always names its organisation. */
export type AccessScope =
  | { type: 'PLATFORM' }
  | { type: 'ORGANISATION'; organisationId: string }
  | { type: 'DEPLOYMENT'; organisationId: string; deploymentId: string };

export const PLATFORM: AccessScope = { type: 'PLATFORM' };

/** Does a grant apply at a scope? Platform grants apply everywhere; organisation grants to its deployments. */
export function applies(grant: Grant, scope: AccessScope): boolean {
  switch (grant.scopeType) {
    case 'PLATFORM':
      return true;
    case 'ORGANISATION':
      return scope.type !== 'PLATFORM' && grant.organisationId === scope.organisationId;
    case 'DEPLOYMENT':
      return scope.type === 'DEPLOYMENT' && grant.deploymentId === scope.deploymentId;
  }
}

export interface AccessService {
  permissionsAt(viewer: Viewer | null, scope: AccessScope): Set<Permission>;
  can(viewer: Viewer | null, permission: Permission, scope: AccessScope): boolean;
  require(
    viewer: Viewer | null,
    permission: Permission,
    scope: AccessScope,
  ): asserts viewer is Viewer;
  isPlatformStaff(viewer: Viewer | null): boolean;
  canEnterOrganisation(viewer: Viewer | null, organisationId: string): boolean;
  canEnterDeployment(viewer: Viewer | null, organisationId: string, deploymentId: string): boolean;
}

/**
 * The one place that answers "may this viewer do that here?", for resolvers, jobs and scripts.
 * Organisation grants inherit to the organisation's deployments; platform grants to everything.
 */
export const access: AccessService = {
  /** The union of the viewer's permissions that apply at a scope. */
  permissionsAt(viewer: Viewer | null, scope: AccessScope): Set<Permission> {
    const result = new Set<Permission>();
    for (const grant of viewer?.grants ?? []) {
      if (applies(grant, scope)) for (const p of grant.permissions) result.add(p);
    }
    return result;
  },

  can(viewer: Viewer | null, permission: Permission, scope: AccessScope): boolean {
    return (viewer?.grants ?? []).some((g) => g.permissions.has(permission) && applies(g, scope));
  },

  /** Throws UNAUTHENTICATED without a viewer and FORBIDDEN without the permission. */
  require(
    viewer: Viewer | null,
    permission: Permission,
    scope: AccessScope,
  ): asserts viewer is Viewer {
    if (!viewer) throw new UnauthenticatedError();
    if (!this.can(viewer, permission, scope)) {
      throw new ForbiddenError(`You need the “${permission}” permission here.`, { permission });
    }
  },

  /** Holds any platform role. */
  isPlatformStaff(viewer: Viewer | null): boolean {
    return (viewer?.grants ?? []).some((g) => g.scopeType === 'PLATFORM');
  },

  /** Holds any grant inside the organisation (at it, one of its deployments, or the platform). */
  canEnterOrganisation(viewer: Viewer | null, organisationId: string): boolean {
    return (viewer?.grants ?? []).some(
      (g) => g.scopeType === 'PLATFORM' || g.organisationId === organisationId,
    );
  },

  /** Holds a grant that applies at the deployment. */
  canEnterDeployment(viewer: Viewer | null, organisationId: string, deploymentId: string): boolean {
    const scope: AccessScope = { type: 'DEPLOYMENT', organisationId, deploymentId };
    return (viewer?.grants ?? []).some((g) => applies(g, scope));
  },
};

/**
 * Why a policy says no: the code and wording the API answers with. Policies (`<module>.policy.ts`)
 * return one of these or null; services throw it (`assertAllowed`), `viewerCan` mappers read
 * `=== null` as true, so the button and the check are one rule.
 */
export interface Refusal {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** FORBIDDEN unless the viewer holds the permission at the scope; the wording of `access.require`. */
export function permissionRefusal(
  viewer: Viewer | null,
  permission: Permission,
  scope: AccessScope,
  message = `You need the “${permission}” permission here.`,
): Refusal | null {
  return access.can(viewer, permission, scope)
    ? null
    : { code: 'FORBIDDEN', message, details: { permission } };
}

/** The error a refusal stands for (an AppError refusal, as grantRefusal returns, is itself). */
export function refusalError(refusal: Refusal): AppError {
  return refusal instanceof AppError
    ? refusal
    : new AppError(refusal.code, refusal.message, refusal.details);
}

/** Throws the first refusal given, if any. */
export function assertAllowed(...refusals: (Refusal | null)[]): void {
  const refusal = refusals.find((r) => r !== null);
  if (refusal) throw refusalError(refusal);
}
