import { Migration } from '@mikro-orm/migrations';

export class Migration20261129170000_sign_in_failures_by_ip extends Migration {
  override name = 'Migration20261129170000_sign_in_failures_by_ip';

  override up(): void | Promise<void> {
    this.addSql(
      `create index "audit_event_sign_in_failures" on "audit_event" ("ip", "occurred_at") where "action" in ('sign-in.failed', 'sign-in.locked');`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "audit_event_sign_in_failures";`);
  }
}
