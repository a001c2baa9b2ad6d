import { Migration } from '@mikro-orm/migrations';

export class Migration20261122044739_initial extends Migration {
  override name = 'Migration20261122044739_initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "audit_event" ("id" uuid not null, "occurred_at" timestamptz not null, "action" varchar(64) not null, "actor_id" uuid null, "actor_email" varchar(254) null, "organisation_id" uuid null, "deployment_id" uuid null, "target_type" varchar(40) null, "target_id" varchar(64) null, "target_label" varchar(254) null, "before" jsonb null, "after" jsonb null, "ip" varchar(64) null, primary key ("id"));`,
    );
    this.addSql(
      `create index "audit_event_occurred" on "audit_event" ("occurred_at" desc, "id" desc);`,
    );
    this.addSql(
      `create index "audit_event_organisation" on "audit_event" ("organisation_id", "occurred_at" desc, "id" desc);`,
    );

    this.addSql(
      `create table "organisation" ("id" uuid not null, "name" varchar(200) not null, "kind" text not null, "enrolment_target" int null, "completion_target" int null, "legal_links" jsonb not null, "archived_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );

    this.addSql(
      `create table "deployment" ("id" uuid not null, "organisation_id" uuid not null, "name" varchar(200) not null, "status" text not null default 'ACTIVE', "settings" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "deployment_organisation_id_index" on "deployment" ("organisation_id");`,
    );

    this.addSql(
      `create table "permission" ("key" varchar(64) not null, "label" varchar(100) not null, "description" text not null, "group" varchar(40) not null, "platform_only" boolean not null default false, primary key ("key"));`,
    );

    this.addSql(
      `create table "role" ("id" uuid not null, "key" varchar(64) null, "organisation_id" uuid null, "name" varchar(100) not null, "description" text not null default '', "permissions" text[] not null, "scopes" text[] not null, "grants" text[] not null, "keeper" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "role" add constraint "role_key_unique" unique ("key");`);
    this.addSql(`create index "role_organisation_id_index" on "role" ("organisation_id");`);

    this.addSql(
      `create table "app_user" ("id" uuid not null, "email" varchar(254) not null, "full_name" varchar(200) not null, "mobile" varchar(20) null, "password_hash" varchar(255) null, "failed_sign_in_count" int not null default 0, "locked_until" timestamptz null, "last_sign_in_at" timestamptz null, "disabled_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(
      `create table "session" ("id" uuid not null, "token_hash" varchar(64) not null, "user_id" uuid not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "ip" varchar(64) null, "user_agent" varchar(400) null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "session" add constraint "session_token_hash_unique" unique ("token_hash");`,
    );
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);
    this.addSql(`create index "session_expires_at_index" on "session" ("expires_at");`);

    this.addSql(
      `create table "role_assignment" ("id" uuid not null, "user_id" uuid not null, "role_id" uuid not null, "scope_type" text not null, "organisation_id" uuid null, "deployment_id" uuid null, "granted_by_id" uuid null, "created_at" timestamptz not null, "ended_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `create index "role_assignment_user_live" on "role_assignment" ("user_id") where "ended_at" is null;`,
    );
    this.addSql(
      `create index "role_assignment_organisation_live" on "role_assignment" ("organisation_id", "created_at") where "ended_at" is null;`,
    );
    this.addSql(
      `create index "role_assignment_deployment_live" on "role_assignment" ("deployment_id", "created_at") where "ended_at" is null;`,
    );
    this.addSql(`create index "role_assignment_role" on "role_assignment" ("role_id");`);
    this.addSql(
      `create unique index "role_assignment_one_live_per_scope" on "role_assignment" ("user_id", "organisation_id", "deployment_id") nulls not distinct where "ended_at" is null;`,
    );

    this.addSql(
      `alter table "organisation" add constraint "organisation_kind_check" check ("kind" in ('REMOTE_PATIENT_MONITORING', 'CLINICAL_TRIAL'));`,
    );

    this.addSql(
      `alter table "deployment" add constraint "deployment_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "deployment" add constraint "deployment_status_check" check ("status" in ('DRAFT', 'ACTIVE', 'ARCHIVED'));`,
    );

    this.addSql(
      `alter table "role" add constraint "role_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "role" add constraint "role_default_or_custom" check ((key is null) <> (organisation_id is null));`,
    );

    this.addSql(
      `alter table "app_user" add constraint "app_user_email_normalised" check (email = lower(btrim(email)));`,
    );

    this.addSql(
      `alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "role_assignment" add constraint "role_assignment_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "role_assignment" add constraint "role_assignment_role_id_foreign" foreign key ("role_id") references "role" ("id");`,
    );
    this.addSql(
      `alter table "role_assignment" add constraint "role_assignment_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "role_assignment" add constraint "role_assignment_deployment_id_foreign" foreign key ("deployment_id") references "deployment" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "role_assignment" add constraint "role_assignment_granted_by_id_foreign" foreign key ("granted_by_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "role_assignment" add constraint "role_assignment_scope_shape" check ((scope_type = 'PLATFORM' and organisation_id is null and deployment_id is null) or (scope_type = 'ORGANISATION' and organisation_id is not null and deployment_id is null) or (scope_type = 'DEPLOYMENT' and organisation_id is not null and deployment_id is not null));`,
    );
    this.addSql(
      `alter table "role_assignment" add constraint "role_assignment_scope_type_check" check ("scope_type" in ('PLATFORM', 'ORGANISATION', 'DEPLOYMENT'));`,
    );
    // Audit events are append-only.
    this.addSql(
      `create or replace function "audit_event_audit_event_append_only_fn"() returns trigger as \$\$ begin raise exception 'audit events are append-only' using errcode = 'insufficient_privilege'; end; \$\$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "audit_event_append_only" BEFORE UPDATE OR DELETE on "audit_event" for each ROW execute function "audit_event_audit_event_append_only_fn"();`,
    );

    // The permission catalogue and default roles of packages/shared as they stood when this
    // migration was written. A later change to that data needs a new migration; a test compares them.
    this
      .addSql(`insert into "permission" ("key", "label", "description", "group", "platform_only") values
  ('patient:view', 'View patient data', 'See patient data without identifying details. Every role has it.', 'Patients', false),
  ('patient:view-identifiers', 'View patient identifiers', 'See name, email, date of birth and phone number.', 'Patients', false),
  ('patient:manage', 'Manage patient data', 'Add, invite, resend, revoke and assign patients.', 'Patients', false),
  ('patient:edit', 'Edit patient data', 'Edit a patient profile.', 'Patients', false),
  ('patient:contact', 'Contact patient', 'Message and call patients.', 'Patients', false),
  ('patient:export', 'Export patient data', 'Export patient data as CSV or JSON.', 'Patients', false),
  ('patient:offboard', 'Offboard patient', 'Offboard and reactivate patients.', 'Patients', false),
  ('proxy:invite', 'Invite proxy', 'Invite a helper for a patient.', 'Patients', false),
  ('label:manage', 'Manage labels', 'Create and assign patient labels.', 'Patients', false),
  ('note:manage', 'Manage notes', 'Write and edit notes on patients.', 'Patients', false),
  ('staff:view', 'View staff list', 'See staff members and pending staff invitations.', 'Staff', false),
  ('staff:manage', 'Add and remove staff', 'Invite staff, change their role and remove them.', 'Staff', false),
  ('role:manage', 'Edit roles and permissions', 'Create, edit and delete custom roles.', 'Staff', false),
  ('audit:view', 'View audit log', 'Read the audit log.', 'Staff', false),
  ('deployment:create', 'Create deployments', 'Create deployments in the organisation.', 'Organisation', false),
  ('deployment:configure', 'Configure deployments', 'Rename deployments and change their settings.', 'Organisation', false),
  ('organisation:edit', 'Edit organisation', 'Edit the organisation name, kind, targets and legal links.', 'Organisation', false),
  ('organisation:delete', 'Delete organisation', 'Delete the organisation.', 'Organisation', false),
  ('platform:organisations', 'Manage organisations', 'Create, archive and restore organisations.', 'Platform', true),
  ('apikey:manage', 'Manage API keys', 'Create and revoke organisation API keys.', 'Integrations', false),
  ('webhook:manage', 'Manage webhooks', 'Create and edit webhooks for invitation events.', 'Integrations', false);
insert into "role" ("id", "key", "name", "description", "permissions", "scopes", "grants", "keeper", "created_at", "updated_at") values
  (gen_random_uuid(), 'SUPER_ADMIN', 'Super Admin', 'Everything on the platform, including restoring archived organisations.', array['patient:view', 'patient:view-identifiers', 'patient:manage', 'patient:edit', 'patient:contact', 'patient:export', 'patient:offboard', 'proxy:invite', 'label:manage', 'note:manage', 'staff:view', 'staff:manage', 'role:manage', 'audit:view', 'deployment:create', 'deployment:configure', 'organisation:edit', 'organisation:delete', 'platform:organisations', 'apikey:manage', 'webhook:manage']::text[], array['PLATFORM']::text[], array['SUPER_ADMIN', 'ACCOUNT_MANAGER', 'SUPPORT', 'ORGANISATION_OWNER', 'ORGANISATION_EDITOR', 'ACCESS_CONTROLLER', 'ORGANISATION_STAFF', 'ADMIN', 'DEPLOYMENT_STAFF', 'CONTRIBUTOR', 'CUSTOM']::text[], true, now() + interval '0 millisecond', now()),
  (gen_random_uuid(), 'ACCOUNT_MANAGER', 'Account Manager', 'Creates organisations, invites organisation staff and deployment admins, configures deployments.', array['patient:view', 'staff:view', 'staff:manage', 'audit:view', 'deployment:create', 'deployment:configure', 'organisation:edit', 'platform:organisations']::text[], array['PLATFORM']::text[], array['ORGANISATION_OWNER', 'ORGANISATION_EDITOR', 'ACCESS_CONTROLLER', 'ADMIN']::text[], false, now() + interval '1 millisecond', now()),
  (gen_random_uuid(), 'SUPPORT', 'Support', 'Invites organisation staff and deployment admins, configures deployments, reads everything.', array['patient:view', 'staff:view', 'staff:manage', 'audit:view', 'deployment:configure']::text[], array['PLATFORM']::text[], array['ORGANISATION_OWNER', 'ORGANISATION_EDITOR', 'ACCESS_CONTROLLER', 'ADMIN']::text[], false, now() + interval '2 millisecond', now()),
  (gen_random_uuid(), 'ORGANISATION_OWNER', 'Organisation Owner', 'Everything inside the organisation, including deleting it.', array['patient:view', 'patient:view-identifiers', 'patient:manage', 'patient:edit', 'patient:contact', 'patient:export', 'patient:offboard', 'proxy:invite', 'label:manage', 'note:manage', 'staff:view', 'staff:manage', 'role:manage', 'audit:view', 'deployment:create', 'deployment:configure', 'organisation:edit', 'organisation:delete', 'apikey:manage', 'webhook:manage']::text[], array['ORGANISATION']::text[], array['ORGANISATION_OWNER', 'ORGANISATION_EDITOR', 'ACCESS_CONTROLLER', 'ADMIN']::text[], true, now() + interval '3 millisecond', now()),
  (gen_random_uuid(), 'ORGANISATION_EDITOR', 'Organisation Editor', 'Creates and configures deployments, edits the organisation, invites staff.', array['patient:view', 'staff:view', 'staff:manage', 'audit:view', 'deployment:create', 'deployment:configure', 'organisation:edit']::text[], array['ORGANISATION']::text[], array['ORGANISATION_OWNER', 'ORGANISATION_EDITOR', 'ACCESS_CONTROLLER', 'ADMIN']::text[], false, now() + interval '4 millisecond', now()),
  (gen_random_uuid(), 'ACCESS_CONTROLLER', 'Access Controller', 'Adds and removes staff and manages roles; full patient access.', array['patient:view', 'patient:view-identifiers', 'patient:manage', 'patient:edit', 'patient:contact', 'patient:offboard', 'proxy:invite', 'label:manage', 'staff:view', 'staff:manage', 'role:manage', 'audit:view']::text[], array['ORGANISATION']::text[], array['ORGANISATION_STAFF', 'ACCESS_CONTROLLER', 'DEPLOYMENT_STAFF', 'CUSTOM']::text[], false, now() + interval '5 millisecond', now()),
  (gen_random_uuid(), 'ORGANISATION_STAFF', 'Organisation Staff', 'Views staff and patients across the organisation’s deployments; offboards; manages labels.', array['patient:view', 'patient:offboard', 'label:manage', 'staff:view']::text[], array['ORGANISATION']::text[], array[]::text[], false, now() + interval '6 millisecond', now()),
  (gen_random_uuid(), 'ADMIN', 'Admin', 'Full deployment access: patients, staff and roles.', array['patient:view', 'patient:view-identifiers', 'patient:manage', 'patient:edit', 'patient:contact', 'patient:export', 'patient:offboard', 'proxy:invite', 'label:manage', 'note:manage', 'staff:view', 'staff:manage', 'role:manage', 'audit:view', 'deployment:configure']::text[], array['ORGANISATION', 'DEPLOYMENT']::text[], array['ADMIN', 'CONTRIBUTOR', 'ORGANISATION_STAFF', 'ACCESS_CONTROLLER', 'DEPLOYMENT_STAFF', 'CUSTOM']::text[], true, now() + interval '7 millisecond', now()),
  (gen_random_uuid(), 'DEPLOYMENT_STAFF', 'Deployment Staff', 'Patient work in one deployment: view, identifiers, manage, edit, contact, offboard, invite helpers.', array['patient:view', 'patient:view-identifiers', 'patient:manage', 'patient:edit', 'patient:contact', 'patient:offboard', 'proxy:invite', 'staff:view']::text[], array['DEPLOYMENT']::text[], array[]::text[], false, now() + interval '8 millisecond', now()),
  (gen_random_uuid(), 'CONTRIBUTOR', 'Contributor', 'Views patients and their identifiers and invites helpers.', array['patient:view', 'patient:view-identifiers', 'proxy:invite']::text[], array['DEPLOYMENT']::text[], array[]::text[], false, now() + interval '9 millisecond', now());`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "audit_event_append_only" on "audit_event";`);
    this.addSql(`drop function if exists "audit_event_audit_event_append_only_fn"();`);
    this.addSql(`alter table "deployment" drop constraint "deployment_organisation_id_foreign";`);
    this.addSql(`alter table "role" drop constraint "role_organisation_id_foreign";`);
    this.addSql(
      `alter table "role_assignment" drop constraint "role_assignment_organisation_id_foreign";`,
    );
    this.addSql(
      `alter table "role_assignment" drop constraint "role_assignment_deployment_id_foreign";`,
    );
    this.addSql(`alter table "role_assignment" drop constraint "role_assignment_role_id_foreign";`);
    this.addSql(`alter table "session" drop constraint "session_user_id_foreign";`);
    this.addSql(`alter table "role_assignment" drop constraint "role_assignment_user_id_foreign";`);
    this.addSql(
      `alter table "role_assignment" drop constraint "role_assignment_granted_by_id_foreign";`,
    );

    this.addSql(`drop table if exists "audit_event" cascade;`);
    this.addSql(`drop table if exists "organisation" cascade;`);
    this.addSql(`drop table if exists "deployment" cascade;`);
    this.addSql(`drop table if exists "permission" cascade;`);
    this.addSql(`drop table if exists "role" cascade;`);
    this.addSql(`drop table if exists "app_user" cascade;`);
    this.addSql(`drop table if exists "session" cascade;`);
    this.addSql(`drop table if exists "role_assignment" cascade;`);
  }
}
