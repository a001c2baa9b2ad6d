import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/postgresql';
import { OFFBOARD_REASONS } from '@porter/shared';
import { access, assertAllowed, type AccessScope, type Viewer } from '../../common/access.js';
import { BadInputError } from '../../common/errors.js';
import { isRefusal, reachRecord, reachRecords } from '../../common/record-access.js';
import { decodeCursor, toConnection } from '../../common/pagination.js';
import { audit } from '../audit/index.js';
import type { DeploymentSettings } from '../deployment/index.js';
import {
  InvitationEntity,
  OPEN_INVITATION_SQL,
  deletePatientInvitationRefusal,
  expiryHoursFor,
  withdraw,
  collectEmailAddresses,
  MAX_ADDRESSES_PER_CALL,
  type InvitationDeps,
  type InviteResult,
  type ItemOutcome,
} from '../invitation/index.js';
import { escapeLike, isUuid } from '../../common/ids.js';
import { resolveDeploymentScope } from '../organisation/index.js';
import { PatientEntity, type PatientStatus, type PatientType } from './patient.entity.js';
import { helpersOf } from './patient-helper.service.js';
import {
  offboardRefusal,
  patientViewerCan,
  reactivateRefusal,
  type PatientFacts,
} from './patient.policy.js';
import { toPatient, type PendingInvitationRow } from './patient.types.js';
import { writePatientInvitations } from './patient-invite-writer.js';
import { removeInvitedPatients } from './patient.removal.js';
import { scopeOf } from '../../common/places.js';

const TYPE_STATUS: Record<Exclude<PatientType, 'ALL'>, PatientStatus> = {
  ACTIVE: 'ACTIVE',
  PENDING: 'INVITED',
  OFFBOARDED: 'OFFBOARDED',
};

export interface PatientListInput {
  organisationId: string;
  deploymentId: string;
  type?: PatientType | null;
  search?: string | null;
  first: number;
  after?: string | null;
}

export interface InvitePatientsInput {
  organisationId: string;
  deploymentId: string;
  emails: string[];
  expiryHours?: number | null;
}

/** Patients of a deployment: the list, email invitations, offboarding and reactivation. */
export class PatientService {
  constructor(private readonly deps: InvitationDeps) {}

  private get em() {
    return this.deps.em;
  }

  /** A deployment scope the viewer may enter; NOT_FOUND otherwise. */
  async deploymentScope(
    viewer: Viewer,
    organisationId: string,
    deploymentId: string,
  ): Promise<AccessScope & { type: 'DEPLOYMENT' }> {
    return resolveDeploymentScope(this.em, viewer, organisationId, deploymentId);
  }

  /**
   * The patients of a deployment, newest first, filtered by "Patient type". Needs `patient:view`;
   * names, emails and phone numbers (and searching by them) need `patient:view-identifiers`.
   */
  async list(viewer: Viewer, input: PatientListInput) {
    const scope = await this.deploymentScope(viewer, input.organisationId, input.deploymentId);
    access.require(viewer, 'patient:view', scope);
    const identifiers = access.can(viewer, 'patient:view-identifiers', scope);
    // One plain statement, no query builder or entities: this runs on every page of the list,
    // and building and hydrating through the ORM cost more than the query (bench/patient-list.ts).
    const where = ['deployment_id = ?'];
    const params: unknown[] = [scope.deploymentId];
    if (input.type && input.type !== 'ALL') {
      where.push('status = ?');
      params.push(TYPE_STATUS[input.type]);
    }
    const term = input.search?.trim();
    if (term) {
      if (identifiers) {
        const like = `%${escapeLike(term.toLowerCase())}%`;
        where.push('(email ilike ? or mobile ilike ? or first_name ilike ? or last_name ilike ?)');
        params.push(like, like, like, like);
      } else if (isUuid(term)) {
        where.push('id = ?');
        params.push(term);
      } else {
        throw new BadInputError(
          'Without access to identifiers you can search by patient id only.',
          { field: 'search' },
        );
      }
    }
    if (input.after) {
      const [at, id] = decodeCursor(input.after, 2) as [string, string];
      const date = new Date(at);
      if (Number.isNaN(date.getTime()) || !isUuid(id))
        throw new BadInputError('This cursor is not one this list gave.', { field: 'after' });
      // The redundant `created_at <= date` is what lets the keyset start inside the index (patient_list)
      // instead of filtering every earlier row: deep pages cost the same as the first.
      where.push('created_at <= ? and (created_at < ? or (created_at = ? and id < ?))');
      params.push(date, date, date, id);
    }
    params.push(input.first + 1, scope.deploymentId);
    const raw = await this.em.getConnection().execute<PatientRowSql[]>(
      // The page on patient_list, then for each invited patient its pending invitation (on
      // invitation_patient_pending) and inviter's name, in the same round trip.
      `select p.*, i.id as i_id, i.channel as i_channel, i.address as i_address, i.status as i_status, i.expiry_hours as i_expiry_hours,
              i.expires_at as i_expires_at, i.created_at as i_created_at, i.last_sent_at as i_last_sent_at, i.sent_count as i_sent_count,
              i.reminded_at as i_reminded_at, i.delivery_status as i_delivery_status, i.delivery_error as i_delivery_error,
              i.inviter_id as i_inviter_id, i.inviter_name as i_inviter_name,
              exists (select 1 from patient_helper h where h.patient_id = p.id) as has_helpers, d.d_settings
         from (select id, status, channel, first_name, last_name, email, mobile, invited_at, joined_at, offboarded_at, offboard_reason, offboard_note, created_at
                 from patient where ${where.join(' and ')}
                order by created_at desc, id desc limit ?) p
         left join lateral (
               select i.*, u.id as inviter_id, u.full_name as inviter_name
                 from invitation i left join app_user u on u.id = i.invited_by_id
                where p.status = 'INVITED' and i.patient_id = p.id and i.status in ${OPEN_INVITATION_SQL} and i.kind = 'PATIENT'
                limit 1) i on true
        cross join (select settings as d_settings from deployment where id = ?) d
        order by p.created_at desc, p.id desc`,
      params,
      'all',
      this.em.getTransactionContext(),
    );
    const rows = raw.map(patientFromRow);
    const page = rows.slice(0, input.first);
    const ids = page.map((r) => r.id);
    const pending = new Map(raw.filter((r) => r.i_id).map((r) => [r.id, invitationFromRow(r)]));
    // Most pages have no helpers at all: then there is nothing more to read.
    const helpers = await helpersOf(
      this.em,
      raw.filter((r) => r.has_helpers && ids.includes(r.id)).map((r) => r.id),
      identifiers,
    );
    // MikroORM's driver hands json columns over as text.
    const rawSettings = raw[0]?.d_settings ?? {};
    const settings: DeploymentSettings =
      typeof rawSettings === 'string'
        ? (JSON.parse(rawSettings) as DeploymentSettings)
        : rawSettings;
    const now = this.deps.clock.now();
    return toConnection(
      rows,
      input.first,
      (r) => [r.createdAt.toISOString(), r.id],
      (r) => {
        const invitation = pending.get(r.id) ?? null;
        return toPatient(
          r,
          identifiers,
          invitation,
          patientViewerCan(viewer, { status: r.status, scope, settings, invitation }, now),
          now,
          {
            remindersEnabled: settings.remindersEnabled !== false,
            helpers: helpers.get(r.id) ?? [],
          },
        );
      },
    );
  }

  /**
   * Invites patients by email to a deployment, one outcome per address: INVITED, ALREADY_PENDING
   * (a pending invitation exists: resend it), ALREADY_MEMBER (an active or offboarded patient),
   * INVALID. Needs `patient:manage`. Set-based writes in one transaction; email after commit.
   */
  async inviteByEmail(
    viewer: Viewer,
    input: InvitePatientsInput,
    ip: string | null,
  ): Promise<{ batchId: string; results: InviteResult[] }> {
    const scope = await this.deploymentScope(viewer, input.organisationId, input.deploymentId);
    access.require(viewer, 'patient:manage', scope);
    const expiryHours = expiryHoursFor('PATIENT', input.expiryHours);
    if (input.emails.length === 0 || input.emails.length > MAX_ADDRESSES_PER_CALL) {
      throw new BadInputError(`Give between 1 and ${MAX_ADDRESSES_PER_CALL} email addresses.`, {
        field: 'emails',
      });
    }
    // Patients are never the inviting staff member, so no address is refused as "yourself".
    const { results, wanted } = collectEmailAddresses(input.emails, null);

    const batchId = randomUUID();
    const now = this.deps.clock.now();
    const rows = [...wanted.keys()].map((address) => ({
      address,
      firstName: null,
      lastName: null,
    }));
    const outcomes = await this.em.transactional((tx) =>
      writePatientInvitations(tx, {
        inviter: { userId: viewer.userId, email: viewer.email },
        scope,
        rows,
        expiryHours,
        batchId,
        now,
        sealer: this.deps.sealer,
        ip,
      }),
    );
    for (const [address, outcome] of outcomes) Object.assign(wanted.get(address)!, outcome);
    if (results.some((r) => r.outcome === 'INVITED')) await this.deps.notifyDelivery();
    return { batchId, results };
  }

  /**
   * Deletes patient invitations, one outcome per id: the invitation is withdrawn (its link stops
   * working at once) and, when the patient never joined (INVITED, no account), the patient record
   * goes too, with its invitations, queued messages and helpers. The audit trail keeps an
   * `invitation.deleted` event per item. Needs `patient:manage`. Per item: NOT_FOUND, FORBIDDEN,
   * INVITATION_ALREADY_USED.
   */
  async deleteInvitations(
    viewer: Viewer,
    invitationIds: string[],
    ip: string | null,
  ): Promise<ItemOutcome[]> {
    if (invitationIds.length === 0 || invitationIds.length > 1000)
      throw new BadInputError('Give between 1 and 1000 invitations.', { field: 'invitationIds' });
    const ids = [...new Set(invitationIds)];
    const outcomes = new Map<string, ItemOutcome>();
    const refuse = (id: string, code: string, message: string) =>
      outcomes.set(id, { invitationId: id, ok: false, code, message });
    const now = this.deps.clock.now();
    await this.em.transactional(async (tx) => {
      const reached = await reachRecords(tx, viewer, InvitationEntity, ids, {
        what: 'Invitation',
        where: { kind: 'PATIENT' },
        populate: ['patient'],
        lockMode: LockMode.PESSIMISTIC_WRITE,
        archivedAs: 'record',
        scope: (invitation) => (invitation.deployment ? scopeOf(invitation) : null),
        check: (invitation, scope) =>
          deletePatientInvitationRefusal(viewer, { status: invitation.status, scope }),
      });
      const doomed: string[] = [];
      for (const [id, outcome] of reached) {
        if (isRefusal(outcome)) {
          refuse(id, outcome.code, outcome.message);
          continue;
        }
        const invitation = outcome.record;
        const { organisationId, deploymentId } = outcome.scope as AccessScope & {
          type: 'DEPLOYMENT';
        };
        const patient = invitation.patient!;
        const removePatient = patient.status === 'INVITED' && !patient.user;
        // Deleting a withdrawn invitation again keeps it withdrawn, as it was.
        withdraw(invitation, now);
        if (removePatient) doomed.push(patient.id);
        audit(tx, this.deps.clock, {
          action: 'invitation.deleted',
          actor: { id: viewer.userId, email: viewer.email },
          organisationId,
          deploymentId,
          target: { type: 'Invitation', id: invitation.id, label: invitation.address },
          before: {
            patientId: patient.id,
            channel: invitation.channel,
            expiresAt: invitation.expiresAt.toISOString(),
          },
          after: { patientDeleted: removePatient },
          ip,
        });
        outcomes.set(id, { invitationId: id, ok: true, code: null, message: null });
      }
      await tx.flush();
      // Invitations, deliveries and helpers of a deleted patient go with it; its links say withdrawn.
      await removeInvitedPatients(tx, doomed, now);
    });
    return ids.map((id) => outcomes.get(id)!);
  }

  /**
   * Stops monitoring an active patient, with a reason from the list (OTHER needs a note). Needs
   * `patient:offboard` and the deployment's offboarding setting on. Audited.
   * Errors: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT, CONFLICT (not active, or offboarding off).
   */
  async offboard(
    viewer: Viewer,
    patientId: string,
    reason: string,
    note: string | null,
    ip: string | null,
  ): Promise<PatientEntity> {
    const { patient, facts } = await this.loadForOffboarding(viewer, patientId);
    assertAllowed(offboardRefusal(viewer, facts));
    if (!OFFBOARD_REASONS.some((r) => r.key === reason))
      throw new BadInputError('Choose a reason from the list.', { field: 'reason' });
    const cleanNote = note?.trim() || null;
    if (reason === 'OTHER' && !cleanNote)
      throw new BadInputError('Say why, for “Other reason”.', { field: 'note' });
    patient.status = 'OFFBOARDED';
    patient.offboardedAt = this.deps.clock.now();
    patient.offboardReason = reason;
    patient.offboardNote = cleanNote;
    this.auditPatient(viewer, 'patient.offboarded', patient, ip, { reason, note: cleanNote });
    await this.em.flush();
    return patient;
  }

  /** Starts monitoring an offboarded patient again. Same permission; audited. */
  async reactivate(viewer: Viewer, patientId: string, ip: string | null): Promise<PatientEntity> {
    const { patient, facts } = await this.loadForOffboarding(viewer, patientId);
    assertAllowed(reactivateRefusal(viewer, facts));
    const before = { reason: patient.offboardReason, note: patient.offboardNote };
    patient.status = 'ACTIVE';
    patient.offboardedAt = null;
    patient.offboardReason = null;
    patient.offboardNote = null;
    this.auditPatient(viewer, 'patient.reactivated', patient, ip, before);
    await this.em.flush();
    return patient;
  }

  /** A patient the viewer reaches, with the policy's facts (deployment settings included). */
  private async loadForOffboarding(
    viewer: Viewer,
    patientId: string,
  ): Promise<{ patient: PatientEntity; facts: PatientFacts }> {
    const { record: patient, scope } = await reachRecord(
      this.em,
      viewer,
      PatientEntity,
      patientId,
      {
        what: 'Patient',
        populate: ['deployment'],
      },
    );
    const facts: PatientFacts = {
      status: patient.status,
      scope: scope as PatientFacts['scope'],
      settings: patient.deployment.settings,
    };
    return { patient, facts };
  }

  private auditPatient(
    viewer: Viewer,
    action: 'patient.offboarded' | 'patient.reactivated',
    patient: PatientEntity,
    ip: string | null,
    details: Record<string, unknown>,
  ) {
    audit(this.em, this.deps.clock, {
      action,
      actor: { id: viewer.userId, email: viewer.email },
      organisationId: patient.organisation.id,
      deploymentId: patient.deployment.id,
      target: { type: 'Patient', id: patient.id, label: null },
      ...(action === 'patient.offboarded' ? { after: details } : { before: details }),
      ip,
    });
  }
}

interface PatientRowSql {
  id: string;
  status: PatientEntity['status'];
  channel: PatientEntity['channel'];
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  mobile: string | null;
  invited_at: Date | string;
  joined_at: Date | string | null;
  offboarded_at: Date | string | null;
  offboard_reason: string | null;
  offboard_note: string | null;
  created_at: Date | string;
  i_id: string | null;
  i_channel: PendingInvitationRow['channel'];
  i_address: string;
  i_status: PendingInvitationRow['status'];
  i_expiry_hours: number;
  i_expires_at: Date | string;
  i_created_at: Date | string;
  i_last_sent_at: Date | string | null;
  i_sent_count: number;
  i_reminded_at: Date | string | null;
  i_delivery_status: PendingInvitationRow['deliveryStatus'];
  i_delivery_error: string | null;
  i_inviter_id: string | null;
  i_inviter_name: string | null;
  has_helpers: boolean;
  d_settings: DeploymentSettings | string;
}

const dateOf = (v: Date | string | null): Date | null =>
  v == null ? null : v instanceof Date ? v : new Date(v);

/** The properties of a patient that the list reads, from a plain row. */
function patientFromRow(r: PatientRowSql): PatientEntity {
  return {
    id: r.id,
    status: r.status,
    channel: r.channel,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    mobile: r.mobile,
    invitedAt: dateOf(r.invited_at)!,
    joinedAt: dateOf(r.joined_at),
    offboardedAt: dateOf(r.offboarded_at),
    offboardReason: r.offboard_reason,
    offboardNote: r.offboard_note,
    createdAt: dateOf(r.created_at)!,
  } as PatientEntity;
}

/** The pending invitation that the list query joined to an invited patient's row. */
function invitationFromRow(r: PatientRowSql): PendingInvitationRow {
  return {
    id: r.i_id!,
    patientId: r.id,
    channel: r.i_channel,
    address: r.i_address,
    status: r.i_status,
    expiryHours: Number(r.i_expiry_hours),
    expiresAt: dateOf(r.i_expires_at)!,
    createdAt: dateOf(r.i_created_at)!,
    lastSentAt: dateOf(r.i_last_sent_at),
    sentCount: Number(r.i_sent_count),
    remindedAt: dateOf(r.i_reminded_at),
    deliveryStatus: r.i_delivery_status,
    deliveryError: r.i_delivery_error ?? null,
    inviterId: r.i_inviter_id ?? null,
    inviterName: r.i_inviter_name ?? null,
  };
}
