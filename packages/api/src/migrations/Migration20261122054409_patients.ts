import { Migration } from '@mikro-orm/migrations';

export class Migration20261122054409_patients extends Migration {
  override name = 'Migration20261122054409_patients';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "patient" ("id" uuid not null, "organisation_id" uuid not null, "deployment_id" uuid not null, "user_id" uuid null, "status" text not null default 'INVITED', "channel" text not null, "first_name" varchar(100) null, "last_name" varchar(100) null, "email" varchar(254) null, "mobile" varchar(20) null, "invited_by_id" uuid null, "invited_at" timestamptz not null, "joined_at" timestamptz null, "offboarded_at" timestamptz null, "offboard_reason" varchar(60) null, "offboard_note" varchar(500) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "patient_list" on "patient" ("deployment_id", "status", "created_at" desc, "id" desc);`,
    );
    this.addSql(
      `create index "patient_deployment_created" on "patient" ("deployment_id", "created_at" desc, "id" desc);`,
    );
    this.addSql(
      `create unique index "patient_email_per_deployment" on "patient" ("deployment_id", "email") where "email" is not null;`,
    );
    this.addSql(
      `create unique index "patient_mobile_per_deployment" on "patient" ("deployment_id", "mobile") where "mobile" is not null;`,
    );

    this.addSql(`alter table "invitation" add "patient_id" uuid null;`);
    this.addSql(
      `alter table "invitation" add constraint "invitation_patient_id_foreign" foreign key ("patient_id") references "patient" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_patient_has_patient" check (kind <> 'PATIENT' or (patient_id is not null and deployment_id is not null));`,
    );

    this.addSql(
      `alter table "patient" add constraint "patient_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "patient" add constraint "patient_deployment_id_foreign" foreign key ("deployment_id") references "deployment" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "patient" add constraint "patient_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "patient" add constraint "patient_invited_by_id_foreign" foreign key ("invited_by_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "patient" add constraint "patient_status_check" check ("status" in ('INVITED', 'ACTIVE', 'OFFBOARDED'));`,
    );
    this.addSql(
      `alter table "patient" add constraint "patient_channel_check" check ("channel" in ('EMAIL', 'SMS', 'LINK'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "invitation" drop constraint "invitation_patient_id_foreign";`);

    this.addSql(`drop table if exists "patient" cascade;`);

    this.addSql(`alter table "invitation" drop constraint "invitation_patient_has_patient";`);
    this.addSql(`alter table "invitation" drop column "patient_id";`);
  }
}
