import { Migration } from '@mikro-orm/migrations';

export class Migration20261122045824_custom_roles extends Migration {
  override name = 'Migration20261122045824_custom_roles';

  override up(): void | Promise<void> {
    this.addSql(`alter table "role" add "deleted_at" timestamptz null;`);
    this.addSql(
      `create unique index "role_name_per_organisation" on "role" ("organisation_id", lower("name")) where "organisation_id" is not null and "deleted_at" is null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "role_name_per_organisation";`);
    this.addSql(`alter table "role" drop column "deleted_at";`);
  }
}
