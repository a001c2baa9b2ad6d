import { Migration } from '@mikro-orm/migrations';

export class Migration20261129161742_staff_invite_links extends Migration {
  override name = 'Migration20261129161742_staff_invite_links';

  override up(): void | Promise<void> {
    this.addSql(
      `create index "invite_link_staff_scope" on "invite_link" ("organisation_id", "deployment_id", "created_at" desc, "id" desc) where "kind" = 'STAFF';`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "invite_link_staff_scope";`);
  }
}
