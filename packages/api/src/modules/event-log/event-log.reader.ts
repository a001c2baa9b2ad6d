import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventType } from '@porter/shared';
import type { AccessScope } from '../../common/access.js';
import { runBound } from '../../infra/db/bound.js';
import { Event } from './event-log.types.js';

export interface EventQuery {
  /** The platform, an organisation or one of its deployments (already checked for the viewer). */
  scope: AccessScope | { type: 'ORGANISATION_ID'; organisationId: string };
  /** Only events after this position. */
  after: bigint | null;
  types: readonly EventType[] | null;
  limit: number;
}

interface Row {
  position: string;
  id: string;
  type: string;
  occurred_at: Date;
  organisation_id: string | null;
  deployment_id: string | null;
  actor_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  payload: Record<string, unknown>;
}

/**
 * Events of a scope in stream order. Positions are taken when a transaction inserts, not when it
 * commits, so a transaction still open may yet commit below a position a reader has already
 * passed; only events of transactions older than every one still running are returned, so a
 * reader that pages by position never skips one.
 */
export async function readEvents(em: EntityManager, q: EventQuery): Promise<Event[]> {
  const where = ['e.tx_id < pg_snapshot_xmin(pg_current_snapshot())'];
  const params: unknown[] = [];
  if (q.scope.type === 'ORGANISATION' || q.scope.type === 'ORGANISATION_ID') {
    where.push('e.organisation_id = ?::uuid');
    params.push(q.scope.organisationId);
  } else if (q.scope.type === 'DEPLOYMENT') {
    where.push('e.organisation_id = ?::uuid', 'e.deployment_id = ?::uuid');
    params.push(q.scope.organisationId, q.scope.deploymentId);
  }
  if (q.after !== null) {
    where.push('e.position > ?::bigint');
    params.push(q.after.toString());
  }
  if (q.types) {
    where.push('e.type = any(?::text[])');
    params.push(q.types);
  }
  params.push(q.limit);
  const rows = await runBound<Row>(
    em,
    `select e.position::text as position, e.id, e.type, e.occurred_at, e.organisation_id, e.deployment_id, e.actor_id,
            e.subject_type, e.subject_id, e.payload
       from event e where ${where.join(' and ')} order by e.position limit ?::int`,
    params,
  );
  return rows.map((r) =>
    Object.assign(new Event(), {
      id: r.id,
      position: r.position,
      type: r.type,
      occurredAt: new Date(r.occurred_at),
      organisationId: r.organisation_id,
      deploymentId: r.deployment_id,
      actorId: r.actor_id,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      payload: r.payload,
    }),
  );
}
