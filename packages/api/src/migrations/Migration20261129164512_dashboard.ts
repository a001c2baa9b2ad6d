import { Migration } from '@mikro-orm/migrations';

export class Migration20261129164512_dashboard extends Migration {
  override name = 'Migration20261129164512_dashboard';

  override up(): void | Promise<void> {
    // The dashboard's rollups of "invitation" (modules/dashboard): counts per scope, kind and hour, and
    // a histogram of time to accept per day, as delta rows appended by statement-level triggers.
    this.addSql(
      `create table "invitation_stat" ("id" bigserial primary key, "scope_id" uuid not null, "kind" text not null, "hour" timestamptz not null, "sent" int not null default 0, "accepted" int not null default 0, "expiring" int not null default 0);`,
    );
    this.addSql(
      `create index "invitation_stat_key" on "invitation_stat" ("scope_id", "kind", "hour");`,
    );
    this.addSql(
      `alter table "invitation_stat" add constraint "invitation_stat_kind_check" check ("kind" in ('STAFF', 'PATIENT', 'PROXY'));`,
    );
    this.addSql(
      `create table "invitation_accept_stat" ("id" bigserial primary key, "scope_id" uuid not null, "kind" text not null, "day" date not null, "bucket" smallint not null, "accepted" int not null default 0, "total_ms" bigint not null default '0');`,
    );
    this.addSql(
      `create index "invitation_accept_stat_key" on "invitation_accept_stat" ("scope_id", "kind", "day", "bucket");`,
    );
    this.addSql(
      `alter table "invitation_accept_stat" add constraint "invitation_accept_stat_kind_check" check ("kind" in ('STAFF', 'PATIENT', 'PROXY'));`,
    );
    // Existing invitations first, then the triggers (one migration transaction, so nothing slips between).
    this
      .addSql(`with delta as (select 1 as sign, organisation_id, deployment_id, kind, created_at, status, expires_at, accepted_at from invitation),
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
having sum(sign) <> 0;`);
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
    this.addSql(
      `create trigger "invitation_stat_insert" after insert on "invitation" referencing new table as new_rows for each statement execute function "invitation_invitation_stat_insert_fn"();`,
    );
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
    this.addSql(
      `create trigger "invitation_stat_update" after update on "invitation" referencing old table as old_rows new table as new_rows for each statement execute function "invitation_invitation_stat_update_fn"();`,
    );
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
    this.addSql(
      `create trigger "invitation_stat_delete" after delete on "invitation" referencing old table as old_rows for each statement execute function "invitation_invitation_stat_delete_fn"();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "invitation_stat_insert" on "invitation";`);
    this.addSql(`drop function if exists "invitation_invitation_stat_insert_fn"();`);
    this.addSql(`drop trigger if exists "invitation_stat_update" on "invitation";`);
    this.addSql(`drop function if exists "invitation_invitation_stat_update_fn"();`);
    this.addSql(`drop trigger if exists "invitation_stat_delete" on "invitation";`);
    this.addSql(`drop function if exists "invitation_invitation_stat_delete_fn"();`);
    this.addSql(`drop table if exists "invitation_accept_stat";`);
    this.addSql(`drop table if exists "invitation_stat";`);
  }
}
