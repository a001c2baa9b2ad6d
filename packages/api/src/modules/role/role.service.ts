import type { EntityManager } from '@mikro-orm/postgresql';
import { PERMISSION_KEYS } from '@porter/shared';
import type { Viewer } from '../../common/access.js';
import { OrganisationService } from '../organisation/organisation.service.js';
import { PermissionEntity } from './permission.entity.js';
import { RoleEntity } from './role.entity.js';
import { toRole, type Permission, type Role } from './role.types.js';

export class RoleService {
  constructor(private readonly em: EntityManager) {}

  /**
   * The default roles, plus the custom roles of an organisation when one is given. Throws
   * NOT_FOUND for an organisation the viewer cannot enter.
   */
  async list(viewer: Viewer, organisationId?: string | null): Promise<Role[]> {
    if (organisationId) await new OrganisationService(this.em).load(viewer, organisationId);
    const rows = await this.em.find(
      RoleEntity,
      organisationId ? { $or: [{ organisation: null }, { organisation: organisationId }] } : { organisation: null },
      { orderBy: { createdAt: 'asc', name: 'asc' } },
    );
    return rows.map(toRole);
  }

  /** The permission catalogue, in catalogue order. */
  async permissions(): Promise<Permission[]> {
    const rows = await this.em.find(PermissionEntity, {});
    const order = new Map<string, number>(PERMISSION_KEYS.map((k, i) => [k, i]));
    return rows
      .sort((a, b) => (order.get(a.key) ?? 99) - (order.get(b.key) ?? 99))
      .map((p) => ({ key: p.key, label: p.label, description: p.description, group: p.group, platformOnly: p.platformOnly }));
  }
}
