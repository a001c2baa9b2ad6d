import type { EntityManager } from '@mikro-orm/postgresql';
import type { Channel } from '@porter/shared';
import type { Sealer } from '../../common/secret.js';
import { runBound } from '../../infra/db/bound.js';
import type { DeliveryPurpose } from './delivery.entity.js';

/** One message to queue: for which invitation, by which channel, carrying which raw token. */
export interface DeliveryItem {
  invitationId: string;
  channel: Channel;
  token: string;
}

/**
 * THE insert into invitation_delivery: queued deliveries, due now, each carrying its token
 * sealed for the worker (AES-GCM under the server secret), in one statement with its rows as one
 * JSON bind parameter, in the caller's transaction. Every writer of invitations (staff, patients
 * by email, CSV or SMS, helpers, resends and reminders) queues through here; the caller wakes the
 * delivery job after commit.
 */
export async function queueDeliveries(
  tx: EntityManager,
  sealer: Sealer,
  items: readonly DeliveryItem[],
  purpose: DeliveryPurpose,
  now: Date,
): Promise<void> {
  if (!items.length) return;
  await runBound(
    tx,
    `insert into invitation_delivery (id, invitation_id, purpose, channel, status, sealed_token, attempts, next_attempt_at, created_at)
     select gen_random_uuid(), t.invitation_id, ?::text, t.channel, 'QUEUED', t.sealed, 0, ?::timestamptz, ?::timestamptz
       from jsonb_to_recordset(?::jsonb) as t(invitation_id uuid, channel text, sealed text)`,
    [
      purpose,
      now,
      now,
      JSON.stringify(
        items.map((i) => ({
          invitation_id: i.invitationId,
          channel: i.channel,
          sealed: sealer.seal(i.token),
        })),
      ),
    ],
  );
}
