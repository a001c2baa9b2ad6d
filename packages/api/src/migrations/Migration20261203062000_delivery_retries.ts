import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 12: deliveries retry transient failures for a window from their first attempt, are
 * SENDING while a worker holds them, wait in RETRY after a transient failure, and keep the
 * provider's code and the failure's class; attempts record their classification and code.
 */
export class Migration20261203062000_delivery_retries extends Migration {
  override name = 'Migration20261203062000_delivery_retries';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "invitation_delivery" add "first_attempt_at" timestamptz null, add "last_attempt_at" timestamptz null, add "error_code" varchar(40) null, add "failure" text null;`,
    );
    this.addSql(
      `alter table "invitation_delivery" add constraint "invitation_delivery_failure_check" check ("failure" in ('OUTAGE', 'TRANSIENT', 'PERMANENT'));`,
    );
    this.addSql(
      `alter table "invitation_delivery" drop constraint "invitation_delivery_status_check";`,
    );
    this.addSql(
      `alter table "invitation_delivery" add constraint "invitation_delivery_status_check" check ("status" in ('QUEUED', 'SENDING', 'SENT', 'RETRY', 'FAILED', 'SKIPPED'));`,
    );
    // A queued row that had failed before is waiting out a retry.
    this.addSql(
      `update "invitation_delivery" set "status" = 'RETRY', "failure" = 'TRANSIENT', "first_attempt_at" = "created_at" where "status" = 'QUEUED' and "attempts" > 0;`,
    );
    this.addSql(`drop index "invitation_delivery_due";`);
    this.addSql(
      `create index "invitation_delivery_due" on "invitation_delivery" ("next_attempt_at") where "status" in ('QUEUED', 'SENDING', 'RETRY');`,
    );
    this.addSql(
      `alter table "delivery_attempt" add "classification" varchar(10) null, add "code" varchar(40) null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "delivery_attempt" drop column "classification", drop column "code";`);
    this.addSql(`drop index "invitation_delivery_due";`);
    this.addSql(
      `update "invitation_delivery" set "status" = 'QUEUED' where "status" in ('SENDING', 'RETRY');`,
    );
    this.addSql(
      `alter table "invitation_delivery" drop constraint "invitation_delivery_status_check";`,
    );
    this.addSql(
      `alter table "invitation_delivery" add constraint "invitation_delivery_status_check" check ("status" in ('QUEUED', 'SENT', 'FAILED', 'SKIPPED'));`,
    );
    this.addSql(
      `create index "invitation_delivery_due" on "invitation_delivery" ("next_attempt_at") where "status" = 'QUEUED';`,
    );
    this.addSql(
      `alter table "invitation_delivery" drop constraint "invitation_delivery_failure_check", drop column "first_attempt_at", drop column "last_attempt_at", drop column "error_code", drop column "failure";`,
    );
  }
}
