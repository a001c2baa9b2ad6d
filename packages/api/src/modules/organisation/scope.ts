import type { EntityManager } from '@mikro-orm/postgresql';
import { access, type AccessScope, type Viewer } from '../../common/access.js';
import { NotFoundError } from '../../common/errors.js';
import { isUuid } from '../../common/ids.js';
import { OrganisationEntity } from './organisation.entity.js';

/**
 * One organisation the viewer may enter (an archived one only for platform staff); NOT_FOUND
 * otherwise, so foreign ids reveal nothing.
 */
export async function loadOrganisation(
  em: EntityManager,
  viewer: Viewer,
  id: string,
): Promise<OrganisationEntity> {
  const organisation =
    isUuid(id) && access.canEnterOrganisation(viewer, id)
      ? await em.findOne(OrganisationEntity, { id })
      : null;
  if (!organisation || (organisation.archivedAt && !access.isPlatformStaff(viewer)))
    throw new NotFoundError('Organisation', id);
  return organisation;
}

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
    await loadOrganisation(em, viewer, organisationId);
    return { type: 'ORGANISATION', organisationId };
  }
  // The common case in one plain query (this runs on nearly every request): the deployment and
  // whether its organisation is archived. Only when that fails does the organisation load on its
  // own, so that the error names what the viewer cannot reach.
  const [deployment] =
    isUuid(organisationId) &&
    isUuid(deploymentId) &&
    access.canEnterDeployment(viewer, organisationId, deploymentId)
      ? await em
          .getConnection()
          .execute<{ id: string; archived_at: Date | null }[]>(
            'select d.id, o.archived_at from deployment d join organisation o on o.id = d.organisation_id where d.id = ? and d.organisation_id = ?',
            [deploymentId, organisationId],
            'all',
            em.getTransactionContext(),
          )
      : [];
  if (!deployment || (deployment.archived_at && !access.isPlatformStaff(viewer))) {
    await loadOrganisation(em, viewer, organisationId);
    throw new NotFoundError('Deployment', deploymentId);
  }
  return { type: 'DEPLOYMENT', organisationId, deploymentId: deployment.id };
}

/** resolveScope for an operation that needs one deployment: anything else is NOT_FOUND. */
export async function resolveDeploymentScope(
  em: EntityManager,
  viewer: Viewer,
  organisationId: string,
  deploymentId: string,
): Promise<AccessScope & { type: 'DEPLOYMENT' }> {
  const scope = await resolveScope(em, viewer, organisationId, deploymentId);
  if (scope.type !== 'DEPLOYMENT') throw new NotFoundError('Deployment', deploymentId);
  return scope;
}
