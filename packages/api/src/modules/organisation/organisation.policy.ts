import {
  permissionRefusal,
  PLATFORM,
  type AccessScope,
  type Refusal,
  type Viewer,
} from '../../common/access.js';

/**
 * What may be done to an organisation, as pure functions: each returns the refusal the API answers
 * with, or null. OrganisationService, DeploymentService (create) and InvitationService (invite
 * staff) throw what these say; `organisationViewerCan` reads the same answers.
 * - edit: `organisation:edit` there (platform grants apply everywhere);
 * - archive: `platform:organisations` on the platform;
 * - restore: `platform:organisations` and `organisation:delete` on the platform, i.e. a Super
 *   Admin among the default roles (PRODUCT.md §2: "restore archived organisations");
 * - delete: `organisation:delete` held in the organisation itself (Organisation Owner). A platform
 *   grant does not count: deletion cannot be undone, so it stays with the organisation's owners,
 *   and platform staff archive instead (PRODUCT.md §3.1 via Huma: "deletion reserved to the Owner").
 *   Not while archived: archiving is the platform's call and hides the organisation from its
 *   Owners (their grants stop counting, loadGrants), so a Super Admin restores it before anyone
 *   deletes it. The policy says so itself rather than lean on how grants are loaded.
 * - create a deployment, invite staff: the permission there, and not while archived.
 */
export interface OrganisationFacts {
  id: string;
  archived: boolean;
}

const orgScope = (organisationId: string): AccessScope => ({
  type: 'ORGANISATION',
  organisationId,
});

const ARCHIVED: Refusal = {
  code: 'CONFLICT',
  message: 'The organisation is archived; restore it first.',
};

/** Replace name, kind, targets and legal links: `organisation:edit` there. */
export function editOrganisationRefusal(viewer: Viewer | null, o: OrganisationFacts) {
  return permissionRefusal(viewer, 'organisation:edit', orgScope(o.id));
}

/** Archive: platform `platform:organisations`, an organisation not archived yet. */
export function archiveOrganisationRefusal(
  viewer: Viewer | null,
  o: OrganisationFacts,
): Refusal | null {
  return (
    permissionRefusal(viewer, 'platform:organisations', PLATFORM) ??
    (o.archived ? { code: 'CONFLICT', message: 'The organisation is already archived.' } : null)
  );
}

/** Restore: a Super Admin (platform `platform:organisations` and `organisation:delete`), an archived organisation. */
export function restoreOrganisationRefusal(
  viewer: Viewer | null,
  o: OrganisationFacts,
): Refusal | null {
  const superAdmin =
    permissionRefusal(viewer, 'platform:organisations', PLATFORM) === null &&
    permissionRefusal(viewer, 'organisation:delete', PLATFORM) === null;
  if (!superAdmin)
    return {
      code: 'FORBIDDEN',
      message: 'Only a Super Admin may restore an organisation.',
      details: { permission: 'platform:organisations' },
    };
  return o.archived ? null : { code: 'CONFLICT', message: 'The organisation is not archived.' };
}

/** Delete for good: `organisation:delete` held in the organisation itself, not while archived. */
export function deleteOrganisationRefusal(
  viewer: Viewer | null,
  o: OrganisationFacts,
): Refusal | null {
  const owner = (viewer?.grants ?? []).some(
    (g) =>
      g.scopeType === 'ORGANISATION' &&
      g.organisationId === o.id &&
      g.permissions.has('organisation:delete'),
  );
  if (!owner)
    return {
      code: 'FORBIDDEN',
      message: 'Only an Organisation Owner may delete the organisation.',
      details: { permission: 'organisation:delete' },
    };
  return o.archived
    ? {
        code: 'CONFLICT',
        message:
          'The organisation is archived: a Super Admin restores it before it can be deleted.',
      }
    : null;
}

/** Create a deployment in it: `deployment:create` there, not while archived. */
export function createDeploymentRefusal(
  viewer: Viewer | null,
  o: OrganisationFacts,
): Refusal | null {
  return (
    permissionRefusal(viewer, 'deployment:create', orgScope(o.id)) ?? (o.archived ? ARCHIVED : null)
  );
}

/**
 * Invite staff into a place (the organisation or one of its deployments): `staff:manage` there,
 * and not when the organisation or the deployment is archived (its invitations would work as
 * withdrawn). Which roles may be given is the grant policy's (`grantRefusal`), checked first by
 * InvitationService. The organisation's and the deployment's `viewerCan.inviteStaff` are this.
 */
export function inviteStaffRefusal(
  viewer: Viewer | null,
  scope: AccessScope,
  archived: boolean,
): Refusal | null {
  return (
    permissionRefusal(
      viewer,
      'staff:manage',
      scope,
      'You need the “Add and remove staff” permission here to give or change roles.',
    ) ??
    (archived
      ? {
          code: 'CONFLICT',
          message: 'This organisation or deployment is archived: restore it before inviting staff.',
        }
      : null)
  );
}

/** An organisation's `viewerCan`: every field is one of the policies above. */
export function organisationViewerCan(viewer: Viewer | null, o: OrganisationFacts) {
  return {
    edit: editOrganisationRefusal(viewer, o) === null,
    archive: archiveOrganisationRefusal(viewer, o) === null,
    restore: restoreOrganisationRefusal(viewer, o) === null,
    delete: deleteOrganisationRefusal(viewer, o) === null,
    createDeployment: createDeploymentRefusal(viewer, o) === null,
    inviteStaff: inviteStaffRefusal(viewer, orgScope(o.id), o.archived) === null,
  };
}

/** The facts the policies read, from an organisation (entity or GraphQL object). */
export function organisationFacts(o: { id: string; archivedAt?: Date | null }): OrganisationFacts {
  return { id: o.id, archived: Boolean(o.archivedAt) };
}
