import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { isValidEmail, normaliseEmail } from '@porter/shared';
import { access, assertAllowed, type Viewer } from '../../common/access.js';
import { BadInputError, ConflictError } from '../../common/errors.js';
import { reachRecord } from '../../common/record-access.js';
import { audit } from '../audit/index.js';
import {
  expiryHoursFor,
  revokeInvitations,
  writeInvitations,
  type InvitationDeps,
} from '../invitation/index.js';
import { UserEntity } from '../user/index.js';
import { scopeOf } from '../../common/places.js';
import { PatientHelperEntity } from './patient-helper.entity.js';
import { toPatientHelper, type PatientHelper } from './patient-helper.types.js';
import { PatientEntity } from './patient.entity.js';
import { inviteHelperRefusal, removeHelperRefusal, type PatientFacts } from './patient.policy.js';

export interface InvitePatientHelperInput {
  patientId: string;
  email: string;
  fullName?: string | null;
  relationship?: string | null;
  expiryHours?: number | null;
}

/** Every helper of a page of patients, oldest first, in one query (patient_helper_patient). */
export async function helpersOf(
  em: EntityManager,
  patientIds: string[],
  identifiers: boolean,
): Promise<Map<string, PatientHelper[]>> {
  const byPatient = new Map<string, PatientHelper[]>();
  if (!patientIds.length) return byPatient;
  const rows = await em.find(
    PatientHelperEntity,
    { patient: { $in: patientIds } },
    { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  );
  for (const row of rows) {
    const list = byPatient.get(row.patient.id) ?? [];
    list.push(toPatientHelper(row, identifiers));
    byPatient.set(row.patient.id, list);
  }
  return byPatient;
}

/** Helpers (proxies) of patients: invite by email, remove. Accepting is helper.admission.ts. */
export class PatientHelperService {
  constructor(private readonly deps: InvitationDeps) {}

  private get em() {
    return this.deps.em;
  }

  /**
   * Invites a helper for a patient by email: a helper row (INVITED), a PROXY invitation and its
   * first email, in one transaction. Needs `proxy:invite` at the patient's deployment and helpers
   * on there. Errors: NOT_FOUND, FORBIDDEN, FEATURE_DISABLED, CONFLICT (offboarded patient, or a
   * live helper with that email), BAD_USER_INPUT.
   */
  async invite(
    viewer: Viewer,
    input: InvitePatientHelperInput,
    ip: string | null,
  ): Promise<PatientHelperEntity> {
    const { record: patient, scope: reached } = await reachRecord(
      this.em,
      viewer,
      PatientEntity,
      input.patientId,
      { what: 'Patient', populate: ['deployment'] },
    );
    const scope = reached as PatientFacts['scope'];
    const settings = patient.deployment.settings;
    assertAllowed(inviteHelperRefusal(viewer, { status: patient.status, scope, settings }));
    const expiryHours = expiryHoursFor('PROXY', input.expiryHours);
    const email = normaliseEmail(input.email);
    if (!isValidEmail(email))
      throw new BadInputError('Enter a valid email address.', { field: 'email' });
    if (email === patient.email)
      throw new BadInputError('That is the patient’s own address.', { field: 'email' });
    const fullName = input.fullName?.trim().replace(/\s+/g, ' ') || null;
    const relationship = input.relationship?.trim() || null;
    if (
      await this.em.count(PatientHelperEntity, {
        patient: patient.id,
        email,
        status: { $ne: 'REMOVED' },
      })
    ) {
      throw new ConflictError(`${email} already helps this patient.`, { field: 'email' });
    }

    const now = this.deps.clock.now();
    let helper!: PatientHelperEntity;
    try {
      await this.em.transactional(async (tx) => {
        // The helper points at its invitation, so the invitation comes first; the audit row names
        // the helper, whose id is chosen here.
        const helperId = randomUUID();
        const [written] = await writeInvitations(tx, {
          kind: 'PROXY',
          channel: 'EMAIL',
          scope,
          inviter: { userId: viewer.userId, email: viewer.email },
          expiryHours,
          batchId: randomUUID(),
          now,
          sealer: this.deps.sealer,
          ip,
          rows: [{ address: email, fullName, patientId: patient.id, subjectId: helperId }],
          audit: { action: 'helper.invited', subjectType: 'PatientHelper' },
          after: { patientId: patient.id, relationship },
        });
        // A concurrent invite of the same address holds the open invitation.
        if (!written?.created)
          throw new ConflictError(`${email} already helps this patient.`, { field: 'email' });
        helper = tx.create(PatientHelperEntity, {
          id: helperId,
          patient: patient.id,
          organisation: scope.organisationId,
          deployment: scope.deploymentId,
          email,
          fullName,
          relationship,
          invitation: written.invitationId,
          invitedBy: viewer.userId,
          createdAt: now,
        });
        await tx.flush();
      });
    } catch (error) {
      // A concurrent invite of the same address won the helper's unique index.
      if (error instanceof UniqueConstraintViolationException)
        throw new ConflictError(`${email} already helps this patient.`, { field: 'email' });
      throw error;
    }
    await this.deps.notifyDelivery();
    return helper;
  }

  /**
   * Removes a helper: REMOVED, their pending invitation revoked (its link stops working). Needs
   * `proxy:invite`; removing twice changes nothing. Errors: NOT_FOUND, FORBIDDEN.
   */
  async remove(viewer: Viewer, helperId: string, ip: string | null): Promise<PatientHelperEntity> {
    return this.em.transactional(async (tx) => {
      const { record: helper } = await reachRecord(tx, viewer, PatientHelperEntity, helperId, {
        what: 'Helper',
        check: (_helper, scope) => removeHelperRefusal(viewer, scope as PatientFacts['scope']),
      });
      if (helper.status === 'REMOVED') return helper;
      const now = this.deps.clock.now();
      const before = helper.status;
      helper.status = 'REMOVED';
      helper.removedAt = now;
      helper.removedBy = tx.getReference(UserEntity, viewer.userId);
      if (helper.invitation)
        await revokeInvitations(tx, {
          which: { ids: [helper.invitation.id] },
          now,
          actor: { id: viewer.userId, email: viewer.email },
          ip,
          after: { kind: 'PROXY', reason: 'HELPER_REMOVED' },
        });
      audit(tx, this.deps.clock, {
        action: 'helper.removed',
        actor: { id: viewer.userId, email: viewer.email },
        organisationId: helper.organisation.id,
        deploymentId: helper.deployment.id,
        target: { type: 'PatientHelper', id: helper.id, label: helper.email },
        before: { status: before, patientId: helper.patient.id },
        ip,
      });
      return helper;
    });
  }

  /** Whether the viewer may see identifiers where a helper belongs (for mapping results). */
  identifiers(viewer: Viewer, helper: PatientHelperEntity): boolean {
    return access.can(viewer, 'patient:view-identifiers', scopeOf(helper));
  }
}
