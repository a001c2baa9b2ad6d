import type { EntityManager } from '@mikro-orm/postgresql';
import type { Sealer } from '../../common/secret.js';
import { hashToken, newToken } from '../auth/token.js';
import { InviteLinkEntity } from './invite-link.entity.js';

/** Tests: a patient invite link written directly, with its raw token. */
export async function makeInviteLink(
  em: EntityManager,
  sealer: Sealer,
  scope: { organisationId: string; deploymentId: string },
  options: { expiryHours?: number; maxUses?: number | null; label?: string | null; createdById?: string | null; now?: Date } = {},
): Promise<{ link: InviteLinkEntity; token: string }> {
  const token = newToken();
  const expiryHours = options.expiryHours ?? 168;
  const now = options.now ?? new Date();
  const link = em.create(InviteLinkEntity, {
    kind: 'PATIENT',
    organisation: scope.organisationId,
    deployment: scope.deploymentId,
    label: options.label ?? null,
    tokenHash: hashToken(token),
    sealedToken: sealer.seal(token),
    expiryHours,
    expiresAt: new Date(now.getTime() + expiryHours * 3_600_000),
    maxUses: options.maxUses ?? null,
    createdBy: options.createdById ?? null,
    createdAt: now,
  });
  await em.flush();
  return { link, token };
}
