import type { Permission } from '@porter/shared';
import type { AccessScope, Viewer } from '../../common/access.js';
import { AppError } from '../../common/errors.js';
import { grantRefusal, type GrantableRole } from '../role/index.js';

/**
 * Permissions that make a role an administrator's: a staff invite link, which anyone holding it may
 * use, never hands out a role with any of them.
 */
export const ADMIN_PERMISSIONS: readonly Permission[] = [
  'staff:manage',
  'role:manage',
  'organisation:edit',
  'organisation:delete',
  'deployment:create',
  'deployment:configure',
  'platform:organisations',
];

/** Is this a role a multi-use staff invite link may give? Only roles with none of ADMIN_PERMISSIONS. */
export function isLinkableRole(role: Pick<GrantableRole, 'permissions'>): boolean {
  return !role.permissions.some((p) => (ADMIN_PERMISSIONS as readonly string[]).includes(p));
}

/**
 * Why the viewer may not put `role` on a staff invite link at `scope`, or null when they may: the
 * grant policy first (the viewer must be able to give the role there, which needs `staff:manage`),
 * then the role must be non-admin (ROLE_NOT_LINKABLE).
 */
export function staffLinkRefusal(
  viewer: Viewer,
  role: GrantableRole,
  scope: AccessScope,
): AppError | null {
  const refusal = grantRefusal(viewer, role, scope);
  if (refusal) return refusal;
  if (!isLinkableRole(role)) {
    return new AppError(
      'ROLE_NOT_LINKABLE',
      `Invite links cannot give the ${role.name} role: it manages staff, roles, the organisation or deployments.`,
      {
        roleId: role.id,
      },
    );
  }
  return null;
}

/** Throws the refusal of staffLinkRefusal, if any. */
export function requireStaffLink(viewer: Viewer, role: GrantableRole, scope: AccessScope): void {
  const refusal = staffLinkRefusal(viewer, role, scope);
  if (refusal) throw refusal;
}
