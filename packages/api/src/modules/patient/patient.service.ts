import { randomUUID } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { OFFBOARD_REASONS, PATIENT_EXPIRY_HOURS, type OffboardReason } from '@porter/shared';
import { access, type AccessScope, type Viewer } from '../../common/access.js';
import { AppError, BadInputError, NotFoundError } from '../../common/errors.js';
import { decodeCursor, toConnection } from '../../common/pagination.js';
import { audit } from '../audit/audit.service.js';
import { hashToken, newToken } from '../auth/token.js';
import { DeploymentEntity } from '../deployment/deployment.entity.js';
import { InvitationEntity } from '../invitation/invitation.entity.js';
import { collectEmailAddresses, MAX_ADDRESSES_PER_CALL, type InvitationDeps, type InviteResult, InvitationService } from '../invitation/invitation.service.js';
import { escapeLike, isUuid } from '../organisation/organisation.service.js';
import { resolveScope } from '../organisation/scope.js';
import { PatientEntity, type PatientStatus, type PatientType } from './patient.entity.js';
import { toPatient } from './patient.types.js';

const TYPE_STATUS: Record<Exclude<PatientType, 'ALL'>, PatientStatus> = { ACTIVE: 'ACTIVE', PENDING: 'INVITED', OFFBOARDED: 'OFFBOARDED' };
const CHUNK = 1000;

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
  async deploymentScope(viewer: Viewer, organisationId: string, deploymentId: string): Promise<AccessScope & { type: 'DEPLOYMENT' }> {
    const scope = await resolveScope(this.em, viewer, organisationId, deploymentId);
    if (scope.type !== 'DEPLOYMENT') throw new NotFoundError('Deployment', deploymentId);
    return scope;
  }

  /**
   * The patients of a deployment, newest first, filtered by "Patient type". Needs `patient:view`;
   * names, emails and phone numbers (and searching by them) need `patient:view-identifiers`.
   */
  async list(viewer: Viewer, input: PatientListInput) {
    const scope = await this.deploymentScope(viewer, input.organisationId, input.deploymentId);
    access.require(viewer, 'patient:view', scope);
    const identifiers = access.can(viewer, 'patient:view-identifiers', scope);
    const where: FilterQuery<PatientEntity>[] = [{ deployment: scope.deploymentId }];
    if (input.type && input.type !== 'ALL') where.push({ status: TYPE_STATUS[input.type] });
    const term = input.search?.trim();
    if (term) {
      if (identifiers) {
        const like = `%${escapeLike(term.toLowerCase())}%`;
        where.push({ $or: [{ email: { $ilike: like } }, { mobile: { $ilike: like } }, { firstName: { $ilike: like } }, { lastName: { $ilike: like } }] });
      } else if (isUuid(term)) {
        where.push({ id: term });
      } else {
        throw new BadInputError('Without access to identifiers you can search by patient id only.', { field: 'search' });
      }
    }
    if (input.after) {
      const [at, id] = decodeCursor(input.after, 2) as [string, string];
      const date = new Date(at);
      where.push({ $or: [{ createdAt: { $lt: date } }, { createdAt: date, id: { $lt: id } }] });
    }
    const rows = await this.em.find(PatientEntity, { $and: where }, { orderBy: [{ createdAt: 'desc', id: 'desc' }], limit: input.first + 1 });
    const pending = await this.pendingInvitations(rows.filter((r) => r.status === 'INVITED').map((r) => r.id));
    const canOffboard = access.can(viewer, 'patient:offboard', scope);
    const canManage = access.can(viewer, 'patient:manage', scope);
    const now = this.deps.clock.now();
    return toConnection(rows, input.first, (r) => [r.createdAt.toISOString(), r.id], (r) =>
      toPatient(r, identifiers, pending.get(r.id) ?? null, {
        offboard: canOffboard && r.status === 'ACTIVE',
        reactivate: canOffboard && r.status === 'OFFBOARDED',
        manageInvitation: canManage && r.status === 'INVITED',
      }, now),
    );
  }

  private async pendingInvitations(patientIds: string[]): Promise<Map<string, InvitationEntity>> {
    if (!patientIds.length) return new Map();
    const rows = await this.em.find(InvitationEntity, { patient: { $in: patientIds }, status: 'PENDING' });
    return new Map(rows.map((i) => [i.patient!.id, i]));
  }

  /**
   * Invites patients by email to a deployment, one outcome per address: INVITED, ALREADY_PENDING
   * (a pending invitation exists: resend it), ALREADY_MEMBER (an active or offboarded patient),
   * INVALID. Needs `patient:manage`. Set-based writes in one transaction; email after commit.
   */
  async inviteByEmail(viewer: Viewer, input: InvitePatientsInput, ip: string | null): Promise<{ batchId: string; results: InviteResult[] }> {
    const scope = await this.deploymentScope(viewer, input.organisationId, input.deploymentId);
    access.require(viewer, 'patient:manage', scope);
    const expiryHours = input.expiryHours ?? 168;
    if (!(PATIENT_EXPIRY_HOURS as readonly number[]).includes(expiryHours)) {
      throw new BadInputError('Patient invitations expire after 24 hours, 48 hours, 7 days or 1 year.', { field: 'expiryHours' });
    }
    if (input.emails.length === 0 || input.emails.length > MAX_ADDRESSES_PER_CALL) {
      throw new BadInputError(`Give between 1 and ${MAX_ADDRESSES_PER_CALL} email addresses.`, { field: 'emails' });
    }
    // Patients are never the inviting staff member, so no address is refused as "yourself".
    const { results, wanted } = collectEmailAddresses(input.emails, null);

    const batchId = randomUUID();
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + expiryHours * 3_600_000);
    const invitations = new InvitationService(this.deps);
    const addresses = [...wanted.keys()];
    await this.em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext();
      for (let i = 0; i < addresses.length; i += CHUNK) {
        const chunk = addresses.slice(i, i + CHUNK);
        // Patients already known here: pending ones can be resent, the rest are members.
        const known = await conn.execute<{ id: string; email: string; status: PatientStatus; invitation_id: string | null }[]>(
          `select p.id, p.email, p.status, i.id as invitation_id from patient p
             left join invitation i on i.patient_id = p.id and i.status = 'PENDING'
            where p.deployment_id = ? and p.email in (select jsonb_array_elements_text(?::jsonb))`,
          [scope.deploymentId, JSON.stringify(chunk)],
          'all',
          ctx,
        );
        for (const k of known) {
          const result = wanted.get(k.email)!;
          if (k.status === 'INVITED' && k.invitation_id) Object.assign(result, { outcome: 'ALREADY_PENDING', invitationId: k.invitation_id, message: 'Already invited; you can resend it.' });
          else if (k.status !== 'INVITED') Object.assign(result, { outcome: 'ALREADY_MEMBER', message: k.status === 'OFFBOARDED' ? 'An offboarded patient here; reactivate them instead.' : 'Already a patient here.' });
        }
        // Invited patients whose invitation was revoked or expired get a new one on the same record.
        const reusable = new Map(known.filter((k) => k.status === 'INVITED' && !k.invitation_id).map((k) => [k.email, k.id]));
        const fresh = chunk.filter((a) => wanted.get(a)!.outcome === 'INVITED');
        const rows = fresh.map((address) => ({ address, patient: reusable.get(address) ?? randomUUID(), id: randomUUID(), token: newToken() }));
        await conn.execute(
          `insert into patient (id, organisation_id, deployment_id, status, channel, email, invited_by_id, invited_at, created_at, updated_at)
           select t.patient, ?, ?, 'INVITED', 'EMAIL', t.address, ?, ?, ?, ? from jsonb_to_recordset(?::jsonb) as t(patient uuid, address text)
           on conflict do nothing`,
          [scope.organisationId, scope.deploymentId, viewer.userId, now, now, now, JSON.stringify(rows.filter((r) => !reusable.has(r.address)))],
          'run',
          ctx,
        );
        const inserted = await conn.execute<{ id: string; address: string }[]>(
          `insert into invitation (id, kind, channel, address, organisation_id, deployment_id, patient_id, token_hash, replaced_token_hashes,
                                   status, expiry_hours, expires_at, invited_by_id, batch_id, sent_count, delivery_status, created_at, updated_at)
           select t.id, 'PATIENT', 'EMAIL', t.address, ?, ?, t.patient, t.hash, '{}', 'PENDING', ?, ?, ?, ?, 0, 'QUEUED', ?, ?
             from jsonb_to_recordset(?::jsonb) as t(id uuid, address text, patient uuid, hash text)
           on conflict do nothing
           returning id, address`,
          [scope.organisationId, scope.deploymentId, expiryHours, expiresAt, viewer.userId, batchId, now, now, JSON.stringify(rows.map((r) => ({ id: r.id, address: r.address, patient: r.patient, hash: hashToken(r.token) })))],
          'all',
          ctx,
        );
        const made = new Map(inserted.map((r) => [r.address, r.id]));
        for (const r of rows) {
          if (made.has(r.address)) wanted.get(r.address)!.invitationId = made.get(r.address)!;
          else Object.assign(wanted.get(r.address)!, { outcome: 'ALREADY_PENDING', message: 'Already invited; you can resend it.' });
        }
        await invitations.queueDeliveries(tx, rows.filter((r) => made.has(r.address)).map((r) => ({ invitationId: made.get(r.address)!, token: r.token })), 'INVITATION', now);
        await invitations.auditSent(tx, viewer, inserted, scope.organisationId, scope.deploymentId, ip, { kind: 'PATIENT', channel: 'EMAIL', expiresAt });
      }
    });
    if (results.some((r) => r.outcome === 'INVITED')) await this.deps.notifyDelivery();
    return { batchId, results };
  }

  /**
   * Stops monitoring an active patient, with a reason from the list (OTHER needs a note). Needs
   * `patient:offboard` and the deployment's offboarding setting on. Audited.
   * Errors: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT, CONFLICT (not active, or offboarding off).
   */
  async offboard(viewer: Viewer, patientId: string, reason: string, note: string | null, ip: string | null): Promise<PatientEntity> {
    const patient = await this.loadForOffboarding(viewer, patientId);
    if (!OFFBOARD_REASONS.some((r) => r.key === reason)) throw new BadInputError('Choose a reason from the list.', { field: 'reason' });
    const cleanNote = note?.trim() || null;
    if (reason === 'OTHER' && !cleanNote) throw new BadInputError('Say why, for “Other reason”.', { field: 'note' });
    if (patient.status !== 'ACTIVE') throw new AppError('CONFLICT', 'Only active patients can be offboarded.');
    patient.status = 'OFFBOARDED';
    patient.offboardedAt = this.deps.clock.now();
    patient.offboardReason = reason as OffboardReason;
    patient.offboardNote = cleanNote;
    this.auditPatient(viewer, 'patient.offboarded', patient, ip, { reason, note: cleanNote });
    await this.em.flush();
    return patient;
  }

  /** Starts monitoring an offboarded patient again. Same permission; audited. */
  async reactivate(viewer: Viewer, patientId: string, ip: string | null): Promise<PatientEntity> {
    const patient = await this.loadForOffboarding(viewer, patientId);
    if (patient.status !== 'OFFBOARDED') throw new AppError('CONFLICT', 'Only offboarded patients can be reactivated.');
    const before = { reason: patient.offboardReason, note: patient.offboardNote };
    patient.status = 'ACTIVE';
    patient.offboardedAt = null;
    patient.offboardReason = null;
    patient.offboardNote = null;
    this.auditPatient(viewer, 'patient.reactivated', patient, ip, before);
    await this.em.flush();
    return patient;
  }

  private async loadForOffboarding(viewer: Viewer, patientId: string): Promise<PatientEntity> {
    const patient = isUuid(patientId) ? await this.em.findOne(PatientEntity, { id: patientId }, { populate: ['deployment'] }) : null;
    if (!patient || !access.canEnterDeployment(viewer, patient.organisation.id, patient.deployment.id)) throw new NotFoundError('Patient', patientId);
    const scope = await this.deploymentScope(viewer, patient.organisation.id, patient.deployment.id);
    access.require(viewer, 'patient:offboard', scope);
    const deployment = patient.deployment as DeploymentEntity;
    if (deployment.settings.offboardingEnabled === false) throw new AppError('CONFLICT', 'Offboarding is switched off for this deployment.');
    return patient;
  }

  private auditPatient(viewer: Viewer, action: 'patient.offboarded' | 'patient.reactivated', patient: PatientEntity, ip: string | null, details: Record<string, unknown>) {
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
