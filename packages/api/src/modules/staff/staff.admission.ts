import type { AccessScope } from '../../common/access.js';
import { grantRole } from '../enrolment/index.js';
import type { KindHandler } from '../invitation/index.js';

/** Accepting a staff invitation: its role at its scope, granted by the inviter (kept when held). */
export const staffAdmission: KindHandler = {
  givenName: () => ({}),
  async admit(tx, { invitation, account, clock, now, ip }) {
    const role = invitation.role!;
    const { user } = account;
    const scope: AccessScope = invitation.deployment
      ? {
          type: 'DEPLOYMENT',
          organisationId: invitation.organisation.id,
          deploymentId: invitation.deployment.id,
        }
      : { type: 'ORGANISATION', organisationId: invitation.organisation.id };
    await grantRole(tx, clock, {
      user,
      role,
      scope,
      grantedBy: invitation.invitedBy ?? null,
      now,
      keepHeld: true,
      actor: user,
      ip,
      admitted: {
        action: 'invitation.accepted',
        target: { type: 'Invitation', id: invitation.id, label: invitation.address },
        after: { role: role.name },
      },
      granted: { role: role.name, roleId: role.id, via: 'invitation' },
    });
  },
};
