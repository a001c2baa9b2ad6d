import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { access, type Viewer } from '../../common/access.js';
import type { Clock } from '../../common/clock.js';
import { decodeCursor, toConnection } from '../../common/pagination.js';
import { toDeployment } from '../deployment/index.js';
import { escapeLike, isUuid } from '../../common/ids.js';
import { resolveScope } from '../organisation/index.js';
import { toRole } from '../role/index.js';
import { InvitationEntity, OPEN_INVITATION_STATUSES } from './invitation.entity.js';
import { invitationFacts, invitationViewerCan } from './invitation.policy.js';
import type { InvitationSort, InvitationStatus, StaffInvitation } from './invitation.types.js';

export interface StaffInvitationListInput {
  organisationId: string;
  deploymentId?: string | null;
  search?: string | null;
  /** PENDING or EXPIRED; both when omitted (every invitation still waiting for an answer). */
  status?: 'PENDING' | 'EXPIRED' | null;
  roleId?: string | null;
  sort?: InvitationSort | null;
  first: number;
  after?: string | null;
}

const SORTS = {
  NEWEST: { column: 'createdAt', dir: 'desc' },
  OLDEST: { column: 'createdAt', dir: 'asc' },
  EXPIRING_SOON: { column: 'expiresAt', dir: 'asc' },
} as const;

export function invitationStatus(i: InvitationEntity, now: Date): InvitationStatus {
  if (i.status === 'PENDING' && i.expiresAt <= now) return 'EXPIRED';
  return i.status;
}

export class InvitationListService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /**
   * Pending (and expired, not yet answered) staff invitations of an organisation — all of its
   * deployments included — or of one deployment. Needs `staff:view` there. Keyset pages; no
   * total count, so a page costs the same at a million rows.
   */
  async list(viewer: Viewer, input: StaffInvitationListInput) {
    const scope = await resolveScope(this.em, viewer, input.organisationId, input.deploymentId);
    access.require(viewer, 'staff:view', scope);
    const now = this.clock.now();
    const sort = SORTS[input.sort ?? 'NEWEST'];
    const where: FilterQuery<InvitationEntity>[] = [
      {
        organisation: input.organisationId,
        kind: 'STAFF',
        status: { $in: [...OPEN_INVITATION_STATUSES] },
      },
    ];
    if (scope.type === 'DEPLOYMENT') where.push({ deployment: scope.deploymentId });
    if (input.status === 'PENDING') where.push({ status: 'PENDING', expiresAt: { $gt: now } });
    if (input.status === 'EXPIRED')
      where.push({ $or: [{ status: 'EXPIRED' }, { expiresAt: { $lte: now } }] });
    if (input.roleId)
      where.push({
        role: isUuid(input.roleId) ? input.roleId : '00000000-0000-0000-0000-000000000000',
      });
    if (input.search?.trim())
      where.push({ address: { $ilike: `%${escapeLike(input.search.trim().toLowerCase())}%` } });
    if (input.after) {
      const [value, id] = decodeCursor(input.after, 2) as [string, string];
      const cmp = sort.dir === 'asc' ? '$gt' : '$lt';
      const at = new Date(value);
      where.push({
        $or: [{ [sort.column]: { [cmp]: at } }, { [sort.column]: at, id: { [cmp]: id } }],
      });
    }
    const rows = await this.em.find(
      InvitationEntity,
      { $and: where },
      {
        populate: ['role', 'deployment', 'invitedBy'],
        orderBy: [{ [sort.column]: sort.dir, id: sort.dir }],
        limit: input.first + 1,
      },
    );
    return toConnection(
      rows,
      input.first,
      (r) => [r[sort.column].toISOString(), r.id],
      (r) => this.toStaffInvitation(viewer, r, now),
    );
  }

  toStaffInvitation(viewer: Viewer, i: InvitationEntity, now: Date): StaffInvitation {
    return {
      id: i.id,
      email: i.address,
      role: toRole(i.role!),
      deployment: i.deployment ? toDeployment(i.deployment) : null,
      status: invitationStatus(i, now),
      invitedBy: i.invitedBy ? { id: i.invitedBy.id, fullName: i.invitedBy.fullName } : null,
      createdAt: i.createdAt,
      lastSentAt: i.lastSentAt ?? null,
      sentCount: i.sentCount,
      expiresAt: i.expiresAt,
      expiryHours: i.expiryHours,
      remindedAt: i.remindedAt ?? null,
      deliveryStatus: i.deliveryStatus,
      deliveryError: i.deliveryError ?? null,
      viewerCan: invitationViewerCan(viewer, invitationFacts(i), now),
    };
  }
}
