import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../common/clock.js';
import { auditEventType, type AuditAction } from '@porter/shared';
import { appendEvent, eventPayload } from '../event/index.js';
import { AuditEventEntity } from './audit-event.entity.js';

export { AUDIT_ACTIONS, type AuditAction } from '@porter/shared';

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
  /** The event's subject when it is not the audit target (the target's id goes in the payload). */
  eventSubject?: { type: string; id: string } | null;
}

/**
 * Adds an audit event to the unit of work, so it commits (or not) with the change it describes,
 * and with it the action's event of the stream (`@porter/shared` AUDIT_ACTION_DEFINITIONS; sign-ins
 * have none): the one writer of both, so nothing is audited without its event. Both tables are
 * append-only: they refuse updates and deletes. The set-based paths use appendEvents().
 */
export function audit(em: EntityManager, clock: Clock, input: AuditInput): void {
  const occurredAt = clock.now();
  const type = auditEventType(input.action);
  if (type) {
    appendEvent(em, {
      type,
      occurredAt,
      organisationId: input.organisationId,
      deploymentId: input.deploymentId,
      actorId: input.actor?.id ?? null,
      subject:
        input.eventSubject ??
        (input.target ? { type: input.target.type, id: input.target.id } : null),
      payload: eventPayload({
        label: input.target?.label,
        before: input.before,
        after:
          input.eventSubject && input.target
            ? { ...input.after, [`${input.target.type.toLowerCase()}Id`]: input.target.id }
            : input.after,
      }),
    });
  }
  em.create(AuditEventEntity, {
    occurredAt,
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
