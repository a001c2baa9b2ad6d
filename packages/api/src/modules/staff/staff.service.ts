import type { EntityManager, FilterQuery, QueryOrderMap } from '@mikro-orm/postgresql';
import type { ScopeType } from '@porter/shared';
import { access, type AccessScope, type Viewer } from '../../common/access.js';
import type { Clock } from '../../common/clock.js';
import { AppError, NotFoundError } from '../../common/errors.js';
import { decodeCursor, toConnection } from '../../common/pagination.js';
import { reachRecord, type RecordScope } from '../../common/record-access.js';
import { audit } from '../audit/index.js';
import { toDeployment } from '../deployment/index.js';
import { escapeLike, isUuid } from '../../common/ids.js';
import { resolveScope } from '../organisation/index.js';
import {
  requireGrant,
  RoleAssignmentEntity,
  RoleEntity,
  toGrantable,
  toRole,
} from '../role/index.js';
import { changeStaffRefusal, staffViewerCan, type StaffFacts } from './staff.policy.js';
import type { StaffMember } from './staff.types.js';

export const STAFF_SORTS = [
  'JOINED_DESC',
  'JOINED_ASC',
  'NAME_ASC',
  'NAME_DESC',
  'EMAIL_ASC',
  'EMAIL_DESC',
] as const;
export type StaffSort = (typeof STAFF_SORTS)[number];

export interface StaffListInput {
  organisationId: string;
  deploymentId?: string | null;
  search?: string | null;
  roleId?: string | null;
  scopeType?: ScopeType | null;
  sort?: StaffSort | null;
  first: number;
  after?: string | null;
}

type SortSpec = {
  key: (r: RoleAssignmentEntity) => string;
  column: 'createdAt' | 'fullName' | 'email';
  dir: 'asc' | 'desc';
};
const SORTS: Record<StaffSort, SortSpec> = {
  JOINED_DESC: { key: (r) => r.createdAt.toISOString(), column: 'createdAt', dir: 'desc' },
  JOINED_ASC: { key: (r) => r.createdAt.toISOString(), column: 'createdAt', dir: 'asc' },
  NAME_ASC: { key: (r) => r.user.fullName, column: 'fullName', dir: 'asc' },
  NAME_DESC: { key: (r) => r.user.fullName, column: 'fullName', dir: 'desc' },
  EMAIL_ASC: { key: (r) => r.user.email ?? '', column: 'email', dir: 'asc' },
  EMAIL_DESC: { key: (r) => r.user.email ?? '', column: 'email', dir: 'desc' },
};

const staffFacts = (a: RoleAssignmentEntity): StaffFacts => ({
  userId: a.user.id,
  role: toGrantable(a.role),
  scope: scopeOf(a),
});

function scopeOf(a: RoleAssignmentEntity): AccessScope {
  if (a.scopeType === 'PLATFORM') return { type: 'PLATFORM' };
  if (a.scopeType === 'ORGANISATION')
    return { type: 'ORGANISATION', organisationId: a.organisation!.id };
  return { type: 'DEPLOYMENT', organisationId: a.organisation!.id, deploymentId: a.deployment!.id };
}

export class StaffService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /**
   * Staff of an organisation (every organisation and deployment role in it) or of one deployment,
   * filtered, searched, sorted and paged by keyset. Needs `staff:view` at that scope.
   * Errors: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT (cursor).
   */
  async list(viewer: Viewer, input: StaffListInput) {
    const scope = await resolveScope(this.em, viewer, input.organisationId, input.deploymentId);
    access.require(viewer, 'staff:view', scope);
    const sort = SORTS[input.sort ?? 'JOINED_DESC'];

    const where: FilterQuery<RoleAssignmentEntity>[] = [
      { endedAt: null, organisation: input.organisationId },
    ];
    if (scope.type === 'DEPLOYMENT') where.push({ deployment: scope.deploymentId });
    if (input.roleId)
      where.push({
        role: isUuid(input.roleId) ? input.roleId : '00000000-0000-0000-0000-000000000000',
      });
    if (input.scopeType) where.push({ scopeType: input.scopeType });
    if (input.search?.trim()) {
      const like = `%${escapeLike(input.search.trim())}%`;
      where.push({
        $or: [{ user: { fullName: { $ilike: like } } }, { user: { email: { $ilike: like } } }],
      });
    }
    if (input.after) {
      const [value, id] = decodeCursor(input.after, 2) as [string, string];
      const cmp = sort.dir === 'asc' ? '$gt' : '$lt';
      const v = sort.column === 'createdAt' ? new Date(value) : value;
      const field = (x: unknown) =>
        sort.column === 'createdAt' ? { createdAt: x } : { user: { [sort.column]: x } };
      where.push({
        $or: [field({ [cmp]: v }), { ...field(v), id: { [cmp]: id } }],
      } as FilterQuery<RoleAssignmentEntity>);
    }
    const orderBy = (
      sort.column === 'createdAt'
        ? { createdAt: sort.dir, id: sort.dir }
        : { user: { [sort.column]: sort.dir }, id: sort.dir }
    ) as QueryOrderMap<RoleAssignmentEntity>;
    const rows = await this.em.find(
      RoleAssignmentEntity,
      { $and: where },
      {
        populate: ['user', 'role', 'deployment', 'organisation'],
        orderBy: [orderBy],
        limit: input.first + 1,
      },
    );
    return toConnection(
      rows,
      input.first,
      (r) => [sort.key(r), r.id],
      (r) => this.toStaffMember(viewer, r),
    );
  }

  /**
   * Gives a staff member another role at the same scope. The viewer must be able to grant both
   * the current and the new role there (grant rules, `staff:manage`, no escalation), may not
   * change their own role, and may not demote the last Owner/Admin of the scope.
   * Errors: NOT_FOUND, FORBIDDEN, GRANT_NOT_ALLOWED, ESCALATION_REFUSED, ROLE_SCOPE_NOT_ALLOWED, LAST_KEEPER.
   */
  async changeRole(
    viewer: Viewer,
    assignmentId: string,
    roleId: string,
    ip: string | null,
  ): Promise<RoleAssignmentEntity> {
    return this.em.transactional(async (tx) => {
      await this.lockScopeOf(tx, assignmentId);
      const assignment = await this.loadForChange(tx, viewer, assignmentId);
      const scope = scopeOf(assignment);
      const role = isUuid(roleId)
        ? await tx.findOne(RoleEntity, { id: roleId, deletedAt: null })
        : null;
      if (!role || (role.organisation && role.organisation.id !== assignment.organisation?.id))
        throw new NotFoundError('Role', roleId);
      if (role.id === assignment.role.id) return assignment;
      requireGrant(viewer, toGrantable(role), scope);
      if (assignment.role.keeper && !role.keeper) await this.assertAnotherKeeper(tx, assignment);
      const before = { role: assignment.role.name, roleId: assignment.role.id };
      assignment.role = role;
      this.audit(
        tx,
        viewer,
        assignment,
        'role.changed',
        before,
        { role: role.name, roleId: role.id },
        ip,
      );
      return assignment;
    });
  }

  /**
   * Removes a staff member from a scope: the assignment ends, and every session of theirs loses
   * that scope on its next request. Same checks as changeRole.
   */
  async remove(viewer: Viewer, assignmentId: string, ip: string | null): Promise<void> {
    await this.em.transactional(async (tx) => {
      await this.lockScopeOf(tx, assignmentId);
      const assignment = await this.loadForChange(tx, viewer, assignmentId);
      if (assignment.role.keeper) await this.assertAnotherKeeper(tx, assignment);
      assignment.endedAt = this.clock.now();
      this.audit(
        tx,
        viewer,
        assignment,
        'role.removed',
        { role: assignment.role.name, roleId: assignment.role.id },
        null,
        ip,
      );
    });
  }

  toStaffMember(viewer: Viewer, r: RoleAssignmentEntity): StaffMember {
    return {
      id: r.id,
      user: { id: r.user.id, fullName: r.user.fullName, email: r.user.email ?? '' },
      role: toRole(r.role),
      scopeType: r.scopeType,
      deployment: r.deployment ? toDeployment(r.deployment) : null,
      joinedAt: r.createdAt,
      viewerCan: staffViewerCan(viewer, staffFacts(r)),
    };
  }

  private audit(
    tx: EntityManager,
    viewer: Viewer,
    assignment: RoleAssignmentEntity,
    action: 'role.changed' | 'role.removed',
    before: Record<string, unknown>,
    after: Record<string, unknown> | null,
    ip: string | null,
  ): void {
    audit(tx, this.clock, {
      action,
      actor: { id: viewer.userId, email: viewer.email },
      organisationId: assignment.organisation?.id ?? null,
      deploymentId: assignment.deployment?.id ?? null,
      target: { type: 'User', id: assignment.user.id, label: assignment.user.email },
      before,
      after,
      ip,
    });
  }

  /** A live organisation/deployment assignment the viewer can enter and is allowed to change (locked for the transaction). */
  private async loadForChange(
    tx: EntityManager,
    viewer: Viewer,
    assignmentId: string,
  ): Promise<RoleAssignmentEntity> {
    const { record } = await reachRecord(tx, viewer, RoleAssignmentEntity, assignmentId, {
      what: 'Staff member',
      where: { endedAt: null },
      populate: ['user', 'role', 'deployment'],
      // Platform roles are not changed here.
      scope: (a) => (a.scopeType === 'PLATFORM' ? null : (scopeOf(a) as RecordScope)),
      check: (a) => changeStaffRefusal(viewer, staffFacts(a)),
    });
    return record;
  }

  /**
   * Serialises the staff changes of one scope, before any row is locked: two removals of a
   * scope's last two Admins used to lock each other's rows in opposite orders and deadlock (one
   * answered INTERNAL_SERVER_ERROR). With this lock the second waits, then sees the first's
   * result and answers LAST_KEEPER. It says nothing about the row to a viewer who cannot see it.
   */
  private async lockScopeOf(tx: EntityManager, assignmentId: string): Promise<void> {
    if (!isUuid(assignmentId)) return;
    await tx.getConnection().execute(
      `select pg_advisory_xact_lock(hashtextextended('staff-scope:' || coalesce(organisation_id::text, '') || ':' || coalesce(deployment_id::text, ''), 0))
         from role_assignment where id = ?`,
      [assignmentId],
      'all',
      tx.getTransactionContext(),
    );
  }

  /** Refuses to leave a scope without any holder of an Owner/Admin-level role. Locks the scope's keepers. */
  private async assertAnotherKeeper(
    tx: EntityManager,
    assignment: RoleAssignmentEntity,
  ): Promise<void> {
    const others = await tx.getConnection().execute<{ id: string }[]>(
      `select ra.id from role_assignment ra join role r on r.id = ra.role_id
        where ra.ended_at is null and r.keeper and ra.id <> ?
          and ra.organisation_id is not distinct from ? and ra.deployment_id is not distinct from ?
        for update of ra`,
      [assignment.id, assignment.organisation?.id ?? null, assignment.deployment?.id ?? null],
      'all',
      tx.getTransactionContext(),
    );
    if (others.length === 0) {
      throw new AppError(
        'LAST_KEEPER',
        `${assignment.user.fullName} is the last ${assignment.role.name} here; give someone else that role first.`,
      );
    }
  }
}
