import { Migration } from '@mikro-orm/migrations';

/**
 * The reminder job walks invitation_expiry_due (pending invitations by expiry) with a keyset
 * cursor, so its own partial index (pending and not reminded, by expiry) is one index too many
 * on every invitation written.
 */
export class Migration20261204181000_reminders_walk_expiry_index extends Migration {
  override name = 'Migration20261204181000_reminders_walk_expiry_index';

  override up(): void | Promise<void> {
    this.addSql(`drop index "invitation_reminder_due";`);
  }

  override down(): void | Promise<void> {
    this.addSql(
      `create index "invitation_reminder_due" on "invitation" ("expires_at") where "status" = 'PENDING' and "reminded_at" is null;`,
    );
  }
}
