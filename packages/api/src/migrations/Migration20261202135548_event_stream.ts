import { Migration } from '@mikro-orm/migrations';

export class Migration20261202135548_event_stream extends Migration {
  override name = 'Migration20261202135548_event_stream';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "event" ("position" bigserial primary key, "id" uuid not null, "type" varchar(64) not null, "occurred_at" timestamptz not null, "organisation_id" uuid null, "deployment_id" uuid null, "actor_id" uuid null, "subject_type" varchar(40) null, "subject_id" varchar(64) null, "payload" jsonb not null, "tx_id" xid8 not null default pg_current_xact_id());`,
    );
    this.addSql(`alter table "event" add constraint "event_id_unique" unique ("id");`);
    this.addSql(`create index "event_organisation" on "event" ("organisation_id", "position");`);
    this.addSql(`create index "event_deployment" on "event" ("deployment_id", "position");`);

    this.addSql(
      `create or replace function "event_event_append_only_fn"() returns trigger as \$\$ begin raise exception 'events are append-only' using errcode = 'insufficient_privilege'; end; \$\$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "event_append_only" BEFORE UPDATE OR DELETE on "event" for each ROW execute function "event_event_append_only_fn"();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "event_append_only" on "event";`);
    this.addSql(`drop function if exists "event_event_append_only_fn"();`);
    this.addSql(`drop table if exists "event" cascade;`);
  }
}
