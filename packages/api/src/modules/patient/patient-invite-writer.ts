import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Sealer } from '../../common/secret.js';
import { runBound } from '../../infra/db/bound.js';
import { OPEN_INVITATION_SQL, writeInvitations } from '../invitation/index.js';
import type { PatientStatus } from './patient.entity.js';

const CHUNK = 1000;

/** One person to invite: a normalised, valid email address, distinct within the call. */
export interface PatientInviteRow {
  address: string;
  firstName: string | null;
  lastName: string | null;
}

export type PatientInviteOutcome =
  | { outcome: 'INVITED'; invitationId: string; message: null }
  | { outcome: 'ALREADY_PENDING'; invitationId: string | null; message: string }
  | { outcome: 'ALREADY_MEMBER'; invitationId: null; message: string };

export interface PatientInviteWrite {
  inviter: { userId: string | null; email: string | null };
  scope: { organisationId: string; deploymentId: string };
  rows: readonly PatientInviteRow[];
  expiryHours: number;
  batchId: string;
  now: Date;
  sealer: Sealer;
  ip: string | null;
}

const PENDING = 'Already invited; you can resend it.';

/**
 * The set-based write behind every email invitation of patients (the chips dialog and the CSV
 * import), so the two cannot drift: in the caller's transaction, per 1,000 addresses, one query
 * finds the patients already known here, one statement inserts the new patients (with their
 * names), then the invitation module's writeInvitations makes their invitations, first deliveries
 * and `invitation.sent` audit rows with their `invitation.created` events. Invited patients whose
 * invitation was revoked or expired get a new one on the same record (names filled in when given).
 * Returns one outcome per address. The caller wakes the delivery worker after commit.
 */
export async function writePatientInvitations(
  tx: EntityManager,
  w: PatientInviteWrite,
): Promise<Map<string, PatientInviteOutcome>> {
  const outcomes = new Map<string, PatientInviteOutcome>();
  const { organisationId, deploymentId } = w.scope;
  for (let i = 0; i < w.rows.length; i += CHUNK) {
    const chunk = w.rows.slice(i, i + CHUNK);
    // Patients already known here: pending ones can be resent, the rest are members.
    const known = await runBound<{
      id: string;
      email: string;
      status: PatientStatus;
      invitation_id: string | null;
    }>(
      tx,
      // Driven by the addresses: one probe of patient_email_per_deployment and one of
      // invitation_patient_pending per address (the lateral joins keep the planner from switching
      // to a scan as the deployment grows), so it costs the same in a deployment of a million patients.
      `select p.id, p.email, p.status, i.id as invitation_id
         from jsonb_array_elements_text(?::jsonb) as a(email)
         cross join lateral (select p.id, p.email, p.status from patient p where p.deployment_id = ?::uuid and p.email = a.email) p
         left join lateral (select i.id from invitation i where i.patient_id = p.id and i.status in ${OPEN_INVITATION_SQL} limit 1) i on true`,
      [JSON.stringify(chunk.map((r) => r.address)), deploymentId],
    );
    const reusable = new Map<string, string>();
    for (const k of known) {
      if (k.status === 'INVITED' && k.invitation_id)
        outcomes.set(k.email, {
          outcome: 'ALREADY_PENDING',
          invitationId: k.invitation_id,
          message: PENDING,
        });
      else if (k.status !== 'INVITED') {
        outcomes.set(k.email, {
          outcome: 'ALREADY_MEMBER',
          invitationId: null,
          message:
            k.status === 'OFFBOARDED'
              ? 'An offboarded patient here; reactivate them instead.'
              : 'Already a patient here.',
        });
      } else reusable.set(k.email, k.id);
    }
    const fresh = chunk
      .filter((r) => !outcomes.has(r.address))
      .map((r) => ({
        ...r,
        patient: reusable.get(r.address) ?? randomUUID(),
      }));
    if (!fresh.length) continue;
    await runBound(
      tx,
      `insert into patient (id, organisation_id, deployment_id, status, channel, email, first_name, last_name, invited_by_id, invited_at, created_at, updated_at)
       select t.patient, ?::uuid, ?::uuid, 'INVITED', 'EMAIL', t.address, t.first_name, t.last_name, ?::uuid, ?::timestamptz, ?::timestamptz, ?::timestamptz
         from jsonb_to_recordset(?::jsonb) as t(patient uuid, address text, first_name text, last_name text)
       on conflict do nothing`,
      [
        organisationId,
        deploymentId,
        w.inviter.userId,
        w.now,
        w.now,
        w.now,
        JSON.stringify(
          fresh
            .filter((r) => !reusable.has(r.address))
            .map((r) => ({
              patient: r.patient,
              address: r.address,
              first_name: r.firstName,
              last_name: r.lastName,
            })),
        ),
      ],
    );
    const renamed = fresh.filter((r) => reusable.has(r.address) && (r.firstName || r.lastName));
    if (renamed.length) {
      await runBound(
        tx,
        `update patient p set first_name = coalesce(t.first_name, p.first_name), last_name = coalesce(t.last_name, p.last_name), updated_at = ?::timestamptz
           from jsonb_to_recordset(?::jsonb) as t(patient uuid, first_name text, last_name text) where p.id = t.patient`,
        [
          w.now,
          JSON.stringify(
            renamed.map((r) => ({
              patient: r.patient,
              first_name: r.firstName,
              last_name: r.lastName,
            })),
          ),
        ],
      );
    }
    const written = await writeInvitations(tx, {
      kind: 'PATIENT',
      channel: 'EMAIL',
      scope: { organisationId, deploymentId },
      inviter: w.inviter,
      expiryHours: w.expiryHours,
      batchId: w.batchId,
      now: w.now,
      sealer: w.sealer,
      ip: w.ip,
      rows: fresh.map((r) => ({ address: r.address, patientId: r.patient })),
      after: { kind: 'PATIENT', channel: 'EMAIL' },
    });
    for (const [k, r] of fresh.entries()) {
      const made = written[k]!;
      outcomes.set(
        r.address,
        made.created
          ? { outcome: 'INVITED', invitationId: made.invitationId, message: null }
          : { outcome: 'ALREADY_PENDING', invitationId: made.invitationId, message: PENDING },
      );
    }
  }
  return outcomes;
}
