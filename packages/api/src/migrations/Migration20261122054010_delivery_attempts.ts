import { Migration } from '@mikro-orm/migrations';

export class Migration20261122054010_delivery_attempts extends Migration {
  override name = 'Migration20261122054010_delivery_attempts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "delivery_attempt" ("id" uuid not null, "delivery_id" uuid not null, "attempt" int not null, "outcome" varchar(10) not null, "provider" varchar(40) not null, "provider_id" varchar(200) null, "error" varchar(500) null, "at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "delivery_attempt_delivery_id_index" on "delivery_attempt" ("delivery_id");`,
    );

    this.addSql(
      `alter table "delivery_attempt" add constraint "delivery_attempt_delivery_id_foreign" foreign key ("delivery_id") references "invitation_delivery" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "delivery_attempt" cascade;`);
  }
}
