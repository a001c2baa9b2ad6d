import { Migration } from '@mikro-orm/migrations';

export class Migration20261122052310_invitations extends Migration {
  override name = 'Migration20261122052310_invitations';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "outbox_message" ("id" uuid not null, "channel" varchar(10) not null, "to" varchar(254) not null, "subject" varchar(300) null, "text" text not null, "html" text null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "outbox_message_created_at_index" on "outbox_message" ("created_at");`,
    );

    this.addSql(
      `create table "invitation" ("id" uuid not null, "kind" text not null, "channel" text not null, "address" varchar(254) not null, "full_name" varchar(200) null, "organisation_id" uuid not null, "deployment_id" uuid null, "role_id" uuid null, "token_hash" varchar(64) not null, "replaced_token_hashes" text[] not null, "status" text not null default 'PENDING', "expiry_hours" int not null, "expires_at" timestamptz not null, "invited_by_id" uuid null, "batch_id" uuid not null, "sent_count" int not null default 0, "last_sent_at" timestamptz null, "reminded_at" timestamptz null, "delivery_status" text not null default 'QUEUED', "delivery_error" varchar(500) null, "accepted_at" timestamptz null, "accepted_by_id" uuid null, "revoked_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_token_hash_unique" unique ("token_hash");`,
    );
    this.addSql(
      `create index "invitation_pending_list" on "invitation" ("organisation_id", "kind", "created_at" desc, "id" desc) where "status" = 'PENDING';`,
    );
    this.addSql(
      `create index "invitation_pending_deployment_list" on "invitation" ("deployment_id", "kind", "created_at" desc, "id" desc) where "status" = 'PENDING';`,
    );
    this.addSql(
      `create index "invitation_reminder_due" on "invitation" ("expires_at") where "status" = 'PENDING' and "reminded_at" is null;`,
    );
    this.addSql(
      `create index "invitation_replaced_tokens" on "invitation" using gin ("replaced_token_hashes");`,
    );
    this.addSql(
      `create unique index "invitation_one_pending_per_address" on "invitation" ("organisation_id", "deployment_id", "kind", "address") nulls not distinct where "status" = 'PENDING';`,
    );

    this.addSql(
      `create table "invitation_delivery" ("id" uuid not null, "invitation_id" uuid not null, "purpose" text not null, "channel" text not null, "status" text not null default 'QUEUED', "sealed_token" text null, "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "provider" varchar(40) null, "provider_id" varchar(200) null, "error" varchar(500) null, "created_at" timestamptz not null, "finished_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `create index "invitation_delivery_invitation_id_index" on "invitation_delivery" ("invitation_id");`,
    );
    this.addSql(
      `create index "invitation_delivery_due" on "invitation_delivery" ("next_attempt_at") where "status" = 'QUEUED';`,
    );

    this.addSql(
      `alter table "invitation" add constraint "invitation_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_deployment_id_foreign" foreign key ("deployment_id") references "deployment" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_role_id_foreign" foreign key ("role_id") references "role" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_invited_by_id_foreign" foreign key ("invited_by_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_accepted_by_id_foreign" foreign key ("accepted_by_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_staff_has_role" check (kind <> 'STAFF' or role_id is not null);`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_kind_check" check ("kind" in ('STAFF', 'PATIENT', 'PROXY'));`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_channel_check" check ("channel" in ('EMAIL', 'SMS'));`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_status_check" check ("status" in ('PENDING', 'ACCEPTED', 'REVOKED'));`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_delivery_status_check" check ("delivery_status" in ('QUEUED', 'SENT', 'DELIVERED', 'FAILED'));`,
    );

    this.addSql(
      `alter table "invitation_delivery" add constraint "invitation_delivery_invitation_id_foreign" foreign key ("invitation_id") references "invitation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invitation_delivery" add constraint "invitation_delivery_purpose_check" check ("purpose" in ('INVITATION', 'REMINDER'));`,
    );
    this.addSql(
      `alter table "invitation_delivery" add constraint "invitation_delivery_channel_check" check ("channel" in ('EMAIL', 'SMS'));`,
    );
    this.addSql(
      `alter table "invitation_delivery" add constraint "invitation_delivery_status_check" check ("status" in ('QUEUED', 'SENT', 'FAILED', 'SKIPPED'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "invitation_delivery" drop constraint "invitation_delivery_invitation_id_foreign";`,
    );

    this.addSql(`drop table if exists "outbox_message" cascade;`);
    this.addSql(`drop table if exists "invitation" cascade;`);
    this.addSql(`drop table if exists "invitation_delivery" cascade;`);
  }
}
