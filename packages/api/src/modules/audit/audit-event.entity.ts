import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * One append-only audit record. Scope and target are plain ids, not foreign keys, so history
 * outlives what it describes; a trigger refuses updates and deletes.
 */
export const AuditEventEntity = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    occurredAt: p.datetime(),
    action: p.string().length(64),
    actorId: p.uuid().nullable(),
    actorEmail: p.string().length(254).nullable(),
    organisationId: p.uuid().nullable(),
    deploymentId: p.uuid().nullable(),
    targetType: p.string().length(40).nullable(),
    targetId: p.string().length(64).nullable(),
    targetLabel: p.string().length(254).nullable(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    ip: p.string().length(64).nullable(),
  }),
  indexes: [
    {
      name: 'audit_event_occurred',
      expression:
        'create index "audit_event_occurred" on "audit_event" ("occurred_at" desc, "id" desc)',
    },
    {
      name: 'audit_event_organisation',
      expression:
        'create index "audit_event_organisation" on "audit_event" ("organisation_id", "occurred_at" desc, "id" desc)',
    },
    // Failed password sign-ins per client address (the per-address limit in AuthService.signIn).
    {
      name: 'audit_event_sign_in_failures',
      expression: `create index "audit_event_sign_in_failures" on "audit_event" ("ip", "occurred_at") where "action" in ('sign-in.failed', 'sign-in.locked')`,
    },
  ],
  triggers: [
    {
      name: 'audit_event_append_only',
      timing: 'before',
      events: ['update', 'delete'],
      forEach: 'row',
      body: "raise exception 'audit events are append-only' using errcode = 'insufficient_privilege';",
    },
  ],
});
export type AuditEventEntity = InferEntity<typeof AuditEventEntity>;
