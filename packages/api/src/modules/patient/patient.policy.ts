import {
  permissionRefusal,
  type AccessScope,
  type Refusal,
  type Viewer,
} from '../../common/access.js';
import type { DeploymentSettings } from '../deployment/index.js';
import {
  managePatientDataRefusal,
  retryDeliveryRefusal,
  type InvitationFacts,
} from '../invitation/index.js';
import type { PatientStatus } from './patient.entity.js';

/**
 * What may be done to a patient, as pure functions of the viewer, the patient's status and the
 * deployment's settings: each returns the refusal the API answers with, or null. The services
 * throw it; `patientViewerCan` turns the same answers into the SPA's buttons.
 */
export interface PatientFacts {
  status: PatientStatus;
  scope: AccessScope & { type: 'DEPLOYMENT' };
  settings: DeploymentSettings;
  /** The open invitation of an invited patient, as the list joins it; null or left out otherwise. */
  invitation?: Pick<InvitationFacts, 'status' | 'expiresAt' | 'deliveryStatus'> | null;
}

const OFFBOARDING_OFF: Refusal = {
  code: 'CONFLICT',
  message: 'Offboarding is switched off for this deployment.',
};

/** Stop monitoring: `patient:offboard`, offboarding on for the deployment, an active patient. */
export function offboardRefusal(viewer: Viewer | null, p: PatientFacts): Refusal | null {
  return (
    permissionRefusal(viewer, 'patient:offboard', p.scope) ??
    (p.settings.offboardingEnabled === false ? OFFBOARDING_OFF : null) ??
    (p.status === 'ACTIVE'
      ? null
      : { code: 'CONFLICT', message: 'Only active patients can be offboarded.' })
  );
}

/** Start monitoring again: as offboarding, for an offboarded patient. */
export function reactivateRefusal(viewer: Viewer | null, p: PatientFacts): Refusal | null {
  return (
    permissionRefusal(viewer, 'patient:offboard', p.scope) ??
    (p.settings.offboardingEnabled === false ? OFFBOARDING_OFF : null) ??
    (p.status === 'OFFBOARDED'
      ? null
      : { code: 'CONFLICT', message: 'Only offboarded patients can be reactivated.' })
  );
}

/** Invite a helper: `proxy:invite`, helpers on for the deployment, a patient not offboarded. */
export function inviteHelperRefusal(viewer: Viewer | null, p: PatientFacts): Refusal | null {
  return (
    permissionRefusal(viewer, 'proxy:invite', p.scope) ??
    (p.settings.proxiesEnabled === false
      ? { code: 'FEATURE_DISABLED', message: 'Helpers are switched off for this deployment.' }
      : null) ??
    (p.status === 'OFFBOARDED'
      ? {
          code: 'CONFLICT',
          message: 'This patient is offboarded: reactivate them before inviting a helper.',
        }
      : null)
  );
}

/**
 * Remove a helper: `proxy:invite` alone. Taking someone's access away stays possible when helpers
 * were switched off or the patient offboarded, so that nobody keeps access for want of a button.
 */
export function removeHelperRefusal(
  viewer: Viewer | null,
  scope: AccessScope & { type: 'DEPLOYMENT' },
): Refusal | null {
  return permissionRefusal(viewer, 'proxy:invite', scope);
}

/** Resend, revoke or delete an invited patient's invitation: `patient:manage`, not joined yet. */
export function manageInvitationRefusal(viewer: Viewer | null, p: PatientFacts): Refusal | null {
  return (
    managePatientDataRefusal(viewer, p.scope) ??
    (p.status === 'INVITED'
      ? null
      : { code: 'INVITATION_ALREADY_USED', message: 'Already accepted.' })
  );
}

/**
 * Send the failed message of an invited patient's invitation again with the same link: the
 * invitation's own rule (`retryDeliveryRefusal`, what retryInvitationDeliveries enforces), read
 * from the invitation the list joined. No invitation: nothing to retry.
 */
export function retryInvitationDeliveryRefusal(
  viewer: Viewer | null,
  p: PatientFacts,
  now: Date,
): Refusal | null {
  if (!viewer) return managePatientDataRefusal(viewer, p.scope);
  const i = p.invitation;
  if (!i) return { code: 'NOT_FOUND', message: 'This patient has no open invitation.' };
  return retryDeliveryRefusal(
    viewer,
    {
      kind: 'PATIENT',
      role: null,
      scope: p.scope,
      status: i.status,
      expiresAt: i.expiresAt,
      deliveryStatus: i.deliveryStatus,
    },
    now,
  );
}

/** The patient's `viewerCan`: every field is one of the policies above. */
export function patientViewerCan(viewer: Viewer | null, p: PatientFacts, now: Date) {
  return {
    offboard: offboardRefusal(viewer, p) === null,
    reactivate: reactivateRefusal(viewer, p) === null,
    manageInvitation: manageInvitationRefusal(viewer, p) === null,
    retryDelivery: retryInvitationDeliveryRefusal(viewer, p, now) === null,
    manageHelpers: inviteHelperRefusal(viewer, p) === null,
  };
}
