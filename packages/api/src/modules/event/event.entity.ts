import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * One append-only event of the stream (`@porter/shared` EVENT_TYPES), written in the transaction
 * of the change it describes. `position` is a bigint identity: readers page by it. `txId` is the
 * writing transaction, so a reader can hold back what a transaction still open may yet fill in
 * below a position it has seen (event.reader.ts). Scope, actor and subject are plain ids, not
 * foreign keys, so the stream outlives what it describes; a trigger refuses updates and deletes.
 * The payload never holds a token or a secret (event.writer.ts drops such keys).
 */
export const EventEntity = defineEntity({
  name: 'Event',
  tableName: 'event',
  properties: (p) => ({
    position: p.bigint().primary().autoincrement(),
    // Random, so unique by construction; not indexed (nothing looks an event up by id).
    id: p.uuid().onCreate(() => randomUUID()),
    type: p.string().length(64),
    occurredAt: p.datetime(),
    organisationId: p.uuid().nullable(),
    deploymentId: p.uuid().nullable(),
    actorId: p.uuid().nullable(),
    subjectType: p.string().length(40).nullable(),
    subjectId: p.string().length(64).nullable(),
    payload: p.json<Record<string, unknown>>(),
    txId: p.string().columnType('xid8').defaultRaw('pg_current_xact_id()').lazy(),
  }),
  indexes: [
    {
      name: 'event_organisation',
      expression: 'create index "event_organisation" on "event" ("organisation_id", "position")',
    },
    {
      name: 'event_deployment',
      expression: 'create index "event_deployment" on "event" ("deployment_id", "position")',
    },
  ],
  triggers: [
    {
      name: 'event_append_only',
      timing: 'before',
      events: ['update', 'delete'],
      forEach: 'row',
      body: "raise exception 'events are append-only' using errcode = 'insufficient_privilege';",
    },
  ],
});
export type EventEntity = InferEntity<typeof EventEntity>;
