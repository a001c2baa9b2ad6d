import { activatePatient } from '../enrolment/index.js';
import type { KindHandler } from '../invitation/index.js';

/** Accepting a patient invitation: the invited patient becomes active with the account. */
export const patientAdmission: KindHandler = {
  givenName: (invitation) => ({
    firstName: invitation.patient?.firstName,
    lastName: invitation.patient?.lastName,
  }),
  async admit(tx, { invitation, account, clock, now, ip }) {
    activatePatient(tx, clock, invitation.patient!, account.user, {
      now,
      names: account.names,
      event: {
        action: 'invitation.accepted',
        label: invitation.address,
        after: { channel: invitation.channel },
        subject: { type: 'Invitation', id: invitation.id },
      },
      ip,
    });
  },
};
