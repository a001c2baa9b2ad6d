import type { TriggerDef } from '@mikro-orm/core';

/**
 * The statements that keep the dashboard rollups (dashboard/invitation-stat.entity.ts) equal to the
 * aggregate of the `invitation` rows. Three statement-level AFTER triggers read the statement's
 * transition tables, so a bulk insert of 1,000 invitations costs one grouped upsert, not 1,000.
 * Each changed row counts −1 as it was and +1 as it is; rows whose counted fields did not change
 * are left out (delivery updates, reminders), and groups that sum to zero write nothing, so most
 * updates touch no rollup row at all. The rows written are deltas (plain inserts, no ON CONFLICT),
 * so two writers never wait on each other here; `COMPACT_SQL` folds a scope's deltas together.
 *
 * `expiring` counts open invitations (PENDING and EXPIRED) by their expiry hour, so the expiry
 * job's PENDING → EXPIRED update nets to zero and an expired invitation is counted once.
 *
 * Declared on InvitationEntity (as raw DDL, which MikroORM's schema diff does not compare), so they
 * live beside it: the dashboard reads the rollups and never the reverse. Created by
 * Migration20261129164512_dashboard; Migration20261202140711_invitation_expired replaced the
 * functions with the EXPIRED status counted. Each holds a frozen copy of this SQL.
 */

const PLATFORM = `'00000000-0000-0000-0000-000000000000'::uuid`;
const COUNTED = [
  'status',
  'created_at',
  'expires_at',
  'accepted_at',
  'kind',
  'organisation_id',
  'deployment_id',
];
const DELTA_COLUMNS =
  'organisation_id, deployment_id, kind, created_at, status, expires_at, accepted_at';

/** The upsert of both rollups from a `delta(sign, …DELTA_COLUMNS)` CTE body. */
export function rollupSql(delta: string): string {
  return `with delta as (${delta}),
scoped as (
  select s.scope_id, d.sign, d.kind, d.created_at, d.status, d.expires_at, d.accepted_at
    from delta d cross join lateral (values (${PLATFORM}), (d.organisation_id), (d.deployment_id)) s(scope_id)
   where s.scope_id is not null),
counted as (
  insert into invitation_stat (scope_id, kind, hour, sent, accepted, expiring)
  select scope_id, kind, hour, sum(sent), sum(accepted), sum(expiring)
    from (select scope_id, kind, date_trunc('hour', created_at, 'UTC') as hour, sign as sent, 0 as accepted, 0 as expiring from scoped
          union all
          select scope_id, kind, date_trunc('hour', accepted_at, 'UTC'), 0, sign, 0 from scoped where status = 'ACCEPTED' and accepted_at is not null
          union all
          select scope_id, kind, date_trunc('hour', expires_at, 'UTC'), 0, 0, sign from scoped where status in ('PENDING', 'EXPIRED')) e
   group by scope_id, kind, hour
  having sum(sent) <> 0 or sum(accepted) <> 0 or sum(expiring) <> 0
  returning 1)
insert into invitation_accept_stat (scope_id, kind, day, bucket, accepted, total_ms)
select scope_id, kind, day, bucket, sum(sign), sum(sign * ms)
  from (select scope_id, kind, sign, (accepted_at at time zone 'UTC')::date as day,
               round(extract(epoch from accepted_at - created_at) * 1000)::bigint as ms,
               case when accepted_at - created_at < interval '1 second' then 0
                    else floor(ln(extract(epoch from accepted_at - created_at)) / ln(1.05))::int + 1 end as bucket
          from scoped where status = 'ACCEPTED' and accepted_at is not null) a
 group by scope_id, kind, day, bucket
having sum(sign) <> 0`;
}

const changed = `(${COUNTED.map((c) => `o.${c}`).join(', ')}) is distinct from (${COUNTED.map((c) => `n.${c}`).join(', ')})`;
const cols = (alias: string) =>
  DELTA_COLUMNS.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');

const DELTAS = {
  insert: {
    referencing: 'new table as new_rows',
    delta: `select 1 as sign, ${DELTA_COLUMNS} from new_rows`,
  },
  delete: {
    referencing: 'old table as old_rows',
    delta: `select -1 as sign, ${DELTA_COLUMNS} from old_rows`,
  },
  update: {
    referencing: 'old table as old_rows new table as new_rows',
    delta: `select -1 as sign, ${cols('o')} from old_rows o join new_rows n on n.id = o.id where ${changed}
       union all
       select 1, ${cols('n')} from new_rows n join old_rows o on o.id = n.id where ${changed}`,
  },
} as const;

export type StatEvent = keyof typeof DELTAS;
export const STAT_EVENTS: StatEvent[] = ['insert', 'update', 'delete'];

export const statTriggerName = (event: StatEvent) => `invitation_stat_${event}`;
/** MikroORM's naming for a trigger's function (`<table>_<trigger>_fn`), so its drop finds it. */
export const statFunctionName = (event: StatEvent) => `invitation_${statTriggerName(event)}_fn`;

/** `create function` + `create trigger` for one event. */
export function statTriggerDdl(event: StatEvent): string {
  const { referencing, delta } = DELTAS[event];
  return `create or replace function "${statFunctionName(event)}"() returns trigger as $$ begin
${rollupSql(delta)};
return null; end; $$ language plpgsql;
create trigger "${statTriggerName(event)}" after ${event} on "invitation" referencing ${referencing} for each statement execute function "${statFunctionName(event)}"();`;
}

/**
 * Folds one scope's delta rows into one row per key (and drops keys that sum to zero). Deleting
 * with RETURNING takes exactly the rows it removes, so concurrent compactions never count a row
 * twice and deltas appended meanwhile are simply left for next time. Only keys with several rows are
 * rewritten. Parameters: the scope id, four times.
 */
export const COMPACT_SQL = `with dup as (
  select kind, hour from invitation_stat where scope_id = ? group by kind, hour having count(*) > 1),
gone as (
  delete from invitation_stat s using dup where s.scope_id = ? and s.kind = dup.kind and s.hour = dup.hour
  returning s.scope_id, s.kind, s.hour, s.sent, s.accepted, s.expiring),
kept as (
  insert into invitation_stat (scope_id, kind, hour, sent, accepted, expiring)
  select scope_id, kind, hour, sum(sent), sum(accepted), sum(expiring) from gone group by scope_id, kind, hour
  having sum(sent) <> 0 or sum(accepted) <> 0 or sum(expiring) <> 0
  returning 1),
dup_accepts as (
  select kind, day, bucket from invitation_accept_stat where scope_id = ? group by kind, day, bucket having count(*) > 1),
gone_accepts as (
  delete from invitation_accept_stat s using dup_accepts d where s.scope_id = ? and s.kind = d.kind and s.day = d.day and s.bucket = d.bucket
  returning s.scope_id, s.kind, s.day, s.bucket, s.accepted, s.total_ms)
insert into invitation_accept_stat (scope_id, kind, day, bucket, accepted, total_ms)
select scope_id, kind, day, bucket, sum(accepted), sum(total_ms) from gone_accepts group by scope_id, kind, day, bucket
having sum(accepted) <> 0`;

/** Fills the rollups from the invitations already there (the migration runs it once). */
export const BACKFILL_SQL = rollupSql(`select 1 as sign, ${DELTA_COLUMNS} from invitation`);

/** For InvitationEntity's `triggers`: raw DDL, so the schema diff only checks that the names exist. */
export const INVITATION_STAT_TRIGGERS: TriggerDef[] = STAT_EVENTS.map((event) => ({
  name: statTriggerName(event),
  timing: 'after',
  events: [event],
  forEach: 'statement',
  expression: statTriggerDdl(event),
}));
