import {
  permissionRefusal,
  type AccessScope,
  type Refusal,
  type Viewer,
} from '../../common/access.js';
import type { InviteLinkKind } from './invite-link.entity.js';

/** Who manages a link of each kind: patient links `patient:manage`, staff links `staff:manage`. */
export const MANAGE_PERMISSION = {
  PATIENT: 'patient:manage',
  STAFF: 'staff:manage',
} as const satisfies Record<InviteLinkKind, string>;

/**
 * Revoke or rotate a link: the manage permission of its kind where it
 * leads. A pure function like the other policies; InviteLinkService throws what it says.
 */
export function manageLinkRefusal(
  viewer: Viewer,
  link: { kind: InviteLinkKind; scope: AccessScope },
): Refusal | null {
  return permissionRefusal(viewer, MANAGE_PERMISSION[link.kind], link.scope);
}
