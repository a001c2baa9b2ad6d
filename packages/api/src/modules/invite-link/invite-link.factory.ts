import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../common/access.js';
import type { Sealer } from '../../common/secret.js';
import { scopeAt } from '../../common/places.js';
import { loadGrants, RoleEntity, toGrantable } from '../role/index.js';
import { hashToken, newToken } from '../auth/index.js';
import { InviteLinkEntity } from './invite-link.entity.js';
import { staffLinkRefusal } from './staff-link-policy.js';

/**
 * Tests: an invite link written directly, with its raw token. A patient link by default; with
 * `roleId`, a staff link giving that role at the scope (the organisation when `deploymentId` is null),
 * made by a member of the organisation who may give that role there unless `createdById` says who (a staff link only works while its
 * maker may still give the role).
 */
export async function makeInviteLink(
  em: EntityManager,
  sealer: Sealer,
  scope: { organisationId: string; deploymentId: string | null },
  options: {
    expiryHours?: number;
    maxUses?: number | null;
    label?: string | null;
    createdById?: string | null;
    now?: Date;
    roleId?: string;
  } = {},
): Promise<{ link: InviteLinkEntity; token: string }> {
  const token = newToken();
  const expiryHours = options.expiryHours ?? 168;
  const now = options.now ?? new Date();
  let createdById = options.createdById ?? null;
  if (options.roleId && options.createdById === undefined)
    createdById = await someoneWhoMayGive(em, scope, options.roleId);
  const link = em.create(InviteLinkEntity, {
    kind: options.roleId ? 'STAFF' : 'PATIENT',
    organisation: scope.organisationId,
    deployment: scope.deploymentId,
    role: options.roleId ?? null,
    label: options.label ?? null,
    tokenHash: hashToken(token),
    sealedToken: sealer.seal(token),
    expiryHours,
    expiresAt: new Date(now.getTime() + expiryHours * 3_600_000),
    maxUses: options.maxUses ?? null,
    createdBy: createdById,
    createdAt: now,
  });
  await em.flush();
  return { link, token };
}

/** The first member of the organisation whose grants let them put `roleId` on a link at `scope`. */
async function someoneWhoMayGive(
  em: EntityManager,
  scope: { organisationId: string; deploymentId: string | null },
  roleId: string,
): Promise<string | null> {
  const role = toGrantable(await em.findOneOrFail(RoleEntity, { id: roleId }));
  const members = await em
    .getConnection()
    .execute<{ user_id: string }[]>(
      'select distinct on (user_id) user_id, created_at from role_assignment where organisation_id = ? and ended_at is null order by user_id, created_at',
      [scope.organisationId],
    );
  const at = scopeAt(scope.organisationId, scope.deploymentId);
  for (const { user_id } of members) {
    const viewer: Viewer = {
      userId: user_id,
      email: null,
      fullName: '',
      sessionId: null,
      grants: await loadGrants(em, user_id),
    };
    if (!staffLinkRefusal(viewer, role, at)) return user_id;
  }
  return null;
}
