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
  if (!deploymentId) {
    await new OrganisationService(em).load(viewer, organisationId);
    return { type: 'ORGANISATION', organisationId };
  }
  // The common case in one query: the deployment with its organisation (both then sit in the
  // identity map for the caller). Only when that fails does the organisation load on its own, so
  // that the error names what the viewer cannot reach, as before.
  const deployment =
    isUuid(organisationId) && isUuid(deploymentId) && access.canEnterDeployment(viewer, organisationId, deploymentId)
      ? await em.findOne(DeploymentEntity, { id: deploymentId, organisation: organisationId }, { populate: ['organisation'] })
      : null;
  if (!deployment || (deployment.organisation.archivedAt && !access.isPlatformStaff(viewer))) {
    await new OrganisationService(em).load(viewer, organisationId);
    throw new NotFoundError('Deployment', deploymentId);
  }
  return { type: 'DEPLOYMENT', organisationId, deploymentId: deployment.id };
}
