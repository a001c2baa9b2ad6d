import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { access, type Viewer } from '../../common/access.js';
import { NotFoundError } from '../../common/errors.js';
import { decodeCursor, toConnection } from '../../common/pagination.js';
import { OrganisationEntity } from './organisation.entity.js';
import { toOrganisation, type Organisation } from './organisation.types.js';

export interface OrganisationListInput {
  first: number;
  after?: string | null;
  search?: string | null;
  includeArchived?: boolean;
}

export class OrganisationService {
  constructor(private readonly em: EntityManager) {}

  /**
   * The organisations a viewer may enter, by name. Platform staff see all of them; archived ones
   * only on request and only with `platform:organisations`. Others see those they hold a role in.
   */
  async list(viewer: Viewer, input: OrganisationListInput) {
    const where: FilterQuery<OrganisationEntity>[] = [];
    if (!access.isPlatformStaff(viewer)) {
      where.push({ id: { $in: [...new Set(viewer.grants.map((g) => g.organisationId).filter((id) => id !== null))] } });
    }
    const archived = input.includeArchived && access.can(viewer, 'platform:organisations', { type: 'PLATFORM' });
    if (!archived) where.push({ archivedAt: null });
    if (input.search?.trim()) where.push({ name: { $ilike: `%${escapeLike(input.search.trim())}%` } });
    if (input.after) {
      const [name, id] = decodeCursor(input.after, 2) as [string, string];
      where.push({ $or: [{ name: { $gt: name } }, { name, id: { $gt: id } }] });
    }
    const rows = await this.em.find(OrganisationEntity, { $and: where }, { orderBy: { name: 'asc', id: 'asc' }, limit: input.first + 1 });
    return toConnection(rows, input.first, (r) => [r.name, r.id], toOrganisation);
  }

  /** One organisation the viewer may enter; NOT_FOUND otherwise, so foreign ids reveal nothing. */
  async get(viewer: Viewer, id: string): Promise<Organisation> {
    return toOrganisation(await this.load(viewer, id));
  }

  async load(viewer: Viewer, id: string): Promise<OrganisationEntity> {
    const organisation = isUuid(id) && access.canEnterOrganisation(viewer, id) ? await this.em.findOne(OrganisationEntity, { id }) : null;
    if (!organisation || (organisation.archivedAt && !access.isPlatformStaff(viewer))) throw new NotFoundError('Organisation', id);
    return organisation;
  }
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
