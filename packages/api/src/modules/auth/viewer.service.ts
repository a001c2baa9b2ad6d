import type { EntityManager } from '@mikro-orm/postgresql';
import { access, type AccessScope, type Viewer } from '../../common/access.js';
import { DeploymentEntity, toDeployment } from '../deployment/index.js';
import { OrganisationEntity, toOrganisation } from '../organisation/index.js';
import { loadGrants, RoleAssignmentEntity, toRole } from '../role/index.js';
import {
  type ScopeAccess,
  type Viewer as ViewerType,
  Viewer as ViewerClass,
} from './viewer.types.js';

/** describeViewer for a user who has just come in (signed in, accepted, joined), with their live grants. */
export async function describeUser(
  em: EntityManager,
  user: { id: string; email?: string | null; mobile?: string | null; fullName: string },
): Promise<ViewerType> {
  const grants = await loadGrants(em, user.id);
  return describeViewer(em, {
    userId: user.id,
    email: user.email ?? null,
    mobile: user.mobile ?? null,
    fullName: user.fullName,
    sessionId: null,
    grants,
  });
}

/** Describes the viewer for the SPA: who they are, what they hold, and what that lets them do where. */
export async function describeViewer(em: EntityManager, viewer: Viewer): Promise<ViewerType> {
  const assignments = await em.find(
    RoleAssignmentEntity,
    { id: { $in: viewer.grants.map((g) => g.assignmentId) } },
    { populate: ['role', 'organisation', 'deployment'], orderBy: { createdAt: 'asc' } },
  );
  const orgIds = [
    ...new Set(viewer.grants.map((g) => g.organisationId).filter((id) => id !== null)),
  ];
  const wideOrgIds = viewer.grants
    .filter((g) => g.scopeType === 'ORGANISATION')
    .map((g) => g.organisationId!);
  const deploymentIds = viewer.grants.filter((g) => g.deploymentId).map((g) => g.deploymentId!);
  const [organisations, deployments] = await Promise.all([
    em.find(OrganisationEntity, { id: { $in: orgIds } }, { orderBy: { name: 'asc' } }),
    em.find(
      DeploymentEntity,
      { $or: [{ organisation: { $in: wideOrgIds } }, { id: { $in: deploymentIds } }] },
      { orderBy: { name: 'asc' } },
    ),
  ]);

  const scope = (
    s: AccessScope,
    rest: Omit<ScopeAccess, 'permissions' | 'scopeType'>,
  ): ScopeAccess => ({
    scopeType: s.type,
    ...rest,
    permissions: [...access.permissionsAt(viewer, s)].sort(),
  });
  const scopes: ScopeAccess[] = [];
  if (access.isPlatformStaff(viewer))
    scopes.push(scope({ type: 'PLATFORM' }, { organisation: null, deployment: null }));
  for (const o of organisations) {
    scopes.push(
      scope(
        { type: 'ORGANISATION', organisationId: o.id },
        { organisation: toOrganisation(o), deployment: null },
      ),
    );
  }
  for (const d of deployments) {
    const s: AccessScope = {
      type: 'DEPLOYMENT',
      organisationId: d.organisation.id,
      deploymentId: d.id,
    };
    const organisation = organisations.find((o) => o.id === d.organisation.id);
    scopes.push(
      scope(s, {
        organisation: organisation ? toOrganisation(organisation) : null,
        deployment: toDeployment(d),
      }),
    );
  }

  return Object.assign(new ViewerClass(), {
    id: viewer.userId,
    email: viewer.email,
    mobile: viewer.mobile ?? null,
    fullName: viewer.fullName,
    isPlatformStaff: access.isPlatformStaff(viewer),
    assignments: assignments.map((a) => ({
      id: a.id,
      role: toRole(a.role),
      scopeType: a.scopeType,
      organisation: a.organisation ? toOrganisation(a.organisation) : null,
      deployment: a.deployment ? toDeployment(a.deployment) : null,
      createdAt: a.createdAt,
    })),
    scopes,
  });
}
