import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditAction } from '@porter/shared';
import type { Sealer } from '../../common/secret.js';
import { runBound } from '../../infra/db/bound.js';
import { hashToken, newToken } from '../auth/index.js';
import { queueDeliveries } from '../delivery/index.js';
import { appendEvents } from '../event/index.js';
import type { InvitationChannel, InvitationKind } from './invitation.entity.js';
import { fromSql, OPEN_SQL, toSql } from './invitation.lifecycle.js';

const CHUNK = 1000;

/** One invitation to create: its address (normalised) and, for a patient or helper, whose it is. */
export interface NewInvitation {
  address: string;
  /** The patient a PATIENT or PROXY invitation is for; none for STAFF. */
  patientId?: string | null;
  fullName?: string | null;
  /** The audit row's target and the event's subject when it is not the invitation (a helper's id). */
  subjectId?: string;
  /** Details of this row's audit `after`, besides the write's own. */
  after?: Record<string, unknown>;
}

/** Invitations of one kind, channel and scope, made by one person in one call. */
export interface InvitationsWrite {
  kind: InvitationKind;
  channel: InvitationChannel;
  scope: { organisationId: string; deploymentId: string | null };
  /** The role a STAFF invitation gives. */
  roleId?: string | null;
  inviter: { userId: string | null; email: string | null };
  expiryHours: number;
  batchId: string;
  now: Date;
  sealer: Sealer;
  ip: string | null;
  rows: readonly NewInvitation[];
  /**
   * What each new invitation's audit row (and its event) is: `invitation.sent` on the invitation
   * unless said otherwise (a helper's `helper.invited` on the helper).
   */
  audit?: { action: AuditAction; subjectType: string };
  /** The audit row's `after`; `expiresAt` is added. */
  after: Record<string, unknown>;
}

/** What became of one row: a new invitation and its token, or the open one holding its address. */
export type WrittenInvitation =
  | { created: true; invitationId: string; token: string }
  /** `invitationId` null when the invitation that held the address was gone by the time we looked. */
  | { created: false; invitationId: string | null };

/**
 * THE insert into `invitation`, for every kind and channel: per 1,000 rows, in the caller's
 * transaction, one statement inserts the invitations (a new token each, only its hash kept), one
 * queues their first deliveries (delivery's queueDeliveries) and one appends their audit rows
 * with the `invitation.created` events (event's appendEvents). ON CONFLICT DO NOTHING keeps the
 * unique index's rule, one open invitation per address, kind, scope and patient, even against a
 * racing call; a row that conflicts is reported with the open invitation's id. Returns one result
 * per row, in order. Patient and helper rows are the caller's, written before (an invitation's
 * patient must exist) or after (a helper points at its invitation). The caller wakes the delivery
 * job after commit.
 */
export async function writeInvitations(
  tx: EntityManager,
  w: InvitationsWrite,
): Promise<WrittenInvitation[]> {
  const results: WrittenInvitation[] = [];
  const { organisationId, deploymentId } = w.scope;
  const expiresAt = new Date(w.now.getTime() + w.expiryHours * 3_600_000);
  const audit = w.audit ?? { action: 'invitation.sent', subjectType: 'Invitation' };
  for (let i = 0; i < w.rows.length; i += CHUNK) {
    const chunk = w.rows.slice(i, i + CHUNK).map((row) => ({
      ...row,
      id: randomUUID(),
      token: newToken(),
    }));
    const inserted = await runBound<{ id: string }>(
      tx,
      `insert into invitation (id, kind, channel, address, full_name, organisation_id, deployment_id, role_id, patient_id, token_hash, replaced_token_hashes,
                               status, expiry_hours, expires_at, invited_by_id, batch_id, sent_count, delivery_status, created_at, updated_at)
       select t.id, ?::text, ?::text, t.address, t.full_name, ?::uuid, ?::uuid, ?::uuid, t.patient, t.hash, '{}', 'PENDING', ?::int, ?::timestamptz, ?::uuid, ?::uuid, 0, 'QUEUED', ?::timestamptz, ?::timestamptz
         from jsonb_to_recordset(?::jsonb) as t(id uuid, address text, full_name text, patient uuid, hash text)
       on conflict do nothing
       returning id`,
      [
        w.kind,
        w.channel,
        organisationId,
        deploymentId,
        w.roleId ?? null,
        w.expiryHours,
        expiresAt,
        w.inviter.userId,
        w.batchId,
        w.now,
        w.now,
        // Absent keys read as null, so a staff row carries only its address and hash.
        JSON.stringify(
          chunk.map((r) => ({
            id: r.id,
            address: r.address,
            full_name: r.fullName ?? undefined,
            patient: r.patientId ?? undefined,
            hash: hashToken(r.token),
          })),
        ),
      ],
    );
    const made = new Set(inserted.map((r) => r.id));
    const held =
      made.size < chunk.length ? await openHolders(tx, w, chunk, made) : new Map<number, string>();
    for (const [k, r] of chunk.entries()) {
      results.push(
        made.has(r.id)
          ? { created: true, invitationId: r.id, token: r.token }
          : { created: false, invitationId: held.get(k) ?? null },
      );
    }
    const sent = chunk.filter((r) => made.has(r.id));
    if (!sent.length) continue;
    await queueDeliveries(
      tx,
      w.sealer,
      sent.map((r) => ({ invitationId: r.id, channel: w.channel, token: r.token })),
      'INVITATION',
      w.now,
    );
    await appendEvents(tx, {
      audit: { action: audit.action, ip: w.ip },
      occurredAt: w.now,
      actor: { id: w.inviter.userId, email: w.inviter.email },
      subjectType: audit.subjectType,
      shared: { ...w.after, expiresAt: expiresAt.toISOString() },
      scope: { organisationId, deploymentId },
      rows: sent.map((r) => ({
        subjectId: r.subjectId ?? r.id,
        label: r.address,
        after: r.after ?? null,
      })),
    });
  }
  return results;
}

/**
 * The open invitations that kept rows of a chunk out, by the row's place in the chunk: the same
 * key as the unique index (organisation, deployment, kind, address, patient), probed per row.
 */
async function openHolders(
  tx: EntityManager,
  w: InvitationsWrite,
  chunk: readonly (NewInvitation & { id: string })[],
  made: ReadonlySet<string>,
): Promise<Map<number, string>> {
  const conflicted = [...chunk.entries()]
    .filter(([, r]) => !made.has(r.id))
    .map(([k, r]) => ({ k, address: r.address, patient: r.patientId ?? undefined }));
  // Equalities only (no IS NOT DISTINCT FROM), so each probe is an index lookup.
  const deployment = w.scope.deploymentId ? 'i.deployment_id = ?::uuid' : 'i.deployment_id is null';
  const patient = w.kind === 'STAFF' ? 'i.patient_id is null' : 'i.patient_id = t.patient';
  const rows = await runBound<{ k: number; id: string }>(
    tx,
    `select t.k, i.id from jsonb_to_recordset(?::jsonb) as t(k int, address text, patient uuid)
       cross join lateral (select i.id from invitation i
          where i.organisation_id = ?::uuid and ${deployment} and i.kind = ?::text and i.address = t.address
            and ${patient} and i.status in ${OPEN_SQL} limit 1) i`,
    [
      JSON.stringify(conflicted),
      w.scope.organisationId,
      ...(w.scope.deploymentId ? [w.scope.deploymentId] : []),
      w.kind,
    ],
  );
  return new Map(rows.map((r) => [r.k, r.id]));
}

/** Which open invitations to withdraw: by id, or every one of a patient. */
export type RevokeWhich = { ids: readonly string[] } | { patientId: string };

/**
 * Withdraws the open invitations chosen, set-based in the caller's transaction: REVOKED by the
 * lifecycle's `revoke` transition (their links stop working; queued messages are skipped), with
 * one `invitation.revoked` audit row and event each, saying why in `after`. Those already used or
 * withdrawn stay as they are. Returns the ids withdrawn.
 */
export async function revokeInvitations(
  tx: EntityManager,
  w: {
    which: RevokeWhich;
    now: Date;
    actor: { id: string | null; email: string | null };
    ip: string | null;
    after: Record<string, unknown>;
  },
): Promise<string[]> {
  const [where, key] =
    'ids' in w.which
      ? ['id in (select (jsonb_array_elements_text(?::jsonb))::uuid)', JSON.stringify(w.which.ids)]
      : ['patient_id = ?::uuid', w.which.patientId];
  const withdrawn = await runBound<{
    id: string;
    organisation_id: string;
    deployment_id: string | null;
    address: string;
  }>(
    tx,
    `update invitation set status = ${toSql('revoke')}, revoked_at = ?::timestamptz, updated_at = ?::timestamptz
      where ${where} and status in ${fromSql('revoke')}
     returning id, organisation_id, deployment_id, address`,
    [w.now, w.now, key],
  );
  await appendEvents(tx, {
    audit: { action: 'invitation.revoked', ip: w.ip },
    occurredAt: w.now,
    actor: w.actor,
    subjectType: 'Invitation',
    shared: w.after,
    rows: withdrawn.map((i) => ({
      organisationId: i.organisation_id,
      deploymentId: i.deployment_id,
      subjectId: i.id,
      label: i.address,
    })),
  });
  return withdrawn.map((i) => i.id);
}
