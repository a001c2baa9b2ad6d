import { randomUUID } from 'node:crypto';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { ERROR_CODES, isValidEmail, normaliseEmail } from '@porter/shared';
import { assertAllowed, type AccessScope, type Refusal, type Viewer } from '../../common/access.js';
import { isRefusal, reachRecords } from '../../common/record-access.js';
import type { Clock } from '../../common/clock.js';
import { BadInputError, NotFoundError } from '../../common/errors.js';
import type { Sealer } from '../../common/secret.js';
import { runBound } from '../../infra/db/bound.js';
import { audit } from '../audit/index.js';
import { invitationLink, queueDeliveries, type DeliveryPurpose } from '../delivery/index.js';
import { isUuid } from '../../common/ids.js';
import { inviteStaffRefusal, resolveScope } from '../organisation/index.js';
import { requireGrant, RoleEntity, toGrantable } from '../role/index.js';
import { InvitationEntity, type InvitationChannel } from './invitation.entity.js';
import {
  invitationFacts,
  resendRefusal,
  retryDeliveryRefusal,
  revokeRefusal,
  type InvitationFacts,
} from './invitation.policy.js';
import { expiryHoursFor, rotateToken, transition, withdraw } from './invitation.lifecycle.js';
import { retryFailedDeliveries } from './invitation.retry.js';
import { writeInvitations } from './invitation.writer.js';
import type { KindHandlers } from './invitation.kinds.js';

export const INVITE_OUTCOMES = [
  'INVITED',
  'ALREADY_PENDING',
  'ALREADY_MEMBER',
  'INVALID',
  'NOT_ALLOWED',
] as const;
export type InviteOutcome = (typeof INVITE_OUTCOMES)[number];
/** At most this many addresses in one call; larger lists are a background import. */
export const MAX_ADDRESSES_PER_CALL = 5000;
const CHUNK = 1000;

export interface InviteResult {
  address: string;
  outcome: InviteOutcome;
  invitationId: string | null;
  message: string | null;
  /** The personal link, returned only when one person is invited (for the confirmation with QR). */
  link: string | null;
}

export interface InviteStaffInput {
  organisationId: string;
  deploymentId?: string | null;
  emails: string[];
  roleId: string;
  expiryHours?: number | null;
}

export type ItemOutcome = {
  invitationId: string;
  ok: boolean;
  code: string | null;
  message: string | null;
};

export interface InvitationDeps {
  em: EntityManager;
  clock: Clock;
  sealer: Sealer;
  appUrl: string;
  /** Wakes the delivery worker after a commit. */
  notifyDelivery(): Promise<void>;
  /** What differs by kind (here: what withdrawing an invitation also removes). */
  kindHandlers: KindHandlers;
}

/**
 * Normalises, validates and collapses repeated addresses, keeping the caller's order. Returns one
 * result per distinct address (INVALID, NOT_ALLOWED for the viewer's own, else INVITED so far)
 * and the INVITED ones by address, for the caller to refine.
 */
export function collectEmailAddresses(emails: readonly string[], ownEmail: string | null) {
  const results: InviteResult[] = [];
  const wanted = new Map<string, InviteResult>();
  const seen = new Set<string>();
  for (const raw of emails) {
    const address = normaliseEmail(raw);
    if (!address || seen.has(address)) continue;
    seen.add(address);
    const refuse = (outcome: 'INVALID' | 'NOT_ALLOWED', message: string) =>
      results.push({ address, outcome, invitationId: null, message, link: null });
    if (!isValidEmail(address)) refuse('INVALID', 'Not a valid email address.');
    else if (address === ownEmail) refuse('NOT_ALLOWED', 'You cannot invite yourself.');
    else {
      const result: InviteResult = {
        address,
        outcome: 'INVITED',
        invitationId: null,
        message: null,
        link: null,
      };
      wanted.set(address, result);
      results.push(result);
    }
  }
  return { results, wanted };
}

/** Staff invitations in bulk; resend, revoke and token rotation; deliveries. Accepting is invitation.accept.ts. */
export class InvitationService {
  constructor(private readonly deps: InvitationDeps) {}

  private get em() {
    return this.deps.em;
  }

  /**
   * Invites many email addresses to one role at one scope, reporting per address (invited,
   * already pending, already member, invalid, not allowed); never all-or-nothing. The viewer must
   * be allowed to give the role there (grant rules, `staff:manage`, no escalation), into a place
   * that is not archived (inviteStaffRefusal, the `viewerCan.inviteStaff` of organisations and
   * deployments). Rows and their first deliveries are written in chunked set-based inserts in one
   * transaction; the email worker is woken after commit. Errors: NOT_FOUND, FORBIDDEN, GRANT_NOT_ALLOWED,
   * ESCALATION_REFUSED, ROLE_SCOPE_NOT_ALLOWED, CONFLICT (archived), BAD_USER_INPUT.
   */
  async inviteStaff(
    viewer: Viewer,
    input: InviteStaffInput,
    ip: string | null,
  ): Promise<{ batchId: string; results: InviteResult[] }> {
    const scope = await resolveScope(this.em, viewer, input.organisationId, input.deploymentId);
    const expiryHours = expiryHoursFor('STAFF', input.expiryHours);
    if (input.emails.length === 0 || input.emails.length > MAX_ADDRESSES_PER_CALL) {
      throw new BadInputError(`Give between 1 and ${MAX_ADDRESSES_PER_CALL} email addresses.`, {
        field: 'emails',
      });
    }
    const role = isUuid(input.roleId)
      ? await this.em.findOne(RoleEntity, { id: input.roleId, deletedAt: null })
      : null;
    if (!role || (role.organisation && role.organisation.id !== input.organisationId))
      throw new NotFoundError('Role', input.roleId);
    requireGrant(viewer, toGrantable(role), scope);
    assertAllowed(inviteStaffRefusal(viewer, scope, await this.archivedPlace(scope)));

    const { results, wanted } = collectEmailAddresses(input.emails, viewer.email);

    const batchId = randomUUID();
    const now = this.deps.clock.now();
    const organisationId = input.organisationId;
    const deploymentId = scope.type === 'DEPLOYMENT' ? scope.deploymentId : null;
    const tokens = new Map<string, string>();

    await this.em.transactional(async (tx) => {
      const addresses = [...wanted.keys()];
      for (let i = 0; i < addresses.length; i += CHUNK) {
        const chunk = addresses.slice(i, i + CHUNK);
        // Members already: a live role at this scope, or at the organisation when inviting to a deployment.
        const members = await runBound<{ email: string }>(
          tx,
          `select distinct u.email from app_user u join role_assignment ra on ra.user_id = u.id and ra.ended_at is null
            where u.email in (select jsonb_array_elements_text(?::jsonb)) and ra.organisation_id = ?::uuid
              and (ra.deployment_id is not distinct from ?::uuid or (ra.scope_type = 'ORGANISATION' and ?::uuid is not null))`,
          [JSON.stringify(chunk), organisationId, deploymentId, deploymentId],
        );
        for (const m of members)
          Object.assign(wanted.get(m.email)!, {
            outcome: 'ALREADY_MEMBER',
            message: 'Already a member here.',
          });

        const fresh = chunk.filter((a) => wanted.get(a)!.outcome === 'INVITED');
        const written = await writeInvitations(tx, {
          kind: 'STAFF',
          channel: 'EMAIL',
          scope: { organisationId, deploymentId },
          roleId: role.id,
          inviter: { userId: viewer.userId, email: viewer.email },
          expiryHours,
          batchId,
          now,
          sealer: this.deps.sealer,
          ip,
          rows: fresh.map((address) => ({ address })),
          after: { role: role.name },
        });
        for (const [k, w] of written.entries()) {
          const result = wanted.get(fresh[k]!)!;
          if (w.created) {
            result.invitationId = w.invitationId;
            tokens.set(result.address, w.token);
          } else {
            Object.assign(result, {
              outcome: 'ALREADY_PENDING',
              invitationId: w.invitationId,
              message: 'Already invited; you can resend it.',
            });
          }
        }
      }
    });

    const invited = results.filter((r) => r.outcome === 'INVITED');
    if (invited.length === 1 && results.length === 1)
      invited[0]!.link = invitationLink(this.deps.appUrl, tokens.get(invited[0]!.address)!);
    if (invited.length) await this.deps.notifyDelivery();
    return { batchId, results };
  }

  /**
   * Sends invitations again: a new token (earlier links stop working) and a fresh expiry of the
   * same length. Per item: NOT_FOUND, FORBIDDEN and the grant codes, INVITATION_ALREADY_USED, INVITATION_REVOKED.
   */
  async resend(viewer: Viewer, invitationIds: string[], ip: string | null): Promise<ItemOutcome[]> {
    const outcomes: ItemOutcome[] = [];
    const now = this.deps.clock.now();
    let queued = 0;
    await this.em.transactional(async (tx) => {
      const resendable = await this.loadManageable(
        tx,
        viewer,
        invitationIds,
        outcomes,
        resendRefusal,
      );
      for (const invitation of resendable) {
        const token = rotateToken(invitation);
        // An expired invitation resent is pending again.
        transition(invitation, 'resend');
        invitation.expiresAt = new Date(now.getTime() + invitation.expiryHours * 3_600_000);
        invitation.remindedAt = null;
        invitation.deliveryStatus = 'QUEUED';
        invitation.deliveryError = null;
        await this.queueDeliveries(
          tx,
          [{ invitationId: invitation.id, token }],
          'INVITATION',
          now,
          invitation.channel,
        );
        this.auditOne(tx, viewer, 'invitation.resent', invitation, ip);
        outcomes.push({ invitationId: invitation.id, ok: true, code: null, message: null });
        queued++;
      }
    });
    if (queued) await this.deps.notifyDelivery();
    return this.inOrder(invitationIds, outcomes);
  }

  /**
   * Sends failed messages again with the links they carried (no new token, no new expiry): for
   * invitations the viewer may resend that are pending, unexpired and whose latest message FAILED
   * (invitation.retry.ts). Per item: NOT_FOUND, FORBIDDEN and the grant codes,
   * INVITATION_ALREADY_USED, INVITATION_REVOKED, INVITATION_EXPIRED, CONFLICT (not failed),
   * NO_TOKEN (no link kept to send again: resend it instead).
   */
  async retryDeliveries(
    viewer: Viewer,
    invitationIds: string[],
    ip: string | null,
  ): Promise<ItemOutcome[]> {
    const outcomes: ItemOutcome[] = [];
    const now = this.deps.clock.now();
    let queued = 0;
    await this.em.transactional(async (tx) => {
      const retryable = await this.loadManageable(tx, viewer, invitationIds, outcomes, (v, i) =>
        retryDeliveryRefusal(v, i, now),
      );
      const { retried } = await retryFailedDeliveries(
        tx,
        { invitationIds: retryable.map((i) => i.id) },
        now,
        { actor: { id: viewer.userId, email: viewer.email }, ip },
      );
      const done = new Set(retried);
      for (const { id } of retryable)
        outcomes.push(
          done.has(id)
            ? { invitationId: id, ok: true, code: null, message: null }
            : { invitationId: id, ok: false, code: 'NO_TOKEN', message: ERROR_CODES.NO_TOKEN },
        );
      queued = retried.length;
    });
    if (queued) await this.deps.notifyDelivery();
    return this.inOrder(invitationIds, outcomes);
  }

  /**
   * Withdraws invitations: their links stop working at once and queued emails are skipped. A
   * patient who exists only through a withdrawn invitation (invited, never joined) is removed with
   * it, as deleting the invitation does: no "pending" patient is left with nothing to resend.
   */
  async revoke(viewer: Viewer, invitationIds: string[], ip: string | null): Promise<ItemOutcome[]> {
    const outcomes: ItemOutcome[] = [];
    await this.em.transactional(async (tx) => {
      const revocable = await this.loadManageable(
        tx,
        viewer,
        invitationIds,
        outcomes,
        revokeRefusal,
      );
      for (const invitation of revocable) {
        if (withdraw(invitation, this.deps.clock.now()))
          this.auditOne(tx, viewer, 'invitation.revoked', invitation, ip);
        outcomes.push({ invitationId: invitation.id, ok: true, code: null, message: null });
      }
      await tx.flush();
      for (const kind of ['STAFF', 'PATIENT', 'PROXY'] as const) {
        const withdrawn = revocable.filter((i) => i.kind === kind);
        if (withdrawn.length)
          await this.deps.kindHandlers[kind].withdrawn?.(tx, withdrawn, this.deps.clock.now());
      }
    });
    return this.inOrder(invitationIds, outcomes);
  }

  /** Queues deliveries carrying sealed tokens, all by one channel (delivery's queueDeliveries). */
  private async queueDeliveries(
    tx: EntityManager,
    items: { invitationId: string; token: string }[],
    purpose: DeliveryPurpose,
    now: Date,
    channel: InvitationChannel = 'EMAIL',
  ) {
    await queueDeliveries(
      tx,
      this.deps.sealer,
      items.map((i) => ({ ...i, channel })),
      purpose,
      now,
    );
  }

  /** Whether an organisation, or the deployment of a deployment scope, is archived. */
  private async archivedPlace(scope: AccessScope): Promise<boolean> {
    if (scope.type === 'PLATFORM') return false;
    const [row] = await this.em.getConnection().execute<{ archived: boolean }[]>(
      `select o.archived_at is not null or coalesce(d.status = 'ARCHIVED', false) as archived
         from organisation o left join deployment d on d.id = ?::uuid where o.id = ?`,
      [scope.type === 'DEPLOYMENT' ? scope.deploymentId : null, scope.organisationId],
      'all',
      this.em.getTransactionContext(),
    );
    return Boolean(row?.archived);
  }

  /**
   * The invitations among `ids` the viewer may act on as `policy` says (one locked query); every
   * other id gets its refusal (NOT_FOUND for unknown, foreign or archived) in `outcomes`.
   */
  private async loadManageable(
    tx: EntityManager,
    viewer: Viewer,
    ids: string[],
    outcomes: ItemOutcome[],
    policy: (viewer: Viewer, facts: InvitationFacts) => Refusal | null,
  ): Promise<InvitationEntity[]> {
    if (ids.length === 0 || ids.length > 1000)
      throw new BadInputError('Give between 1 and 1000 invitations.', { field: 'invitationIds' });
    const reached = await reachRecords(tx, viewer, InvitationEntity, ids, {
      what: 'Invitation',
      where: { kind: { $in: ['STAFF', 'PATIENT'] } },
      populate: ['role', 'deployment'],
      lockMode: LockMode.PESSIMISTIC_WRITE,
      archivedAs: 'record',
      check: (invitation) => policy(viewer, invitationFacts(invitation)),
    });
    const usable: InvitationEntity[] = [];
    for (const [id, outcome] of reached) {
      if (isRefusal(outcome))
        outcomes.push({
          invitationId: id,
          ok: false,
          code: outcome.code,
          message: outcome.message,
        });
      else usable.push(outcome.record);
    }
    return usable;
  }

  private inOrder(ids: string[], outcomes: ItemOutcome[]): ItemOutcome[] {
    return [...new Set(ids)].map((id) => outcomes.find((o) => o.invitationId === id)!);
  }

  private auditOne(
    tx: EntityManager,
    viewer: Viewer,
    action: 'invitation.resent' | 'invitation.revoked',
    invitation: InvitationEntity,
    ip: string | null,
  ) {
    audit(tx, this.deps.clock, {
      action,
      actor: { id: viewer.userId, email: viewer.email },
      organisationId: invitation.organisation.id,
      deploymentId: invitation.deployment?.id ?? null,
      target: { type: 'Invitation', id: invitation.id, label: invitation.address },
      after: { role: invitation.role?.name ?? null, expiresAt: invitation.expiresAt.toISOString() },
      ip,
    });
  }
}

/**
 * Deletes the invitations held for `patientIds` (a patient's own and its helpers'), their
 * deliveries going with them, for a patient being removed (the patient module's
 * removeInvitedPatients). The token hashes of those invitations, current and replaced, are kept
 * first, so their links say the invitation was withdrawn rather than "not found".
 */
export async function deletePatientInvitations(
  tx: EntityManager,
  patientIds: readonly string[],
  now: Date,
): Promise<void> {
  if (!patientIds.length) return;
  const conn = tx.getConnection();
  const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
  const ids = JSON.stringify(patientIds);
  const held = `select (jsonb_array_elements_text(?::jsonb))::uuid`;
  await conn.execute(
    `insert into withdrawn_invitation_token (token_hash, organisation_id, withdrawn_at)
     select distinct h.hash, i.organisation_id, ?::timestamptz
       from invitation i cross join lateral unnest(i.replaced_token_hashes || i.token_hash::text) as h(hash)
      where i.patient_id in (${held})
     on conflict (token_hash) do nothing`,
    [now, ids],
    'run',
    ctx,
  );
  await conn.execute(`delete from invitation where patient_id in (${held})`, [ids], 'run', ctx);
}
