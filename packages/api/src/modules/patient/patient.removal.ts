import type { EntityManager } from '@mikro-orm/postgresql';
import { deletePatientInvitations } from '../invitation/index.js';

/**
 * Deletes the patients among `patientIds` who exist only through their invitation (INVITED, no
 * account), with their invitations (the invitation module's deletePatientInvitations, which keeps
 * the links saying "withdrawn") and helpers (on delete cascade).
 */
export async function removeInvitedPatients(
  tx: EntityManager,
  patientIds: readonly string[],
  now: Date,
): Promise<void> {
  if (!patientIds.length) return;
  const conn = tx.getConnection();
  const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
  const doomed = (
    await conn.execute<{ id: string }[]>(
      `select id from patient
        where id in (select (jsonb_array_elements_text(?::jsonb))::uuid)
          and status = 'INVITED' and user_id is null
        for update`,
      [JSON.stringify(patientIds)],
      'all',
      ctx,
    )
  ).map((r) => r.id);
  if (!doomed.length) return;
  await deletePatientInvitations(tx, doomed, now);
  await conn.execute(
    'delete from patient where id in (select (jsonb_array_elements_text(?::jsonb))::uuid)',
    [JSON.stringify(doomed)],
    'run',
    ctx,
  );
}
