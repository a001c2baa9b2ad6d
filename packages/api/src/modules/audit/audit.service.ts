import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../common/clock.js';
import { AuditEventEntity } from './audit-event.entity.js';

export const AUDIT_ACTIONS = [
  'sign-in.succeeded',
  'sign-in.failed',
  'sign-in.locked',
  'sign-out',
  'role.granted',
  'role.changed',
  'role.removed',
  'role.created',
  'role.updated',
  'role.deleted',
  'invitation.sent',
  'invitation.resent',
  'invitation.revoked',
  'invitation.accepted',
  'invitation.reminded',
  'patient.offboarded',
  'patient.reactivated',
  'invitation.deleted',
  'helper.invited',
  'helper.joined',
  'helper.removed',
  'invite-link.created',
  'invite-link.revoked',
  'invite-link.rotated',
  'invite-link.joined',
  'patient-import.created',
  'patient-import.finished',
  'organisation.created',
  'organisation.updated',
  'organisation.archived',
  'organisation.restored',
  'organisation.deleted',
  'deployment.created',
  'deployment.updated',
  'deployment.archived',
  'deployment.restored',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditInput {
  action: AuditAction;
  actor?: { id: string; email?: string | null } | null;
  actorEmail?: string | null;
  organisationId?: string | null;
  deploymentId?: string | null;
  target?: { type: string; id: string; label?: string | null } | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  ip?: string | null;
}

/**
 * Adds an audit event to the unit of work, so it commits (or not) with the change it describes.
 * Events are append-only: the table refuses updates and deletes.
 */
export function audit(em: EntityManager, clock: Clock, input: AuditInput): void {
  em.create(AuditEventEntity, {
    occurredAt: clock.now(),
    action: input.action,
    actorId: input.actor?.id ?? null,
    actorEmail: input.actor?.email ?? input.actorEmail ?? null,
    organisationId: input.organisationId ?? null,
    deploymentId: input.deploymentId ?? null,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    targetLabel: input.target?.label ?? null,
    before: input.before ?? null,
    after: input.after ?? null,
    ip: input.ip ?? null,
  });
}
