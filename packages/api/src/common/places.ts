import type { AccessScope } from './access.js';

/** An organisation or one of its deployments: where records live (never the platform). */
export type TenantScope = Exclude<AccessScope, { type: 'PLATFORM' }>;

/** A record placed at an organisation and, for deployment records, one of its deployments. */
export interface Placed {
  organisation: { id: string };
  deployment?: { id: string } | null;
}

/** The access scope a record lives at: its deployment when it has one, else its organisation. */
export function scopeOf(placed: Placed): TenantScope {
  return scopeAt(placed.organisation.id, placed.deployment?.id);
}

/** The access scope of an organisation id and, when given, one of its deployments' ids. */
export function scopeAt(organisationId: string, deploymentId?: string | null): TenantScope {
  return deploymentId
    ? { type: 'DEPLOYMENT', organisationId, deploymentId }
    : { type: 'ORGANISATION', organisationId };
}

/**
 * Whether an invitation or invite link leads into an archived organisation or deployment (with
 * those relations loaded): it then works as if withdrawn, so nobody joins a place that is closed.
 */
export function isArchivedPlace(target: {
  organisation: { archivedAt?: Date | null };
  deployment?: { status?: string } | null;
}): boolean {
  return Boolean(target.organisation.archivedAt) || target.deployment?.status === 'ARCHIVED';
}
