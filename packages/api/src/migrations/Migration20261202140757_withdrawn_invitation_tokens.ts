import { Migration } from '@mikro-orm/migrations';

export class Migration20261202140757_withdrawn_invitation_tokens extends Migration {
  override name = 'Migration20261202140757_withdrawn_invitation_tokens';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "withdrawn_invitation_token" ("token_hash" varchar(64) not null, "organisation_id" uuid not null, "withdrawn_at" timestamptz not null, primary key ("token_hash"));`,
    );
    this.addSql(
      `create index "withdrawn_invitation_token_organisation_id_index" on "withdrawn_invitation_token" ("organisation_id");`,
    );

    this.addSql(
      `alter table "withdrawn_invitation_token" add constraint "withdrawn_invitation_token_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "withdrawn_invitation_token";`);
  }
}
