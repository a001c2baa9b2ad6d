import { isWebAddress } from '@porter/shared';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { escapeLike } from '../../common/ids.js';
import { access, assertAllowed, type Viewer } from '../../common/access.js';
import { systemClock, type Clock } from '../../common/clock.js';
import { AppError, BadInputError } from '../../common/errors.js';
import { decodeCursor, toConnection } from '../../common/pagination.js';
import { audit, type AuditAction } from '../audit/index.js';
import { OrganisationEntity, type LegalLinks } from './organisation.entity.js';
import type { OrganisationInput } from './organisation.inputs.js';
import { loadOrganisation } from './scope.js';
import {
  archiveOrganisationRefusal,
  deleteOrganisationRefusal,
  editOrganisationRefusal,
  organisationFacts,
  restoreOrganisationRefusal,
} from './organisation.policy.js';
import { toOrganisation, type Organisation } from './organisation.types.js';

export interface OrganisationListInput {
  first: number;
  after?: string | null;
  search?: string | null;
  includeArchived?: boolean;
}

export class OrganisationService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * The organisations a viewer may enter, by name. Platform staff see all of them; archived ones
   * only on request and only with `platform:organisations`. Others see those they hold a role in.
   */
  async list(viewer: Viewer, input: OrganisationListInput) {
    const where: FilterQuery<OrganisationEntity>[] = [];
    if (!access.isPlatformStaff(viewer)) {
      where.push({
        id: {
          $in: [...new Set(viewer.grants.map((g) => g.organisationId).filter((id) => id !== null))],
        },
      });
    }
    const archived =
      input.includeArchived && access.can(viewer, 'platform:organisations', { type: 'PLATFORM' });
    if (!archived) where.push({ archivedAt: null });
    if (input.search?.trim())
      where.push({ name: { $ilike: `%${escapeLike(input.search.trim())}%` } });
    if (input.after) {
      const [name, id] = decodeCursor(input.after, 2) as [string, string];
      where.push({ $or: [{ name: { $gt: name } }, { name, id: { $gt: id } }] });
    }
    const rows = await this.em.find(
      OrganisationEntity,
      { $and: where },
      { orderBy: { name: 'asc', id: 'asc' }, limit: input.first + 1 },
    );
    return toConnection(rows, input.first, (r) => [r.name, r.id], toOrganisation);
  }

  /** One organisation the viewer may enter; NOT_FOUND otherwise, so foreign ids reveal nothing. */
  async get(viewer: Viewer, id: string): Promise<Organisation> {
    return toOrganisation(await this.load(viewer, id));
  }

  async load(viewer: Viewer, id: string, em: EntityManager = this.em): Promise<OrganisationEntity> {
    return loadOrganisation(em, viewer, id);
  }

  /** Creates an organisation; nobody is in it until its first administrators accept. Needs platform `platform:organisations`. Errors: FORBIDDEN, BAD_USER_INPUT. */
  async create(viewer: Viewer, input: OrganisationInput, ip: string | null): Promise<Organisation> {
    access.require(viewer, 'platform:organisations', { type: 'PLATFORM' });
    const values = organisationValues(input);
    return this.em.transactional(async (tx) => {
      const organisation = tx.create(OrganisationEntity, values);
      await tx.flush();
      this.audit(
        tx,
        viewer,
        'organisation.created',
        organisation,
        null,
        snapshot(organisation),
        ip,
      );
      return toOrganisation(organisation);
    });
  }

  /** Replaces name, kind, targets and legal links. Needs `organisation:edit` there (editOrganisationRefusal). Errors: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT. */
  async update(
    viewer: Viewer,
    id: string,
    input: OrganisationInput,
    ip: string | null,
  ): Promise<Organisation> {
    const values = organisationValues(input);
    return this.em.transactional(async (tx) => {
      const organisation = await this.load(viewer, id, tx);
      assertAllowed(editOrganisationRefusal(viewer, organisationFacts(organisation)));
      const before = snapshot(organisation);
      Object.assign(organisation, values);
      const after = snapshot(organisation);
      if (JSON.stringify(before) !== JSON.stringify(after))
        this.audit(tx, viewer, 'organisation.updated', organisation, before, after, ip);
      return toOrganisation(organisation);
    });
  }

  /**
   * Archives an organisation: it disappears for its members at once (their grants in it stop
   * counting) and stays visible to platform staff (archiveOrganisationRefusal). Errors: NOT_FOUND, FORBIDDEN, CONFLICT (already archived).
   */
  async archive(viewer: Viewer, id: string, ip: string | null): Promise<Organisation> {
    return this.em.transactional(async (tx) => {
      const organisation = await this.load(viewer, id, tx);
      assertAllowed(archiveOrganisationRefusal(viewer, organisationFacts(organisation)));
      organisation.archivedAt = this.now();
      this.audit(tx, viewer, 'organisation.archived', organisation, null, null, ip);
      return toOrganisation(organisation);
    });
  }

  /** Brings an archived organisation back for its members. Super Admin only (restoreOrganisationRefusal). Errors: NOT_FOUND, FORBIDDEN, CONFLICT. */
  async restore(viewer: Viewer, id: string, ip: string | null): Promise<Organisation> {
    return this.em.transactional(async (tx) => {
      const organisation = await this.load(viewer, id, tx);
      assertAllowed(restoreOrganisationRefusal(viewer, organisationFacts(organisation)));
      organisation.archivedAt = null;
      this.audit(tx, viewer, 'organisation.restored', organisation, null, null, ip);
      return toOrganisation(organisation);
    });
  }

  /**
   * Deletes an organisation with its deployments, roles, invitations and patients (the foreign
   * keys cascade). Its audit events stay: they hold plain ids, not foreign keys. Needs
   * `organisation:delete` held in the organisation itself, an organisation not archived
   * (deleteOrganisationRefusal), and `confirmName` equal to its name.
   * Errors: NOT_FOUND, FORBIDDEN, CONFLICT (archived), CONFIRMATION_MISMATCH.
   */
  async delete(viewer: Viewer, id: string, confirmName: string, ip: string | null): Promise<void> {
    await this.em.transactional(async (tx) => {
      const organisation = await this.load(viewer, id, tx);
      assertAllowed(deleteOrganisationRefusal(viewer, organisationFacts(organisation)));
      if (confirmName.trim() !== organisation.name) throw new AppError('CONFIRMATION_MISMATCH');
      this.audit(
        tx,
        viewer,
        'organisation.deleted',
        organisation,
        snapshot(organisation),
        null,
        ip,
      );
      await tx.flush();
      await tx.nativeDelete(OrganisationEntity, { id });
    });
  }

  private now(): Date {
    return this.clock.now();
  }

  private audit(
    tx: EntityManager,
    viewer: Viewer,
    action: AuditAction,
    organisation: OrganisationEntity,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
    ip: string | null,
  ): void {
    audit(tx, this.clock, {
      action,
      actor: { id: viewer.userId, email: viewer.email },
      organisationId: organisation.id,
      target: { type: 'Organisation', id: organisation.id, label: organisation.name },
      before,
      after,
      ip,
    });
  }
}

function snapshot(o: OrganisationEntity): Record<string, unknown> {
  return {
    name: o.name,
    kind: o.kind,
    enrolmentTarget: o.enrolmentTarget ?? null,
    completionTarget: o.completionTarget ?? null,
    legalLinks: o.legalLinks,
  };
}

/** Checks an input and turns it into entity values. Errors: BAD_USER_INPUT with `details.field`. */
export function organisationValues(input: OrganisationInput) {
  const name = input.name.trim();
  if (!name) throw new BadInputError('Give the organisation a name.', { field: 'name' });
  const enrolmentTarget = input.enrolmentTarget ?? null;
  const completionTarget = input.completionTarget ?? null;
  if (enrolmentTarget !== null && completionTarget !== null && completionTarget > enrolmentTarget) {
    throw new BadInputError('The completion target cannot be above the enrolment target.', {
      field: 'completionTarget',
    });
  }
  const legalLinks: LegalLinks = {};
  for (const field of ['termsOfUseUrl', 'privacyPolicyUrl', 'contactUrl'] as const) {
    const value = input[field]?.trim();
    if (!value) continue;
    if (!isWebAddress(value))
      throw new BadInputError('Enter a full web address starting with https://.', { field });
    legalLinks[field] = value;
  }
  return { name, kind: input.kind, enrolmentTarget, completionTarget, legalLinks };
}
