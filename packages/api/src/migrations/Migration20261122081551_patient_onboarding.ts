import { Migration } from '@mikro-orm/migrations';

export class Migration20261122081551_patient_onboarding extends Migration {
  override name = 'Migration20261122081551_patient_onboarding';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "patient_import" ("id" uuid not null, "organisation_id" uuid not null, "deployment_id" uuid not null, "created_by_id" uuid null, "status" text not null default 'RECEIVING', "file_name" varchar(255) null, "expiry_hours" int not null, "byte_size" bigint not null default '0', "chunk_count" int not null default 0, "total_rows" int null, "next_row" int not null default 0, "invited_count" int not null default 0, "refused_count" int not null default 0, "lease_until" timestamptz null, "error" varchar(500) null, "created_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "patient_import_deployment" on "patient_import" ("deployment_id", "created_at" desc);`,
    );

    this.addSql(
      `create table "patient_import_row" ("import_id" uuid not null, "row_no" int not null, "email" varchar(320) null, "first_name" varchar(100) null, "last_name" varchar(100) null, "outcome" text not null, "message" varchar(300) null, "invitation_id" uuid null, primary key ("import_id", "row_no"));`,
    );

    this.addSql(
      `create table "patient_import_chunk" ("import_id" uuid not null, "seq" int not null, "data" bytea not null, primary key ("import_id", "seq"));`,
    );

    this.addSql(
      `create table "invite_link" ("id" uuid not null, "kind" text not null, "organisation_id" uuid not null, "deployment_id" uuid null, "role_id" uuid null, "label" varchar(120) null, "token_hash" varchar(64) not null, "sealed_token" text not null, "replaced_token_hashes" text[] not null, "status" text not null default 'ACTIVE', "expiry_hours" int not null, "expires_at" timestamptz not null, "max_uses" int null, "use_count" int not null default 0, "created_by_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "rotated_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "invite_link" add constraint "invite_link_token_hash_unique" unique ("token_hash");`,
    );
    this.addSql(
      `create index "invite_link_deployment" on "invite_link" ("deployment_id", "created_at" desc, "id" desc);`,
    );
    this.addSql(
      `create index "invite_link_replaced_tokens" on "invite_link" using gin ("replaced_token_hashes");`,
    );

    this.addSql(
      `create table "invite_link_claim" ("id" uuid not null, "link_id" uuid not null, "email" varchar(254) not null, "code_hash" varchar(64) null, "code_expires_at" timestamptz null, "code_attempts" int not null default 0, "codes_sent" int not null default 0, "last_code_at" timestamptz null, "last_code_ip" varchar(64) null, "verified_at" timestamptz null, "ticket_hash" varchar(64) null, "ticket_expires_at" timestamptz null, "joined_at" timestamptz null, "patient_id" uuid null, "user_id" uuid null, "reminded_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "invite_link_claim" add constraint "invite_link_claim_ticket_hash_unique" unique ("ticket_hash");`,
    );
    this.addSql(
      `create index "invite_link_claim_unfinished" on "invite_link_claim" ("link_id") where "joined_at" is null and "reminded_at" is null;`,
    );
    this.addSql(
      `create index "invite_link_claim_joined" on "invite_link_claim" ("link_id", "joined_at" desc) where "joined_at" is not null;`,
    );
    this.addSql(
      `alter table "invite_link_claim" add constraint "invite_link_claim_one_per_email" unique ("link_id", "email");`,
    );

    this.addSql(
      `create table "patient_helper" ("id" uuid not null, "patient_id" uuid not null, "organisation_id" uuid not null, "deployment_id" uuid not null, "email" varchar(254) not null, "full_name" varchar(200) null, "relationship" varchar(60) null, "invitation_id" uuid null, "user_id" uuid null, "status" text not null default 'INVITED', "invited_by_id" uuid null, "created_at" timestamptz not null, "joined_at" timestamptz null, "removed_at" timestamptz null, "removed_by_id" uuid null, primary key ("id"));`,
    );
    this.addSql(
      `create index "patient_helper_patient" on "patient_helper" ("patient_id", "created_at");`,
    );
    this.addSql(
      `create unique index "patient_helper_one_live_per_email" on "patient_helper" ("patient_id", "email") where "status" <> 'REMOVED';`,
    );

    this.addSql(
      `create table "verification_code" ("id" uuid not null, "purpose" text not null, "subject" varchar(254) not null, "user_id" uuid null, "code_hash" varchar(64) not null, "attempts" int not null default 0, "expires_at" timestamptz not null, "consumed_at" timestamptz null, "ip" varchar(64) null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "verification_code_recent" on "verification_code" ("purpose", "subject", "created_at" desc);`,
    );

    this.addSql(`alter table "app_user" alter column "email" drop not null;`);
    this.addSql(
      `create unique index "app_user_mobile_unique" on "app_user" ("mobile") where "mobile" is not null;`,
    );
    this.addSql(
      `alter table "app_user" add constraint "app_user_has_address" check (email is not null or mobile is not null);`,
    );

    this.addSql(
      `create index "invitation_patient_pending" on "invitation" ("patient_id") where "status" = 'PENDING';`,
    );
    // One person may be invited to help two patients of the same deployment: the patient is part of the key.
    this.addSql(`drop index "invitation_one_pending_per_address";`);
    this.addSql(
      `create unique index "invitation_one_pending_per_address" on "invitation" ("organisation_id", "deployment_id", "kind", "address", "patient_id") nulls not distinct where "status" = 'PENDING';`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_proxy_has_patient" check (kind <> 'PROXY' or (patient_id is not null and deployment_id is not null));`,
    );

    this.addSql(`alter table "invitation_delivery" add "provider_status" varchar(40) null;`);
    this.addSql(
      `create index "invitation_delivery_provider_id" on "invitation_delivery" ("provider_id") where "provider_id" is not null;`,
    );

    this.addSql(
      `alter table "patient_import" add constraint "patient_import_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "patient_import" add constraint "patient_import_deployment_id_foreign" foreign key ("deployment_id") references "deployment" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "patient_import" add constraint "patient_import_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "patient_import" add constraint "patient_import_status_check" check ("status" in ('RECEIVING', 'QUEUED', 'RUNNING', 'DONE', 'FAILED'));`,
    );

    this.addSql(
      `alter table "patient_import_row" add constraint "patient_import_row_import_id_foreign" foreign key ("import_id") references "patient_import" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "patient_import_row" add constraint "patient_import_row_outcome_check" check ("outcome" in ('INVITED', 'ALREADY_PENDING', 'ALREADY_MEMBER', 'INVALID', 'DUPLICATE', 'FORMULA', 'MISSING_EMAIL'));`,
    );

    this.addSql(
      `alter table "patient_import_chunk" add constraint "patient_import_chunk_import_id_foreign" foreign key ("import_id") references "patient_import" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "invite_link" add constraint "invite_link_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invite_link" add constraint "invite_link_deployment_id_foreign" foreign key ("deployment_id") references "deployment" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invite_link" add constraint "invite_link_role_id_foreign" foreign key ("role_id") references "role" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "invite_link" add constraint "invite_link_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "invite_link" add constraint "invite_link_max_uses_positive" check (max_uses is null or max_uses > 0);`,
    );
    this.addSql(
      `alter table "invite_link" add constraint "invite_link_within_max_uses" check (max_uses is null or use_count <= max_uses);`,
    );
    this.addSql(
      `alter table "invite_link" add constraint "invite_link_staff_has_role" check (kind <> 'STAFF' or role_id is not null);`,
    );
    this.addSql(
      `alter table "invite_link" add constraint "invite_link_patient_has_deployment" check (kind <> 'PATIENT' or deployment_id is not null);`,
    );
    this.addSql(
      `alter table "invite_link" add constraint "invite_link_kind_check" check ("kind" in ('PATIENT', 'STAFF'));`,
    );
    this.addSql(
      `alter table "invite_link" add constraint "invite_link_status_check" check ("status" in ('ACTIVE', 'REVOKED'));`,
    );

    this.addSql(
      `alter table "invite_link_claim" add constraint "invite_link_claim_link_id_foreign" foreign key ("link_id") references "invite_link" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invite_link_claim" add constraint "invite_link_claim_patient_id_foreign" foreign key ("patient_id") references "patient" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "invite_link_claim" add constraint "invite_link_claim_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "patient_helper" add constraint "patient_helper_patient_id_foreign" foreign key ("patient_id") references "patient" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "patient_helper" add constraint "patient_helper_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "patient_helper" add constraint "patient_helper_deployment_id_foreign" foreign key ("deployment_id") references "deployment" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "patient_helper" add constraint "patient_helper_invitation_id_foreign" foreign key ("invitation_id") references "invitation" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "patient_helper" add constraint "patient_helper_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "patient_helper" add constraint "patient_helper_invited_by_id_foreign" foreign key ("invited_by_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "patient_helper" add constraint "patient_helper_removed_by_id_foreign" foreign key ("removed_by_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "patient_helper" add constraint "patient_helper_status_check" check ("status" in ('INVITED', 'ACTIVE', 'REMOVED'));`,
    );

    this.addSql(
      `alter table "verification_code" add constraint "verification_code_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "verification_code" add constraint "verification_code_purpose_check" check ("purpose" in ('SMS_SIGN_IN'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "patient_import_row" drop constraint "patient_import_row_import_id_foreign";`,
    );
    this.addSql(
      `alter table "patient_import_chunk" drop constraint "patient_import_chunk_import_id_foreign";`,
    );
    this.addSql(
      `alter table "invite_link_claim" drop constraint "invite_link_claim_link_id_foreign";`,
    );

    this.addSql(`drop table if exists "patient_import" cascade;`);
    this.addSql(`drop table if exists "patient_import_row" cascade;`);
    this.addSql(`drop table if exists "patient_import_chunk" cascade;`);
    this.addSql(`drop table if exists "invite_link" cascade;`);
    this.addSql(`drop table if exists "invite_link_claim" cascade;`);
    this.addSql(`drop table if exists "patient_helper" cascade;`);
    this.addSql(`drop table if exists "verification_code" cascade;`);

    this.addSql(`drop index "app_user_mobile_unique";`);
    this.addSql(`alter table "app_user" drop constraint "app_user_has_address";`);
    this.addSql(`alter table "app_user" alter column "email" set not null;`);

    this.addSql(`drop index "invitation_patient_pending";`);
    this.addSql(`alter table "invitation" drop constraint "invitation_proxy_has_patient";`);

    this.addSql(`drop index "invitation_delivery_provider_id";`);
    this.addSql(`alter table "invitation_delivery" drop column "provider_status";`);
  }
}
