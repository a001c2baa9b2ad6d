import {
  permissionRefusal,
  type AccessScope,
  type Refusal,
  type Viewer,
} from '../../common/access.js';
import { inviteStaffRefusal } from '../organisation/index.js';

/**
 * What may be done to a deployment, as pure functions: each returns the refusal the API answers
 * with, or null. DeploymentService and InvitationService throw what these say;
 * `deploymentViewerCan` reads the same answers. Configuring (name, settings) takes
 * `deployment:configure` at the deployment; archiving and restoring take `deployment:create` in
 * its organisation, since retiring a programme is the counterpart of starting one (an Admin of one
 * deployment may configure it but not archive it).
 */
export interface DeploymentFacts {
  id: string;
  organisationId: string;
  archived: boolean;
  /** Its organisation is archived (only platform staff reach it then). */
  organisationArchived: boolean;
}

const scopeOf = (d: DeploymentFacts): AccessScope & { type: 'DEPLOYMENT' } => ({
  type: 'DEPLOYMENT',
  organisationId: d.organisationId,
  deploymentId: d.id,
});

/** Rename it and change its settings: `deployment:configure` there. */
export function configureDeploymentRefusal(
  viewer: Viewer | null,
  d: DeploymentFacts,
): Refusal | null {
  return permissionRefusal(viewer, 'deployment:configure', scopeOf(d));
}

function retireRefusal(viewer: Viewer | null, d: DeploymentFacts): Refusal | null {
  return permissionRefusal(viewer, 'deployment:create', {
    type: 'ORGANISATION',
    organisationId: d.organisationId,
  });
}

/** Archive: `deployment:create` in its organisation, a deployment not archived yet. */
export function archiveDeploymentRefusal(
  viewer: Viewer | null,
  d: DeploymentFacts,
): Refusal | null {
  return (
    retireRefusal(viewer, d) ??
    (d.archived ? { code: 'CONFLICT', message: 'The deployment is already archived.' } : null)
  );
}

/** Restore: `deployment:create` in its organisation, an archived deployment. */
export function restoreDeploymentRefusal(
  viewer: Viewer | null,
  d: DeploymentFacts,
): Refusal | null {
  return (
    retireRefusal(viewer, d) ??
    (d.archived ? null : { code: 'CONFLICT', message: 'The deployment is not archived.' })
  );
}

/** Invite staff to it: the place rule (`staff:manage` there, neither it nor its organisation archived). */
export function inviteDeploymentStaffRefusal(
  viewer: Viewer | null,
  d: DeploymentFacts,
): Refusal | null {
  return inviteStaffRefusal(viewer, scopeOf(d), d.archived || d.organisationArchived);
}

/** A deployment's `viewerCan`: every field is one of the policies above. */
export function deploymentViewerCan(viewer: Viewer | null, d: DeploymentFacts) {
  return {
    configure: configureDeploymentRefusal(viewer, d) === null,
    archive: archiveDeploymentRefusal(viewer, d) === null,
    restore: restoreDeploymentRefusal(viewer, d) === null,
    inviteStaff: inviteDeploymentStaffRefusal(viewer, d) === null,
  };
}

/** The facts the policies read, from a deployment with its organisation loaded. */
export function deploymentFacts(d: {
  id: string;
  status: string;
  organisation: { id: string; archivedAt?: Date | null };
}): DeploymentFacts {
  return {
    id: d.id,
    organisationId: d.organisation.id,
    archived: d.status === 'ARCHIVED',
    organisationArchived: Boolean(d.organisation.archivedAt),
  };
}
