import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccessScope } from '../../common/access.js';
import type { Clock } from '../../common/clock.js';
import { audit, type AuditInput } from '../audit/index.js';
import { RoleAssignmentEntity, type RoleEntity } from '../role/index.js';
import type { UserEntity } from '../user/index.js';
import { splitFullName } from './account.js';

/** The event that says how a person came in (invitation.accepted, invite-link.joined). */
export type AdmittedEvent = Pick<AuditInput, 'action' | 'target' | 'after'>;

export interface RoleGrant {
  user: UserEntity;
  role: Pick<RoleEntity, 'id' | 'name'>;
  scope: AccessScope;
  grantedBy: UserEntity | null;
  now: Date;
  /** Who the audit rows name: the person who came in, or null with `actorEmail` for a command. */
  actor: AuditInput['actor'];
  actorEmail?: string;
  ip?: string | null;
  /** Written first, whether or not a role is given. */
  admitted?: AdmittedEvent;
  /** role.granted's details: the role and how it came (via, and the link or command). */
  granted: Record<string, unknown>;
  /**
   * A live role the person already holds at that scope is kept: no second assignment and no
   * role.granted (accepting an invitation). Without it, the one-live-role-per-scope index
   * refuses a second (a link checks ALREADY_MEMBER first).
   */
  keepHeld?: boolean;
}

/**
 * Gives a role at a scope: the assignment (granted by the inviter or the link's maker) and its
 * audit events, in the caller's unit of work. Returns the assignment, or null when one was kept.
 */
export async function grantRole(
  tx: EntityManager,
  clock: Clock,
  grant: RoleGrant,
): Promise<RoleAssignmentEntity | null> {
  const { scope } = grant;
  const organisationId = scope.type === 'PLATFORM' ? null : scope.organisationId;
  const deploymentId = scope.type === 'DEPLOYMENT' ? scope.deploymentId : null;
  const held =
    grant.keepHeld &&
    (await tx.findOne(RoleAssignmentEntity, {
      user: grant.user.id,
      endedAt: null,
      organisation: organisationId,
      deployment: deploymentId,
    }));
  const assignment = held
    ? null
    : tx.create(RoleAssignmentEntity, {
        user: grant.user,
        role: grant.role.id,
        scopeType: scope.type,
        organisation: organisationId,
        deployment: deploymentId,
        grantedBy: grant.grantedBy,
        createdAt: grant.now,
      });
  const who = {
    actor: grant.actor,
    actorEmail: grant.actorEmail ?? null,
    organisationId,
    deploymentId,
    ip: grant.ip ?? null,
  };
  if (grant.admitted) audit(tx, clock, { ...who, ...grant.admitted });
  if (assignment) {
    audit(tx, clock, {
      action: 'role.granted',
      ...who,
      target: { type: 'User', id: grant.user.id, label: grant.user.email },
      after: grant.granted,
    });
  }
  return assignment;
}

/**
 * What enrolment changes on a patient record (a PatientEntity). Written as a shape so that this
 * module, below the features, imports nothing of patient/.
 */
export interface PatientRecord {
  id: string;
  organisation: { id: string };
  deployment: { id: string };
  user?: UserEntity | null;
  status: string;
  channel: string;
  firstName?: string | null;
  lastName?: string | null;
  joinedAt?: Date | null;
}

export interface PatientActivation {
  now: Date;
  /** The channel the patient came in by, when it replaces the one they were invited by (LINK). */
  channel?: 'LINK';
  /** Names confirmed when a password-less account was made; else a record without names takes the account's. */
  names?: { firstName: string; lastName: string } | null;
  /** How they came in: its target is the patient, labelled `label`. */
  event: {
    action: AuditInput['action'];
    label: string;
    after: Record<string, unknown>;
    /** The stream event's subject when not the patient (an accepted invitation). */
    subject?: AuditInput['eventSubject'];
  };
  ip: string | null;
}

/** Makes a patient record active with its account, audited. */
export function activatePatient(
  tx: EntityManager,
  clock: Clock,
  patient: PatientRecord,
  user: UserEntity,
  how: PatientActivation,
): void {
  patient.user = user;
  if (how.names) Object.assign(patient, how.names);
  // Email invitations and links carry no name: keep the one the person gave.
  else if (!patient.firstName && !patient.lastName)
    Object.assign(patient, splitFullName(user.fullName));
  patient.status = 'ACTIVE';
  if (how.channel) patient.channel = how.channel;
  patient.joinedAt = how.now;
  audit(tx, clock, {
    action: how.event.action,
    actor: user,
    organisationId: patient.organisation.id,
    deploymentId: patient.deployment.id,
    target: { type: 'Patient', id: patient.id, label: how.event.label },
    after: how.event.after,
    eventSubject: how.event.subject ?? null,
    ip: how.ip,
  });
}

/** What enrolment changes on a helper record (a PatientHelperEntity), as a shape like PatientRecord. */
export interface HelperRecord {
  id: string;
  email: string;
  organisation: { id: string };
  deployment: { id: string };
  patient: { id: string };
  user?: UserEntity | null;
  status: string;
  fullName?: string | null;
  joinedAt?: Date | null;
}

/** Links a helper to their account: ACTIVE, named after the account unless the inviter named them; audited. */
export function linkHelper(
  tx: EntityManager,
  clock: Clock,
  helper: HelperRecord,
  user: UserEntity,
  ip: string | null,
): void {
  helper.status = 'ACTIVE';
  helper.user = user;
  helper.joinedAt = clock.now();
  if (!helper.fullName) helper.fullName = user.fullName;
  audit(tx, clock, {
    action: 'helper.joined',
    actor: user,
    organisationId: helper.organisation.id,
    deploymentId: helper.deployment.id,
    target: { type: 'PatientHelper', id: helper.id, label: helper.email },
    after: { patientId: helper.patient.id },
    ip,
  });
}
