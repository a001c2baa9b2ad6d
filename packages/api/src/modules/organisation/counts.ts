import type { EntityManager } from '@mikro-orm/postgresql';
import { OrganisationEntity } from './organisation.entity.js';

/**
 * Values for the organisations and deployments of one response, gathered per table in one grouped
 * statement: every `patientCount` of a page asks at once, so a page of 50 rows costs one query
 * per table, not 50. Keys asked for in the same turn of the event loop share a statement.
 */
export class Batch<T> {
  private pending = new Map<string, ((value: T) => void)[]>();
  private failures = new Map<string, ((e: unknown) => void)[]>();

  constructor(
    private readonly run: (ids: string[]) => Promise<Map<string, T>>,
    private readonly missing: () => T,
  ) {}

  load(id: string): Promise<T> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) setImmediate(() => void this.flush());
      this.pending.set(id, [...(this.pending.get(id) ?? []), resolve]);
      this.failures.set(id, [...(this.failures.get(id) ?? []), reject]);
    });
  }

  private async flush(): Promise<void> {
    const pending = this.pending;
    const failures = this.failures;
    this.pending = new Map();
    this.failures = new Map();
    try {
      const counts = await this.run([...pending.keys()]);
      for (const [id, waiting] of pending)
        for (const resolve of waiting) resolve(counts.has(id) ? counts.get(id)! : this.missing());
    } catch (error) {
      for (const waiting of failures.values()) for (const reject of waiting) reject(error);
    }
  }
}

/** One grouped count per id (`select … as id, count(*) as n … where … in ${IDS} group by …`). */
export async function grouped(
  em: EntityManager,
  sql: string,
  ids: string[],
): Promise<Map<string, number>> {
  const rows = await em
    .getConnection()
    .execute<{ id: string; n: number | string }[]>(
      sql,
      [JSON.stringify(ids)],
      'all',
      em.getTransactionContext(),
    );
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/** The ids of a batch, as one JSON parameter. */
export const IDS = `(select value::uuid from jsonb_array_elements_text(?::jsonb))`;

/** The per-request counters; one set per GraphQL request (keyed by its context object). */
export interface Counters {
  organisationDeployments: Batch<number>;
  organisationStaff: Batch<number>;
  organisationPatients: Batch<number>;
  deploymentStaff: Batch<number>;
  deploymentPatients: Batch<number>;
  /** Organisations by id, for `Deployment.organisation`. */
  organisations: Batch<OrganisationEntity | null>;
}

class GroupedCount extends Batch<number> {
  constructor(run: (ids: string[]) => Promise<Map<string, number>>) {
    super(run, () => 0);
  }
}

const perRequest = new WeakMap<object, Counters>();

export function counters(request: object, em: EntityManager): Counters {
  let found = perRequest.get(request);
  if (!found) {
    found = {
      organisationDeployments: new GroupedCount((ids) =>
        grouped(
          em,
          `select organisation_id as id, count(*) as n from deployment where organisation_id in ${IDS} and status <> 'ARCHIVED' group by organisation_id`,
          ids,
        ),
      ),
      // Everyone with a live role inside the organisation, at it or at one of its deployments.
      organisationStaff: new GroupedCount((ids) =>
        grouped(
          em,
          `select organisation_id as id, count(distinct user_id) as n from role_assignment where ended_at is null and organisation_id in ${IDS} group by organisation_id`,
          ids,
        ),
      ),
      // Through the deployments, so that the (deployment_id, status, …) index serves it.
      organisationPatients: new GroupedCount((ids) =>
        grouped(
          em,
          `select p.organisation_id as id, count(*) as n from patient p
            where p.deployment_id in (select d.id from deployment d where d.organisation_id in ${IDS}) and p.status = 'ACTIVE'
            group by p.organisation_id`,
          ids,
        ),
      ),
      deploymentStaff: new GroupedCount((ids) =>
        grouped(
          em,
          `select deployment_id as id, count(distinct user_id) as n from role_assignment where ended_at is null and deployment_id in ${IDS} group by deployment_id`,
          ids,
        ),
      ),
      deploymentPatients: new GroupedCount((ids) =>
        grouped(
          em,
          `select deployment_id as id, count(*) as n from patient where deployment_id in ${IDS} and status = 'ACTIVE' group by deployment_id`,
          ids,
        ),
      ),
      organisations: new Batch(
        async (ids) => {
          const rows = await em.find(OrganisationEntity, { id: { $in: ids } });
          return new Map(rows.map((o) => [o.id, o]));
        },
        () => null,
      ),
    };
    perRequest.set(request, found);
  }
  return found;
}
