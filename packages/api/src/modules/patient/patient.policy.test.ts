import type { Permission } from '@porter/shared';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../common/access.js';
import {
  invitationViewerCan,
  resendRefusal,
  retryDeliveryRefusal,
  revokeRefusal,
  type InvitationFacts,
} from '../invitation/invitation.policy.js';
import {
  offboardRefusal,
  patientViewerCan,
  reactivateRefusal,
  retryInvitationDeliveryRefusal,
  type PatientFacts,
} from './patient.policy.js';

const scope = { type: 'DEPLOYMENT', organisationId: 'o1', deploymentId: 'd1' } as const;
const holding = (...permissions: Permission[]): Viewer => ({
  userId: 'u',
  email: 'u@example.org',
  fullName: 'U',
  sessionId: null,
  grants: [
    {
      assignmentId: 'a',
      roleId: 'r',
      roleKey: null,
      roleName: 'r',
      permissions: new Set(permissions),
      grants: new Set(),
      scopeType: 'DEPLOYMENT',
      organisationId: 'o1',
      deploymentId: 'd1',
    },
  ],
});
const patient = (status: PatientFacts['status'], settings = {}): PatientFacts => ({
  status,
  scope,
  settings,
});

describe('patient policies', () => {
  const offboarder = holding('patient:offboard', 'patient:manage', 'proxy:invite');
  const now = new Date('2026-01-10T12:00:00Z');

  it('refuse offboarding and reactivating when the deployment switched offboarding off', () => {
    const off = { offboardingEnabled: false };
    expect(offboardRefusal(offboarder, patient('ACTIVE', off))?.code).toBe('CONFLICT');
    expect(reactivateRefusal(offboarder, patient('OFFBOARDED', off))?.code).toBe('CONFLICT');
    expect(patientViewerCan(offboarder, patient('ACTIVE', off), now)).toEqual({
      offboard: false,
      reactivate: false,
      manageInvitation: false,
      retryDelivery: false,
      manageHelpers: true,
    });
  });

  it('answer FORBIDDEN before the state of the patient, and CONFLICT for the wrong state', () => {
    expect(offboardRefusal(holding('patient:view'), patient('OFFBOARDED'))?.code).toBe('FORBIDDEN');
    expect(offboardRefusal(offboarder, patient('OFFBOARDED'))?.message).toBe(
      'Only active patients can be offboarded.',
    );
    expect(patientViewerCan(offboarder, patient('INVITED'), now)).toEqual({
      offboard: false,
      reactivate: false,
      manageInvitation: true,
      retryDelivery: false,
      manageHelpers: true,
    });
  });

  it('keep helpers away from offboarded patients and deployments without helpers', () => {
    expect(patientViewerCan(offboarder, patient('OFFBOARDED'), now).manageHelpers).toBe(false);
    expect(
      patientViewerCan(offboarder, patient('ACTIVE', { proxiesEnabled: false }), now).manageHelpers,
    ).toBe(false);
  });

  it('offer retrying the invited patient’s failed message by the invitation’s own rule', () => {
    const later = new Date(now.getTime() + 3_600_000);
    const invited = (invitation: PatientFacts['invitation']): PatientFacts => ({
      ...patient('INVITED'),
      invitation,
    });
    const failed = { status: 'PENDING', expiresAt: later, deliveryStatus: 'FAILED' } as const;
    expect(patientViewerCan(offboarder, invited(failed), now).retryDelivery).toBe(true);
    expect(retryInvitationDeliveryRefusal(offboarder, invited(failed), now)).toBeNull();
    expect(
      retryInvitationDeliveryRefusal(
        offboarder,
        invited({ ...failed, deliveryStatus: 'SENT' }),
        now,
      )?.code,
    ).toBe('CONFLICT');
    expect(
      retryInvitationDeliveryRefusal(offboarder, invited({ ...failed, expiresAt: now }), now)?.code,
    ).toBe('INVITATION_EXPIRED');
    expect(
      retryInvitationDeliveryRefusal(holding('patient:view'), invited(failed), now)?.code,
    ).toBe('FORBIDDEN');
    expect(retryInvitationDeliveryRefusal(null, invited(failed), now)?.code).toBe('FORBIDDEN');
    expect(patientViewerCan(offboarder, invited(null), now).retryDelivery).toBe(false);
  });
});

describe('invitation policies', () => {
  const manager = holding('patient:manage');
  const now = new Date('2026-01-10T12:00:00Z');
  const invitation = (
    status: InvitationFacts['status'],
    extra: Partial<InvitationFacts> = {},
  ): InvitationFacts => ({
    kind: 'PATIENT',
    status,
    role: null,
    scope,
    expiresAt: new Date(now.getTime() + 3_600_000),
    deliveryStatus: 'SENT',
    ...extra,
  });

  it('freeze terminal invitations: nothing resends them, and an accepted one cannot be withdrawn', () => {
    expect(resendRefusal(manager, invitation('ACCEPTED'))?.code).toBe('INVITATION_ALREADY_USED');
    expect(resendRefusal(manager, invitation('REVOKED'))?.code).toBe('INVITATION_REVOKED');
    expect(revokeRefusal(manager, invitation('ACCEPTED'))?.code).toBe('INVITATION_ALREADY_USED');
    expect(revokeRefusal(manager, invitation('REVOKED'))).toBeNull();
    expect(invitationViewerCan(manager, invitation('PENDING'), now)).toEqual({
      resend: true,
      revoke: true,
      retryDelivery: false,
    });
  });

  it('retry only a pending, unexpired invitation whose latest message failed', () => {
    const failed = { deliveryStatus: 'FAILED' } as const;
    expect(retryDeliveryRefusal(manager, invitation('PENDING', failed), now)).toBeNull();
    expect(invitationViewerCan(manager, invitation('PENDING', failed), now).retryDelivery).toBe(
      true,
    );
    expect(retryDeliveryRefusal(manager, invitation('PENDING'), now)?.code).toBe('CONFLICT');
    expect(
      retryDeliveryRefusal(manager, invitation('PENDING', { ...failed, expiresAt: now }), now)
        ?.code,
    ).toBe('INVITATION_EXPIRED');
    expect(retryDeliveryRefusal(manager, invitation('EXPIRED', failed), now)?.code).toBe(
      'INVITATION_EXPIRED',
    );
    expect(retryDeliveryRefusal(manager, invitation('ACCEPTED', failed), now)?.code).toBe(
      'INVITATION_ALREADY_USED',
    );
    expect(
      retryDeliveryRefusal(holding('patient:view'), invitation('PENDING', failed), now)?.code,
    ).toBe('FORBIDDEN');
  });

  it('refuse patient invitations without patient:manage, in the wording the API always used', () => {
    expect(resendRefusal(holding('patient:view'), invitation('PENDING'))).toEqual({
      code: 'FORBIDDEN',
      message: 'You need the “Manage patient data” permission here.',
      details: { permission: 'patient:manage' },
    });
  });
});
