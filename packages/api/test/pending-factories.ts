import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccessScope } from '../src/common/access.js';
import type { Sealer } from '../src/common/secret.js';
import { InvitationDeliveryEntity } from '../src/modules/delivery/delivery.entity.js';
import { hashToken, newToken } from '../src/modules/auth/token.js';
import { InvitationEntity } from '../src/modules/invitation/invitation.entity.js';
import { PatientHelperEntity } from '../src/modules/patient/patient-helper.entity.js';
import { makePatient } from './factories.js';

/** An invited patient with a pending email invitation, written directly (no email). */
export async function makePatientInvitation(em: EntityManager, scope: AccessScope) {
  if (scope.type !== 'DEPLOYMENT') throw new Error('Patients belong to a deployment');
  const patient = await makePatient(em, scope, 'INVITED');
  const invitation = em.create(InvitationEntity, {
    kind: 'PATIENT',
    channel: 'EMAIL',
    address: patient.email!,
    organisation: scope.organisationId,
    deployment: scope.deploymentId,
    patient,
    tokenHash: hashToken(newToken()),
    expiryHours: 168,
    expiresAt: new Date(Date.now() + 168 * 3_600_000),
    batchId: randomUUID(),
  });
  await em.flush();
  return invitation;
}

/** An invited helper of a new active patient, written directly. */
export async function makeHelper(em: EntityManager, scope: AccessScope) {
  if (scope.type !== 'DEPLOYMENT') throw new Error('Helpers belong to a deployment');
  const patient = await makePatient(em, scope, 'ACTIVE');
  const helper = em.create(PatientHelperEntity, {
    patient,
    organisation: scope.organisationId,
    deployment: scope.deploymentId,
    email: `helper-${randomUUID().slice(0, 8)}@example.org`,
  });
  await em.flush();
  return helper;
}

/**
 * Gives an invitation a message that failed for good, as the drain leaves it: a FAILED delivery
 * keeping its sealed token (a fresh one, now the invitation's), and the invitation showing FAILED.
 */
export async function failDelivery(
  em: EntityManager,
  sealer: Sealer,
  invitation: { id: string; channel: 'EMAIL' | 'SMS' },
) {
  const token = newToken();
  const now = new Date();
  await em.nativeUpdate(
    InvitationEntity,
    { id: invitation.id },
    { tokenHash: hashToken(token), deliveryStatus: 'FAILED', deliveryError: '550 mailbox full' },
  );
  em.create(InvitationDeliveryEntity, {
    invitation: invitation.id,
    purpose: 'INVITATION',
    channel: invitation.channel,
    status: 'FAILED',
    sealedToken: sealer.seal(token),
    attempts: 5,
    nextAttemptAt: now,
    provider: 'smtp',
    error: '550 mailbox full',
    finishedAt: now,
  });
  await em.flush();
  return token;
}
