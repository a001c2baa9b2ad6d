import { AppError } from '../../common/errors.js';
import { audit } from '../audit/index.js';
import { linkHelper } from '../enrolment/index.js';
import type { KindHandler } from '../invitation/index.js';
import { PatientHelperEntity } from './patient-helper.entity.js';

/** Accepting a helper (PROXY) invitation: the helper becomes active and linked to the account. */
export const helperAdmission: KindHandler = {
  givenName: (invitation) => ({ fullName: invitation.fullName }),
  async admit(tx, { invitation, account, clock, ip }) {
    const helper = await tx.findOne(PatientHelperEntity, { invitation: invitation.id });
    // Removing a helper revokes their invitation, so a missing or removed helper cannot get here.
    if (!helper || helper.status === 'REMOVED') throw new AppError('INVITATION_REVOKED');
    linkHelper(tx, clock, helper, account.user, ip);
    audit(tx, clock, {
      action: 'invitation.accepted',
      actor: account.user,
      organisationId: helper.organisation.id,
      deploymentId: helper.deployment.id,
      target: { type: 'Invitation', id: invitation.id, label: invitation.address },
      after: { kind: 'PROXY', patientId: helper.patient.id },
      ip,
    });
  },
};
