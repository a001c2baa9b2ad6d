import {
  permissionRefusal,
  type AccessScope,
  type Refusal,
  type Viewer,
} from '../../common/access.js';
import type { DeliveryStatus } from '../delivery/index.js';
import { grantRefusal, type GrantableRole, toGrantable } from '../role/index.js';
import {
  isOpenInvitation,
  type InvitationEntity,
  type InvitationKind,
  type StoredInvitationStatus,
} from './invitation.entity.js';
import { scopeOf } from '../../common/places.js';

/**
 * What may be done to an invitation, as pure functions: each returns the refusal the API
 * answers with, or null. InvitationService and PatientService throw (or report per item) what
 * these say; the invitation lists' `viewerCan` reads the same answers.
 */
export interface InvitationFacts {
  kind: InvitationKind;
  status: StoredInvitationStatus;
  /** The role a staff invitation gives. */
  role: GrantableRole | null;
  scope: AccessScope & { type: 'ORGANISATION' | 'DEPLOYMENT' };
  expiresAt: Date;
  /** Where its latest message stands. */
  deliveryStatus: DeliveryStatus;
}

/** The facts the policies read, from an invitation with its organisation, deployment and role. */
export function invitationFacts(i: InvitationEntity): InvitationFacts {
  return {
    kind: i.kind,
    status: i.status,
    role: i.role ? toGrantable(i.role) : null,
    scope: scopeOf(i),
    expiresAt: i.expiresAt,
    deliveryStatus: i.deliveryStatus,
  };
}

/** `patient:manage`, in the wording patient invitations have always refused with. */
export function managePatientDataRefusal(
  viewer: Viewer | null,
  scope: AccessScope,
): Refusal | null {
  return permissionRefusal(
    viewer,
    'patient:manage',
    scope,
    'You need the “Manage patient data” permission here.',
  );
}

const ALREADY_USED: Refusal = { code: 'INVITATION_ALREADY_USED', message: 'Already accepted.' };
const ALREADY_REVOKED: Refusal = { code: 'INVITATION_REVOKED', message: 'Already withdrawn.' };

/**
 * Acting on an invitation at all: staff invitations follow the grant rules of their role (who
 * may give it may resend or withdraw it); patient invitations need `patient:manage`.
 */
export function manageRefusal(viewer: Viewer, i: InvitationFacts): Refusal | null {
  return i.kind === 'STAFF'
    ? grantRefusal(viewer, i.role!, i.scope)
    : managePatientDataRefusal(viewer, i.scope);
}

/** Send again with a new link: an open (pending or expired) invitation the viewer may manage. */
export function resendRefusal(viewer: Viewer, i: InvitationFacts): Refusal | null {
  return (
    manageRefusal(viewer, i) ??
    (i.status === 'ACCEPTED' ? ALREADY_USED : isOpenInvitation(i.status) ? null : ALREADY_REVOKED)
  );
}

/**
 * Send its failed message again with the same link: who may resend it may retry it, while it is
 * pending and not past its expiry (an expired one needs a resend: a new link and expiry) and its
 * latest message FAILED.
 */
export function retryDeliveryRefusal(
  viewer: Viewer,
  i: InvitationFacts,
  now: Date,
): Refusal | null {
  return (
    resendRefusal(viewer, i) ??
    (i.status === 'EXPIRED' || i.expiresAt <= now
      ? { code: 'INVITATION_EXPIRED', message: 'Expired: resend it for a new link.' }
      : null) ??
    (i.deliveryStatus === 'FAILED'
      ? null
      : { code: 'CONFLICT', message: 'Its latest message has not failed.' })
  );
}

/** Withdraw: anything not accepted (withdrawing twice changes nothing). */
export function revokeRefusal(viewer: Viewer, i: InvitationFacts): Refusal | null {
  return manageRefusal(viewer, i) ?? (i.status === 'ACCEPTED' ? ALREADY_USED : null);
}

/** Delete a patient invitation (and a patient who never joined): as withdrawing it. */
export function deletePatientInvitationRefusal(
  viewer: Viewer,
  i: Pick<InvitationFacts, 'status' | 'scope'>,
): Refusal | null {
  return (
    managePatientDataRefusal(viewer, i.scope) ?? (i.status === 'ACCEPTED' ? ALREADY_USED : null)
  );
}

/** A staff invitation's `viewerCan`. */
export function invitationViewerCan(viewer: Viewer, i: InvitationFacts, now: Date) {
  return {
    resend: resendRefusal(viewer, i) === null,
    revoke: revokeRefusal(viewer, i) === null,
    retryDelivery: retryDeliveryRefusal(viewer, i, now) === null,
  };
}
