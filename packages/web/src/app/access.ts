import type { Permission } from '@porter/shared';

/**
 * What the SPA knows about the viewer's access: the `viewer.scopes` entries from the API. Every
 * show/hide decision in the SPA goes through the functions below; the API still checks every call.
 */
export interface ScopeEntry {
  scopeType: 'PLATFORM' | 'ORGANISATION' | 'DEPLOYMENT';
  /** Keys of the shared catalogue (the API answers strings; `toViewerData` keeps the known ones). */
  permissions: readonly Permission[];
  organisation?: { id: string; name: string } | null;
  deployment?: { id: string; name: string; organisationId: string } | null;
}

export interface AccessViewer {
  isPlatformStaff: boolean;
  scopes: readonly ScopeEntry[];
}

/** Where the viewer is, from the URL: an organisation, optionally one of its deployments. */
export interface CurrentScope {
  organisationId: string;
  deploymentId?: string | null;
}

const SCOPE_PATH = /^\/o\/([^/]+)(?:\/d\/([^/]+))?/;

export function scopeFromPath(pathname: string): CurrentScope | null {
  const match = SCOPE_PATH.exec(pathname);
  if (!match?.[1]) return null;
  return {
    organisationId: decodeURIComponent(match[1]),
    deploymentId: match[2] ? decodeURIComponent(match[2]) : null,
  };
}

function organisationIdOf(entry: ScopeEntry): string | null {
  return entry.organisation?.id ?? entry.deployment?.organisationId ?? null;
}

/**
 * Effective permissions at a scope (or at the platform when `scope` is null). The API already
 * folds inherited grants into each entry; platform entries apply everywhere, so they are added.
 */
export function permissionsAt(viewer: AccessViewer, scope: CurrentScope | null): Set<Permission> {
  const result = new Set<Permission>();
  for (const entry of viewer.scopes) {
    const applies =
      entry.scopeType === 'PLATFORM' ||
      (scope !== null &&
        entry.scopeType === 'ORGANISATION' &&
        entry.organisation?.id === scope.organisationId) ||
      (scope?.deploymentId != null &&
        entry.scopeType === 'DEPLOYMENT' &&
        entry.deployment?.id === scope.deploymentId);
    if (applies) for (const p of entry.permissions) result.add(p);
  }
  return result;
}

export function can(
  viewer: AccessViewer,
  permission: Permission,
  scope: CurrentScope | null,
): boolean {
  return permissionsAt(viewer, scope).has(permission);
}

/**
 * May the viewer work at the organisation level itself (not only inside some deployments)?
 * The API also lists an organisation entry for deployment-only members, with no permissions, so
 * an entry counts only when it carries permissions (every role holds `patient:view`).
 */
export function hasOrganisationLevel(viewer: AccessViewer, organisationId: string): boolean {
  if (viewer.isPlatformStaff) return true;
  return viewer.scopes.some(
    (e) =>
      e.scopeType === 'ORGANISATION' &&
      e.organisation?.id === organisationId &&
      e.permissions.length > 0,
  );
}

/** Holds anything inside the organisation: at it, in one of its deployments, or on the platform. */
export function canEnterOrganisation(viewer: AccessViewer, organisationId: string): boolean {
  return (
    viewer.isPlatformStaff || viewer.scopes.some((e) => organisationIdOf(e) === organisationId)
  );
}

export function canEnterDeployment(
  viewer: AccessViewer,
  organisationId: string,
  deploymentId: string,
): boolean {
  if (hasOrganisationLevel(viewer, organisationId)) return true;
  return viewer.scopes.some(
    (e) =>
      e.scopeType === 'DEPLOYMENT' &&
      e.deployment?.id === deploymentId &&
      e.deployment.organisationId === organisationId,
  );
}

export type NavKey =
  'deployments' | 'staff' | 'invitations' | 'patients' | 'roles' | 'audit' | 'admin' | 'dashboard';

export interface NavItem {
  key: NavKey;
  label: string;
  to: string;
}

/**
 * The navbar for a viewer at a scope: only the sections they may use there.
 * - Deployments (organisation home): organisation-level members and platform staff.
 * - Staff and Invitations (pending staff invitations): `staff:view` at the current scope.
 * - Patients: deployment level, `patient:view`.
 * - Roles and Audit: `role:manage` and `audit:view` at the current scope.
 * - Dashboard: `staff:view` at the current scope; outside an organisation, `staff:view` on the platform (the platform-wide one).
 * - Admin: platform staff, at any scope.
 * Links keep the viewer at their level: inside a deployment they point below `/d/:deploymentId`.
 */
export function navigationFor(viewer: AccessViewer, scope: CurrentScope | null): NavItem[] {
  const items: NavItem[] = [];
  if (scope && canEnterOrganisation(viewer, scope.organisationId)) {
    const org = `/o/${encodeURIComponent(scope.organisationId)}`;
    const here = scope.deploymentId ? `${org}/d/${encodeURIComponent(scope.deploymentId)}` : org;
    const perms = permissionsAt(viewer, scope);
    if (hasOrganisationLevel(viewer, scope.organisationId))
      items.push({ key: 'deployments', label: 'Deployments', to: org });
    if (scope.deploymentId && perms.has('patient:view'))
      items.push({ key: 'patients', label: 'Patients', to: `${here}/patients` });
    if (perms.has('staff:view')) {
      items.push({ key: 'staff', label: 'Staff', to: `${here}/staff` });
      items.push({ key: 'invitations', label: 'Invitations', to: `${here}/invitations` });
    }
    if (perms.has('role:manage')) items.push({ key: 'roles', label: 'Roles', to: `${here}/roles` });
    if (perms.has('audit:view')) items.push({ key: 'audit', label: 'Audit', to: `${here}/audit` });
    if (perms.has('staff:view'))
      items.push({ key: 'dashboard', label: 'Dashboard', to: `${here}/dashboard` });
  } else if (!scope && can(viewer, 'staff:view', null)) {
    items.push({ key: 'dashboard', label: 'Dashboard', to: '/dashboard' });
  }
  if (viewer.isPlatformStaff) items.push({ key: 'admin', label: 'Admin', to: '/admin' });
  return items;
}

/**
 * May the viewer invite staff at this scope? Giving any role needs `staff:manage` there (the API's
 * grant policy checks it first), so `grantableRoles` is empty without it; the dialog then lists
 * the roles the viewer may actually give.
 */
export function canInviteStaff(viewer: AccessViewer, scope: CurrentScope | null): boolean {
  return scope !== null && can(viewer, 'staff:manage', scope);
}

/**
 * The first section of a deployment for someone holding `permissions` there: patients, else
 * staff. For lists that carry each deployment's `viewerPermissions` (the organisation home).
 */
export function deploymentStartPath(
  organisationId: string,
  deploymentId: string,
  permissions: Iterable<string>,
): string {
  const base = `/o/${encodeURIComponent(organisationId)}/d/${encodeURIComponent(deploymentId)}`;
  const perms = new Set(permissions);
  return !perms.has('patient:view') && perms.has('staff:view')
    ? `${base}/staff`
    : `${base}/patients`;
}

/** The first section of a deployment the viewer may use: patients, else staff. */
export function deploymentLandingPath(
  viewer: AccessViewer,
  organisationId: string,
  deploymentId: string,
): string {
  return deploymentStartPath(
    organisationId,
    deploymentId,
    permissionsAt(viewer, { organisationId, deploymentId }),
  );
}

/** Where to go when choosing an organisation: its home, or the viewer's first deployment in it. */
export function organisationLandingPath(
  viewer: AccessViewer,
  organisationId: string,
): string | null {
  if (hasOrganisationLevel(viewer, organisationId))
    return `/o/${encodeURIComponent(organisationId)}`;
  const deployment = viewer.scopes.find(
    (e) => e.scopeType === 'DEPLOYMENT' && e.deployment?.organisationId === organisationId,
  )?.deployment;
  return deployment ? deploymentLandingPath(viewer, organisationId, deployment.id) : null;
}

/**
 * Where the scope switcher goes: the same section (Staff, Roles, …) in the chosen scope when the
 * viewer may use it there, otherwise that scope's start page.
 */
export function switchScopePath(
  viewer: AccessViewer,
  pathname: string,
  target: CurrentScope,
): string {
  const current = scopeFromPath(pathname);
  const prefix = current
    ? `/o/${encodeURIComponent(current.organisationId)}${current.deploymentId ? `/d/${encodeURIComponent(current.deploymentId)}` : ''}`
    : null;
  const section =
    prefix && pathname.startsWith(`${prefix}/`)
      ? pathname.slice(prefix.length + 1).split('/')[0]
      : undefined;
  const base = `/o/${encodeURIComponent(target.organisationId)}${target.deploymentId ? `/d/${encodeURIComponent(target.deploymentId)}` : ''}`;
  const same = navigationFor(viewer, target).find(
    (item) => item.key === section && item.to === `${base}/${section}`,
  );
  if (same) return same.to;
  if (target.deploymentId)
    return deploymentLandingPath(viewer, target.organisationId, target.deploymentId);
  return organisationLandingPath(viewer, target.organisationId) ?? base;
}

/**
 * Where a viewer lands after signing in: platform staff on /admin, organisation members on their
 * organisation's home, deployment members on their patient list; null when they hold nothing.
 */
export function landingPath(viewer: AccessViewer): string | null {
  if (viewer.isPlatformStaff) return '/admin';
  const organisation = viewer.scopes.find(
    (e) => e.scopeType === 'ORGANISATION' && e.permissions.length > 0,
  )?.organisation;
  if (organisation) return `/o/${encodeURIComponent(organisation.id)}`;
  const deployment = viewer.scopes.find((e) => e.scopeType === 'DEPLOYMENT')?.deployment;
  if (deployment) return deploymentLandingPath(viewer, deployment.organisationId, deployment.id);
  return null;
}

/** Accepts only same-origin paths for `?next=`, so a crafted link cannot send people elsewhere. */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return null;
  if (next.startsWith('/sign-in')) return null;
  return next;
}

/** The organisations the viewer belongs to, from their scopes, by name. */
export function memberOrganisations(viewer: AccessViewer): { id: string; name: string }[] {
  const byId = new Map<string, string>();
  for (const e of viewer.scopes)
    if (e.organisation) byId.set(e.organisation.id, e.organisation.name);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** May the viewer invite patients here? Deployment level only, with `patient:manage` there. */
export function canInvitePatients(viewer: AccessViewer, scope: CurrentScope | null): boolean {
  return scope?.deploymentId != null && can(viewer, 'patient:manage', scope);
}
