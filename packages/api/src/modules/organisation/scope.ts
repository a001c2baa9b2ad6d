import type { EntityManager } from '@mikro-orm/postgresql';
import { access, type AccessScope, type Viewer } from '../../common/access.js';
import { NotFoundError } from '../../common/errors.js';
import { DeploymentEntity } from '../deployment/deployment.entity.js';
import { isUuid, OrganisationService } from './organisation.service.js';

/**
 * Turns the ids a client sends into a scope the viewer may enter: the organisation, one of its
 * deployments, or (with neither) the platform. Anything the viewer cannot enter is NOT_FOUND.
 */
export async function resolveScope(
  em: EntityManager,
  viewer: Viewer,
  organisationId?: string | null,
  deploymentId?: string | null,
): Promise<AccessScope> {
  if (!organisationId) {
    if (deploymentId) throw new NotFoundError('Deployment', deploymentId);
    return { type: 'PLATFORM' };
  }
  await new OrganisationService(em).load(viewer, organisationId);
  if (!deploymentId) return { type: 'ORGANISATION', organisationId };
  const deployment = isUuid(deploymentId) ? await em.findOne(DeploymentEntity, { id: deploymentId, organisation: organisationId }) : null;
  if (!deployment || !access.canEnterDeployment(viewer, organisationId, deployment.id)) throw new NotFoundError('Deployment', deploymentId);
  return { type: 'DEPLOYMENT', organisationId, deploymentId: deployment.id };
}
