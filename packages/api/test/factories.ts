import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DefaultRoleKey } from '@porter/shared';
import type { AccessScope } from '../src/common/access.js';
import { hashPassword } from '../src/modules/auth/password.js';
import { DeploymentEntity } from '../src/modules/deployment/deployment.entity.js';
import { OrganisationEntity } from '../src/modules/organisation/organisation.entity.js';
import { assignDefaultRole } from '../src/modules/role/role-assignment.factory.js';
import { UserEntity } from '../src/modules/user/user.entity.js';
import { InvitationEntity } from '../src/modules/invitation/invitation.entity.js';
import { RoleEntity } from '../src/modules/role/role.entity.js';
import { PatientEntity } from '../src/modules/patient/patient.entity.js';
import { hashToken, newToken } from '../src/modules/auth/token.js';

/** Every factory-made user signs in with this. */
export const PASSWORD = 'factory password 2026';
let passwordHash: Promise<string> | undefined;
let sequence = 0;
const next = () => `${Date.now().toString(36)}${(sequence++).toString(36)}`;

export async function makeOrganisation(
  em: EntityManager,
  name = `Org ${next()}`,
): Promise<OrganisationEntity> {
  const organisation = em.create(OrganisationEntity, { name, kind: 'REMOTE_PATIENT_MONITORING' });
  await em.flush();
  return organisation;
}

export async function makeDeployment(
  em: EntityManager,
  organisation: OrganisationEntity,
  name = `Deployment ${next()}`,
) {
  const deployment = em.create(DeploymentEntity, { organisation, name });
  await em.flush();
  return deployment;
}

export async function makeUser(
  em: EntityManager,
  email = `user-${next()}@example.org`,
  fullName = `User ${next()}`,
) {
  passwordHash ??= hashPassword(PASSWORD);
  const user = em.create(UserEntity, { email, fullName, passwordHash: await passwordHash });
  await em.flush();
  return user;
}

/** A user holding a default role at a scope. */
export async function makeStaff(
  em: EntityManager,
  role: DefaultRoleKey,
  scope: AccessScope,
  email?: string,
) {
  const user = await makeUser(em, email);
  await assignDefaultRole(em, user, role, scope);
  await em.flush();
  return user;
}

/** An organisation with two deployments, the usual shape of a tenant in tests. */
export async function makeTenant(em: EntityManager) {
  const organisation = await makeOrganisation(em);
  const first = await makeDeployment(em, organisation, 'First deployment');
  const second = await makeDeployment(em, organisation, 'Second deployment');
  const scopes = {
    organisation: { type: 'ORGANISATION', organisationId: organisation.id } as AccessScope,
    first: {
      type: 'DEPLOYMENT',
      organisationId: organisation.id,
      deploymentId: first.id,
    } as AccessScope,
    second: {
      type: 'DEPLOYMENT',
      organisationId: organisation.id,
      deploymentId: second.id,
    } as AccessScope,
  };
  return { organisation, first, second, scopes };
}

/** A pending staff invitation written directly (no email), for tests that act on one. */
export async function makeStaffInvitation(
  em: EntityManager,
  scope: AccessScope,
  roleKey: DefaultRoleKey,
  address = `invitee-${next()}@example.org`,
) {
  if (scope.type === 'PLATFORM')
    throw new Error('Invitations are for organisations and deployments');
  const role = await em.findOneOrFail(RoleEntity, { key: roleKey });
  const invitation = em.create(InvitationEntity, {
    kind: 'STAFF',
    channel: 'EMAIL',
    address,
    organisation: scope.organisationId,
    deployment: scope.type === 'DEPLOYMENT' ? scope.deploymentId : null,
    role,
    tokenHash: hashToken(newToken()),
    expiryHours: 72,
    expiresAt: new Date(Date.now() + 72 * 3_600_000),
    batchId: randomUUID(),
  });
  await em.flush();
  return invitation;
}

/** A patient of a deployment, written directly. */
export async function makePatient(
  em: EntityManager,
  scope: AccessScope,
  status: 'INVITED' | 'ACTIVE' | 'OFFBOARDED' = 'ACTIVE',
) {
  if (scope.type !== 'DEPLOYMENT') throw new Error('Patients belong to a deployment');
  const patient = em.create(PatientEntity, {
    organisation: scope.organisationId,
    deployment: scope.deploymentId,
    status,
    channel: 'EMAIL',
    email: `patient-${next()}@example.org`,
    invitedAt: new Date(),
    joinedAt: status === 'INVITED' ? null : new Date(),
    offboardedAt: status === 'OFFBOARDED' ? new Date() : null,
    offboardReason: status === 'OFFBOARDED' ? 'COMPLETED' : null,
  });
  await em.flush();
  return patient;
}
