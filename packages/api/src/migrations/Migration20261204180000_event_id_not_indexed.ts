import { Migration } from '@mikro-orm/migrations';

/**
 * Event ids are random (gen_random_uuid) and nothing looks an event up by id: readers page by
 * `position`, the primary key. The unique index on `id` cost one random B-tree insert per event,
 * the largest part of what the event stream added to bulk invitations, imports and reminders.
 */
export class Migration20261204180000_event_id_not_indexed extends Migration {
  override name = 'Migration20261204180000_event_id_not_indexed';

  override up(): void | Promise<void> {
    this.addSql(`alter table "event" drop constraint "event_id_unique";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "event" add constraint "event_id_unique" unique ("id");`);
  }
}
