import { Migration } from '@mikro-orm/migrations';

export class Migration20261129171000_early_sms_status extends Migration {
  override name = 'Migration20261129171000_early_sms_status';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "early_sms_status" ("provider_id" varchar(64) not null, "status" varchar(40) not null, "error_code" varchar(20) null, "received_at" timestamptz not null, primary key ("provider_id"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "early_sms_status";`);
  }
}
