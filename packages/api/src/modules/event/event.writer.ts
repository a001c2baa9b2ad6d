import type { EntityManager } from '@mikro-orm/postgresql';
import { auditEventType, type AuditAction, type EventType } from '@porter/shared';
import { runBound } from '../../infra/db/bound.js';
import { EventEntity } from './event.entity.js';

/** Keys never carried into an event's payload, at any depth: links and their secrets stay out. */
const SECRET_KEY = /token|secret|password|hash|sealed/i;

/** A copy of `value` without the keys that could carry a token or a secret. */
export function scrubbed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubbed);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEY.test(k))
        .map(([k, v]) => [k, scrubbed(v)]),
    );
  }
  return value;
}

/** Whether a value holds, at any depth, a key `scrubbed` would drop. */
function holdsSecretKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsSecretKey);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value as Record<string, unknown>).some(
      ([k, v]) => SECRET_KEY.test(k) || holdsSecretKey(v),
    );
  }
  return false;
}

/** The payload of an event from the parts an audit row has (label, before, after), nulls left out. */
export function eventPayload(parts: {
  label?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  if (parts.label != null) payload['label'] = parts.label;
  if (parts.before) payload['before'] = parts.before;
  if (parts.after) payload['after'] = parts.after;
  return scrubbed(payload) as Record<string, unknown>;
}

export interface EventInput {
  type: EventType;
  occurredAt: Date;
  organisationId?: string | null;
  deploymentId?: string | null;
  actorId?: string | null;
  subject?: { type: string; id: string } | null;
  payload?: Record<string, unknown>;
}

/** Adds one event to the unit of work, so it commits (or not) with the change it describes. */
export function appendEvent(em: EntityManager, input: EventInput): void {
  em.create(EventEntity, {
    type: input.type,
    occurredAt: input.occurredAt,
    organisationId: input.organisationId ?? null,
    deploymentId: input.deploymentId ?? null,
    actorId: input.actorId ?? null,
    subjectType: input.subject?.type ?? null,
    subjectId: input.subject?.id ?? null,
    payload: scrubbed(input.payload ?? {}) as Record<string, unknown>,
  });
}

/** One subject of a set-based write: its scope, id, readable label and payload details. */
export interface EventRow {
  /** The row's scope; left out when the write gives one `scope` for every row. */
  organisationId?: string | null;
  deploymentId?: string | null;
  subjectId: string;
  label?: string | null;
  after?: Record<string, unknown> | null;
}

export type EventsWrite = {
  occurredAt: Date;
  actor?: { id: string | null; email: string | null } | null;
  subjectType: string;
  rows: readonly EventRow[];
  /**
   * What every row's `after` has in common, sent once for the whole write (a row's own `after`
   * keys win): a thousand invitations of one call share their role, kind and expiry.
   */
  shared?: Record<string, unknown> | null;
  /** The scope of every row, sent once (rows then carry none). */
  scope?: { organisationId: string | null; deploymentId: string | null };
} & (
  | { type: EventType; audit?: never }
  | {
      type?: never;
      /**
       * An audited change: the same statement also appends one audit row per subject (its target
       * the subject, its `after` the row's), and the event type is the action's.
       */
      audit: { action: AuditAction; ip?: string | null };
    }
);

/**
 * The set-based writer: one statement appends one event per row (and, with `audit`, one audit
 * row per row), in the caller's transaction. Used by the bulk invitation, reminder, delivery and
 * expiry paths, whose speed matters; the ORM paths use audit() / appendEvent().
 */
export async function appendEvents(tx: EntityManager, w: EventsWrite): Promise<void> {
  if (!w.rows.length) return;
  const shared = w.shared ?? null;
  const sharedSecret = holdsSecretKey(shared);
  const rows = JSON.stringify(
    w.rows.map((r) => ({
      org: w.scope ? undefined : r.organisationId,
      dep: w.scope ? undefined : r.deploymentId,
      id: r.subjectId,
      label: r.label ?? null,
      after: r.after ?? null,
      // Built in SQL from label and after (eventPayload's shape) unless scrubbing changes it, so
      // a thousand-row write does not send every `after` twice.
      payload:
        sharedSecret || holdsSecretKey(r.after)
          ? eventPayload({ label: r.label, after: shared ? { ...shared, ...r.after } : r.after })
          : null,
    })),
  );
  const actorId = w.actor?.id ?? null;
  const rowsCte = `with s as (select ?::jsonb as shared, ?::uuid as org, ?::uuid as dep),
     t as (
       select coalesce(r.org, s.org) as org, coalesce(r.dep, s.dep) as dep, r.id, r.label, r.payload, r.ord,
              case when s.shared is null then r.after when r.after is null or r.after = 'null'::jsonb then s.shared
                   else s.shared || r.after end as after
         from s, rows from (jsonb_to_recordset(?::jsonb) as (org uuid, dep uuid, id text, label text, after jsonb, payload jsonb))
         with ordinality as r(org, dep, id, label, after, payload, ord))`;
  const sharedJson = shared ? JSON.stringify(shared) : null;
  const head = [sharedJson, w.scope?.organisationId ?? null, w.scope?.deploymentId ?? null];
  const events = `insert into event (id, type, occurred_at, organisation_id, deployment_id, actor_id, subject_type, subject_id, payload)
     select gen_random_uuid(), ?::text, ?::timestamptz, t.org, t.dep, ?::uuid, ?::text, t.id,
            coalesce(t.payload,
              case when t.label is null then '{}'::jsonb else jsonb_build_object('label', t.label) end
              || case when t.after is null or t.after = 'null'::jsonb then '{}'::jsonb else jsonb_build_object('after', t.after) end)
       from t order by t.ord`;
  const type = w.audit ? auditEventType(w.audit.action) : w.type;
  if (!type) throw new Error(`appendEvents: ${w.audit?.action} is not written with an event`);
  const eventParams = [type, w.occurredAt, actorId, w.subjectType];
  if (!w.audit) {
    await runBound(tx, `${rowsCte} ${events}`, [...head, rows, ...eventParams]);
    return;
  }
  await runBound(
    tx,
    `${rowsCte},
     audited as (
       insert into audit_event (id, occurred_at, action, actor_id, actor_email, organisation_id, deployment_id, target_type, target_id, target_label, after, ip)
       select gen_random_uuid(), ?::timestamptz, ?::text, ?::uuid, ?::text, t.org, t.dep, ?::text, t.id, t.label, t.after, ?::text from t)
     ${events}`,
    [
      ...head,
      rows,
      w.occurredAt,
      w.audit.action,
      actorId,
      w.actor?.email ?? null,
      w.subjectType,
      w.audit.ip ?? null,
      ...eventParams,
    ],
  );
}
