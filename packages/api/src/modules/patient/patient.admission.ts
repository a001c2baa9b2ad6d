import { activatePatient } from '../enrolment/index.js';
import type { KindHandler } from '../invitation/index.js';
import { removeInvitedPatients } from './patient.removal.js';

/**
 * Accepting a patient invitation: the invited patient becomes active with the account.
 * Withdrawing one: a patient who exists only through it (invited, never joined) goes with it, so
 * no "pending" patient is left with nothing to resend.
 */
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
  withdrawn: (tx, invitations, now) =>
    removeInvitedPatients(
      tx,
      invitations.flatMap((i) => (i.patient ? [i.patient.id] : [])),
      now,
    ),
};
