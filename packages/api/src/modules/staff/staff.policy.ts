import type { AccessScope, Refusal, Viewer } from '../../common/access.js';
import { grantRefusal, type GrantableRole } from '../role/index.js';

/**
 * What may be done to a staff member (one live role assignment), as a pure function: the
 * refusal the API answers with, or null. StaffService throws it; `viewerCan` reads the same.
 * The last Owner/Admin of a scope is not refused here: that depends on everyone else's roles, and
 * the change answers LAST_KEEPER with who to promote first.
 */
export interface StaffFacts {
  userId: string;
  role: GrantableRole;
  scope: AccessScope;
}

/** Change the role or remove: not oneself, and the viewer may give the role they hold now. */
export function changeStaffRefusal(viewer: Viewer, s: StaffFacts): Refusal | null {
  if (s.userId === viewer.userId)
    return {
      code: 'FORBIDDEN',
      message: 'You cannot change or remove your own role; ask another administrator.',
    };
  return grantRefusal(viewer, s.role, s.scope);
}

/** A staff member's `viewerCan`. */
export function staffViewerCan(viewer: Viewer, s: StaffFacts) {
  const can = changeStaffRefusal(viewer, s) === null;
  return { changeRole: can, remove: can };
}
