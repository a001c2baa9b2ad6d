import { Migration } from '@mikro-orm/migrations';

/**
 * Invitations get a stored EXPIRED status (set by the expiry job). EXPIRED is still open, so the
 * partial indexes of open invitations (lists, one per address, a patient's) cover it, and the
 * dashboard rollup functions count it as they count a pending invitation past its expiry (a
 * frozen copy of invitation-stat.triggers.ts as of this migration).
 */
export class Migration20261202140711_invitation_expired extends Migration {
  override name = 'Migration20261202140711_invitation_expired';

  override up(): void | Promise<void> {
    this.addSql(`alter table "invitation" drop constraint "invitation_status_check";`);
    this.addSql(
      `alter table "invitation" add constraint "invitation_status_check" check ("status" in ('PENDING', 'ACCEPTED', 'REVOKED', 'EXPIRED'));`,
    );
    this.addSql(
      `create index "invitation_expiry_due" on "invitation" ("expires_at") where "status" = 'PENDING';`,
    );
    this.addSql(`drop index "invitation_pending_list";`);
    this.addSql(
      `create index "invitation_pending_list" on "invitation" ("organisation_id", "kind", "created_at" desc, "id" desc) where "status" in ('PENDING', 'EXPIRED');`,
    );
    this.addSql(`drop index "invitation_pending_deployment_list";`);
    this.addSql(
      `create index "invitation_pending_deployment_list" on "invitation" ("deployment_id", "kind", "created_at" desc, "id" desc) where "status" in ('PENDING', 'EXPIRED');`,
    );
    this.addSql(`drop index "invitation_patient_pending";`);
    this.addSql(
      `create index "invitation_patient_pending" on "invitation" ("patient_id") where "status" in ('PENDING', 'EXPIRED');`,
    );
    this.addSql(`drop index "invitation_one_pending_per_address";`);
    this.addSql(
      `create unique index "invitation_one_pending_per_address" on "invitation" ("organisation_id", "deployment_id", "kind", "address", "patient_id") nulls not distinct where "status" in ('PENDING', 'EXPIRED');`,
    );
    this
      .addSql(`create or replace function "invitation_invitation_stat_insert_fn"() returns trigger as $$ begin
with delta as (select 1 as sign, organisation_id, deployment_id, kind, created_at, status, expires_at, accepted_at from new_rows),
scoped as (
  select s.scope_id, d.sign, d.kind, d.created_at, d.status, d.expires_at, d.accepted_at
    from delta d cross join lateral (values ('00000000-0000-0000-0000-000000000000'::uuid), (d.organisation_id), (d.deployment_id)) s(scope_id)
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
having sum(sign) <> 0;
return null; end; $$ language plpgsql;`);
    this
      .addSql(`create or replace function "invitation_invitation_stat_update_fn"() returns trigger as $$ begin
with delta as (select -1 as sign, o.organisation_id, o.deployment_id, o.kind, o.created_at, o.status, o.expires_at, o.accepted_at from old_rows o join new_rows n on n.id = o.id where (o.status, o.created_at, o.expires_at, o.accepted_at, o.kind, o.organisation_id, o.deployment_id) is distinct from (n.status, n.created_at, n.expires_at, n.accepted_at, n.kind, n.organisation_id, n.deployment_id)
       union all
       select 1, n.organisation_id, n.deployment_id, n.kind, n.created_at, n.status, n.expires_at, n.accepted_at from new_rows n join old_rows o on o.id = n.id where (o.status, o.created_at, o.expires_at, o.accepted_at, o.kind, o.organisation_id, o.deployment_id) is distinct from (n.status, n.created_at, n.expires_at, n.accepted_at, n.kind, n.organisation_id, n.deployment_id)),
scoped as (
  select s.scope_id, d.sign, d.kind, d.created_at, d.status, d.expires_at, d.accepted_at
    from delta d cross join lateral (values ('00000000-0000-0000-0000-000000000000'::uuid), (d.organisation_id), (d.deployment_id)) s(scope_id)
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
having sum(sign) <> 0;
return null; end; $$ language plpgsql;`);
    this
      .addSql(`create or replace function "invitation_invitation_stat_delete_fn"() returns trigger as $$ begin
with delta as (select -1 as sign, organisation_id, deployment_id, kind, created_at, status, expires_at, accepted_at from old_rows),
scoped as (
  select s.scope_id, d.sign, d.kind, d.created_at, d.status, d.expires_at, d.accepted_at
    from delta d cross join lateral (values ('00000000-0000-0000-0000-000000000000'::uuid), (d.organisation_id), (d.deployment_id)) s(scope_id)
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
having sum(sign) <> 0;
return null; end; $$ language plpgsql;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`update "invitation" set "status" = 'PENDING' where "status" = 'EXPIRED';`);
    this.addSql(`drop index "invitation_expiry_due";`);
    this.addSql(`alter table "invitation" drop constraint "invitation_status_check";`);
    this.addSql(
      `alter table "invitation" add constraint "invitation_status_check" check ("status" in ('PENDING', 'ACCEPTED', 'REVOKED'));`,
    );
    this.addSql(`drop index "invitation_pending_list";`);
    this.addSql(
      `create index "invitation_pending_list" on "invitation" ("organisation_id", "kind", "created_at" desc, "id" desc) where "status" = 'PENDING';`,
    );
    this.addSql(`drop index "invitation_pending_deployment_list";`);
    this.addSql(
      `create index "invitation_pending_deployment_list" on "invitation" ("deployment_id", "kind", "created_at" desc, "id" desc) where "status" = 'PENDING';`,
    );
    this.addSql(`drop index "invitation_patient_pending";`);
    this.addSql(
      `create index "invitation_patient_pending" on "invitation" ("patient_id") where "status" = 'PENDING';`,
    );
    this.addSql(`drop index "invitation_one_pending_per_address";`);
    this.addSql(
      `create unique index "invitation_one_pending_per_address" on "invitation" ("organisation_id", "deployment_id", "kind", "address", "patient_id") nulls not distinct where "status" = 'PENDING';`,
    );
    this
      .addSql(`create or replace function "invitation_invitation_stat_insert_fn"() returns trigger as $$ begin
with delta as (select 1 as sign, organisation_id, deployment_id, kind, created_at, status, expires_at, accepted_at from new_rows),
scoped as (
  select s.scope_id, d.sign, d.kind, d.created_at, d.status, d.expires_at, d.accepted_at
    from delta d cross join lateral (values ('00000000-0000-0000-0000-000000000000'::uuid), (d.organisation_id), (d.deployment_id)) s(scope_id)
   where s.scope_id is not null),
counted as (
  insert into invitation_stat (scope_id, kind, hour, sent, accepted, expiring)
  select scope_id, kind, hour, sum(sent), sum(accepted), sum(expiring)
    from (select scope_id, kind, date_trunc('hour', created_at, 'UTC') as hour, sign as sent, 0 as accepted, 0 as expiring from scoped
          union all
          select scope_id, kind, date_trunc('hour', accepted_at, 'UTC'), 0, sign, 0 from scoped where status = 'ACCEPTED' and accepted_at is not null
          union all
          select scope_id, kind, date_trunc('hour', expires_at, 'UTC'), 0, 0, sign from scoped where status = 'PENDING') e
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
having sum(sign) <> 0;
return null; end; $$ language plpgsql;`);
    this
      .addSql(`create or replace function "invitation_invitation_stat_update_fn"() returns trigger as $$ begin
with delta as (select -1 as sign, o.organisation_id, o.deployment_id, o.kind, o.created_at, o.status, o.expires_at, o.accepted_at from old_rows o join new_rows n on n.id = o.id where (o.status, o.created_at, o.expires_at, o.accepted_at, o.kind, o.organisation_id, o.deployment_id) is distinct from (n.status, n.created_at, n.expires_at, n.accepted_at, n.kind, n.organisation_id, n.deployment_id)
       union all
       select 1, n.organisation_id, n.deployment_id, n.kind, n.created_at, n.status, n.expires_at, n.accepted_at from new_rows n join old_rows o on o.id = n.id where (o.status, o.created_at, o.expires_at, o.accepted_at, o.kind, o.organisation_id, o.deployment_id) is distinct from (n.status, n.created_at, n.expires_at, n.accepted_at, n.kind, n.organisation_id, n.deployment_id)),
scoped as (
  select s.scope_id, d.sign, d.kind, d.created_at, d.status, d.expires_at, d.accepted_at
    from delta d cross join lateral (values ('00000000-0000-0000-0000-000000000000'::uuid), (d.organisation_id), (d.deployment_id)) s(scope_id)
   where s.scope_id is not null),
counted as (
  insert into invitation_stat (scope_id, kind, hour, sent, accepted, expiring)
  select scope_id, kind, hour, sum(sent), sum(accepted), sum(expiring)
    from (select scope_id, kind, date_trunc('hour', created_at, 'UTC') as hour, sign as sent, 0 as accepted, 0 as expiring from scoped
          union all
          select scope_id, kind, date_trunc('hour', accepted_at, 'UTC'), 0, sign, 0 from scoped where status = 'ACCEPTED' and accepted_at is not null
          union all
          select scope_id, kind, date_trunc('hour', expires_at, 'UTC'), 0, 0, sign from scoped where status = 'PENDING') e
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
having sum(sign) <> 0;
return null; end; $$ language plpgsql;`);
    this
      .addSql(`create or replace function "invitation_invitation_stat_delete_fn"() returns trigger as $$ begin
with delta as (select -1 as sign, organisation_id, deployment_id, kind, created_at, status, expires_at, accepted_at from old_rows),
scoped as (
  select s.scope_id, d.sign, d.kind, d.created_at, d.status, d.expires_at, d.accepted_at
    from delta d cross join lateral (values ('00000000-0000-0000-0000-000000000000'::uuid), (d.organisation_id), (d.deployment_id)) s(scope_id)
   where s.scope_id is not null),
counted as (
  insert into invitation_stat (scope_id, kind, hour, sent, accepted, expiring)
  select scope_id, kind, hour, sum(sent), sum(accepted), sum(expiring)
    from (select scope_id, kind, date_trunc('hour', created_at, 'UTC') as hour, sign as sent, 0 as accepted, 0 as expiring from scoped
          union all
          select scope_id, kind, date_trunc('hour', accepted_at, 'UTC'), 0, sign, 0 from scoped where status = 'ACCEPTED' and accepted_at is not null
          union all
          select scope_id, kind, date_trunc('hour', expires_at, 'UTC'), 0, 0, sign from scoped where status = 'PENDING') e
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
having sum(sign) <> 0;
return null; end; $$ language plpgsql;`);
  }
}
