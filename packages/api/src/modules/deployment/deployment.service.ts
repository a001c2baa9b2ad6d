import type { EntityManager } from '@mikro-orm/postgresql';
import { access, type Viewer } from '../../common/access.js';
import { OrganisationService } from '../organisation/organisation.service.js';
import { DeploymentEntity } from './deployment.entity.js';
import { toDeployment, type Deployment } from './deployment.types.js';

export class DeploymentService {
  constructor(private readonly em: EntityManager) {}

  /**
   * The deployments of an organisation that the viewer may enter, by name: all of them for
   * holders of an organisation or platform role, otherwise those they hold a role in.
   * Throws NOT_FOUND for an organisation the viewer cannot enter.
   */
  async list(viewer: Viewer, organisationId: string): Promise<Deployment[]> {
    await new OrganisationService(this.em).load(viewer, organisationId);
    const wide = viewer.grants.some(
      (g) => g.scopeType === 'PLATFORM' || (g.scopeType === 'ORGANISATION' && g.organisationId === organisationId),
    );
    const own = viewer.grants.filter((g) => g.deploymentId && g.organisationId === organisationId).map((g) => g.deploymentId!);
    const rows = await this.em.find(
      DeploymentEntity,
      wide ? { organisation: organisationId } : { organisation: organisationId, id: { $in: own } },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
    return rows.filter((d) => access.canEnterDeployment(viewer, organisationId, d.id)).map(toDeployment);
  }
}
