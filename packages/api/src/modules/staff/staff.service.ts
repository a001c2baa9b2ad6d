import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { access, type AccessScope, type Viewer } from '../../common/access.js';
import { NotFoundError } from '../../common/errors.js';
import { decodeCursor, toConnection } from '../../common/pagination.js';
import { DeploymentEntity } from '../deployment/deployment.entity.js';
import { toDeployment } from '../deployment/deployment.types.js';
import { escapeLike, OrganisationService } from '../organisation/organisation.service.js';
import { RoleAssignmentEntity } from '../role/role-assignment.entity.js';
import { toRole } from '../role/role.types.js';

export interface StaffListInput {
  organisationId: string;
  deploymentId?: string | null;
  search?: string | null;
  first: number;
  after?: string | null;
}

export class StaffService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Staff of an organisation (every organisation and deployment role in it) or of one deployment,
   * newest first. Needs `staff:view` at that scope. Errors: NOT_FOUND, FORBIDDEN.
   */
  async list(viewer: Viewer, input: StaffListInput) {
    await new OrganisationService(this.em).load(viewer, input.organisationId);
    let scope: AccessScope = { type: 'ORGANISATION', organisationId: input.organisationId };
    if (input.deploymentId) {
      const deployment = await this.em.findOne(DeploymentEntity, { id: input.deploymentId, organisation: input.organisationId });
      if (!deployment || !access.canEnterDeployment(viewer, input.organisationId, deployment.id)) {
        throw new NotFoundError('Deployment', input.deploymentId);
      }
      scope = { type: 'DEPLOYMENT', organisationId: input.organisationId, deploymentId: deployment.id };
    }
    access.require(viewer, 'staff:view', scope);

    const where: FilterQuery<RoleAssignmentEntity>[] = [{ endedAt: null, organisation: input.organisationId }];
    if (scope.type === 'DEPLOYMENT') where.push({ deployment: scope.deploymentId });
    if (input.search?.trim()) {
      const like = `%${escapeLike(input.search.trim())}%`;
      where.push({ $or: [{ user: { fullName: { $ilike: like } } }, { user: { email: { $ilike: like } } }] });
    }
    if (input.after) {
      const [at, id] = decodeCursor(input.after, 2) as [string, string];
      const date = new Date(at);
      where.push({ $or: [{ createdAt: { $lt: date } }, { createdAt: date, id: { $lt: id } }] });
    }
    const rows = await this.em.find(RoleAssignmentEntity, { $and: where }, {
      populate: ['user', 'role', 'deployment'],
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: input.first + 1,
    });
    return toConnection(rows, input.first, (r) => [r.createdAt.toISOString(), r.id], (r) => ({
      id: r.id,
      user: { id: r.user.id, fullName: r.user.fullName, email: r.user.email },
      role: toRole(r.role),
      scopeType: r.scopeType,
      deployment: r.deployment ? toDeployment(r.deployment) : null,
      joinedAt: r.createdAt,
    }));
  }
}
