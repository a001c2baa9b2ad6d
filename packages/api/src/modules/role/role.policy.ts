import { permissionRefusal, type Refusal, type Viewer } from '../../common/access.js';

/**
 * What may be done to a role, as a pure function: the refusal the API answers with, or null.
 * RoleService throws it for an edit or a delete; the role's `viewerCan` reads the same answer.
 * Default roles are read-only (they are the seeded catalogue every organisation shares); a custom
 * role takes `role:manage` in its organisation. A custom role still held by someone is not refused
 * here: that depends on the assignments, and the delete answers ROLE_IN_USE with how many.
 */
export interface RoleFacts {
  name: string;
  /** Null for the default roles. */
  organisationId: string | null;
}

/** Rename, change the permissions of, or delete a role. */
export function manageRoleRefusal(viewer: Viewer | null, r: RoleFacts): Refusal | null {
  if (!r.organisationId)
    return {
      code: 'ROLE_READ_ONLY',
      message: `${r.name} is a default role and cannot be changed.`,
    };
  return permissionRefusal(viewer, 'role:manage', {
    type: 'ORGANISATION',
    organisationId: r.organisationId,
  });
}

/** A role's `viewerCan`. */
export function roleViewerCan(viewer: Viewer | null, r: RoleFacts) {
  const can = manageRoleRefusal(viewer, r) === null;
  return { edit: can, delete: can };
}
