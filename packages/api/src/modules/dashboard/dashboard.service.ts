import type { EntityManager } from '@mikro-orm/postgresql';
import { access, type AccessScope, type Viewer } from '../../common/access.js';
import type { Clock } from '../../common/clock.js';
import { INVITATION_KINDS, type InvitationKind, COMPACT_SQL } from '../invitation/index.js';
import { resolveScope } from '../organisation/index.js';
import { RoleEntity, toRole } from '../role/index.js';
import { PLATFORM_SCOPE_ID } from './invitation-stat.entity.js';
import type { AdminDashboard, DashboardWeek } from './dashboard.types.js';

export const DASHBOARD_WEEKS = 12;
export const ACTIVE_DAYS = 30;
export const MEDIAN_WINDOW_DAYS = 90;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export interface DashboardInput {
  organisationId?: string | null;
  deploymentId?: string | null;
  kind?: InvitationKind | null;
}

/** Monday 00:00 UTC of the week holding `at`. */
export function weekStart(at: Date): Date {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  return new Date(day - ((new Date(day).getUTCDay() + 6) % 7) * DAY);
}

/**
 * The median of a latency histogram, as percentile_cont(0.5) would give over the values if each
 * value were its bucket's mean: the middle rank (or the two around it, interpolated).
 */
export function histogramMedian(buckets: readonly { n: number; ms: number }[]): number | null {
  const total = buckets.reduce((sum, b) => sum + b.n, 0);
  if (total === 0) return null;
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const b of buckets) {
      seen += b.n;
      if (rank < seen) return b.ms / b.n;
    }
    return buckets[buckets.length - 1]!.ms / buckets[buckets.length - 1]!.n;
  };
  const middle = (total - 1) / 2;
  const low = valueAt(Math.floor(middle));
  const high = valueAt(Math.ceil(middle));
  return (low + (high - low) * (middle - Math.floor(middle))) / 1000;
}

/** Where role assignments of a scope live: all of them, one organisation's, or one deployment's. */
function assignmentFilter(scope: AccessScope): { sql: string; params: string[] } {
  if (scope.type === 'PLATFORM') return { sql: 'true', params: [] };
  if (scope.type === 'ORGANISATION')
    return { sql: 'ra.organisation_id = ?', params: [scope.organisationId] };
  return { sql: 'ra.deployment_id = ?', params: [scope.deploymentId] };
}

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * The five statements of a dashboard, with `?` placeholders (exported for bench/dashboard.ts, which
 * times each with EXPLAIN ANALYZE). Invitation figures read the rollups by primary-key range only.
 */
export function dashboardStatements(scope: AccessScope, now: Date, kind: InvitationKind | null) {
  const scopeId =
    scope.type === 'PLATFORM'
      ? PLATFORM_SCOPE_ID
      : scope.type === 'ORGANISATION'
        ? scope.organisationId
        : scope.deploymentId;
  const hour = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const thisWeek = weekStart(now);
  const firstWeek = new Date(thisWeek.getTime() - (DASHBOARD_WEEKS - 1) * WEEK);
  const nextWeek = new Date(thisWeek.getTime() + WEEK);
  const today = new Date(Math.floor(now.getTime() / DAY) * DAY);
  const windowStart = new Date(today.getTime() - (MEDIAN_WINDOW_DAYS - 1) * DAY)
    .toISOString()
    .slice(0, 10);
  const kinds: readonly InvitationKind[] = kind ? [kind] : INVITATION_KINDS;
  const kindList = kinds.map(() => '?').join(', ');
  const people = assignmentFilter(scope);
  const statements = {
    roles: {
      sql: `select ra.role_id, count(*)::int as n from role_assignment ra where ra.ended_at is null and ${people.sql} group by ra.role_id`,
      params: people.params,
    },
    staff: {
      sql: `with people as (select distinct ra.user_id from role_assignment ra where ra.ended_at is null and ${people.sql})
         select count(*)::int as staff,
                count(*) filter (where exists (select 1 from session s where s.user_id = p.user_id and s.last_seen_at >= ?))::int as active
           from people p`,
      params: [...people.params, new Date(now.getTime() - ACTIVE_DAYS * DAY)],
    },
    weeks: {
      sql: `select date_trunc('week', hour, 'UTC') as week, sum(sent)::int as sent, sum(accepted)::int as accepted,
                coalesce(sum(expiring) filter (where hour < ?), 0)::int as expired
           from invitation_stat
          where scope_id = ? and kind in (${kindList}) and hour >= ? and hour < ?
          group by 1`,
      params: [hour, scopeId, ...kinds, firstWeek, nextWeek],
    },
    pending: {
      sql: `select kind, sum(expiring)::int as n from invitation_stat where scope_id = ? and kind in ('STAFF', 'PATIENT', 'PROXY') and hour >= ? group by kind`,
      params: [scopeId, hour],
    },
    histogram: {
      sql: `select bucket, sum(accepted)::int as n, sum(total_ms)::float8 as ms
           from invitation_accept_stat
          where scope_id = ? and kind in (${kindList}) and day >= ?::date
          group by bucket having sum(accepted) > 0 order by bucket`,
      params: [scopeId, ...kinds, windowStart],
    },
  } satisfies Record<string, Statement>;
  return {
    ...statements,
    compact: { sql: COMPACT_SQL, params: [scopeId, scopeId, scopeId, scopeId] } satisfies Statement,
    firstWeek,
  };
}

export class DashboardService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /**
   * The dashboard of the platform, an organisation (with its deployments) or one deployment. Needs
   * `staff:view` there; ids the viewer cannot enter are NOT_FOUND. Five small statements: two on role assignments and sessions (a scope's
   * staff), three on the invitation rollups, each a range of their key index, so the cost does not
   * grow with the number of invitations. Reads sum the rollups' delta rows, so they are right
   * whether or not the compaction job (dashboard.jobs.ts) has folded them yet.
   * Errors: NOT_FOUND, FORBIDDEN.
   */
  async load(viewer: Viewer, input: DashboardInput): Promise<AdminDashboard> {
    const scope = await resolveScope(this.em, viewer, input.organisationId, input.deploymentId);
    access.require(viewer, 'staff:view', scope);
    const now = this.clock.now();
    const q = dashboardStatements(scope, now, input.kind ?? null);
    const run = <T extends object>(statement: Statement) =>
      this.em
        .getConnection()
        .execute<T[]>(statement.sql, statement.params, 'all', this.em.getTransactionContext());
    const [roles, staff, weeks, pending, histogram] = await Promise.all([
      run<{ role_id: string; n: number }>(q.roles),
      run<{ staff: number; active: number }>(q.staff),
      run<{ week: Date | string; sent: number; accepted: number; expired: number }>(q.weeks),
      run<{ kind: InvitationKind; n: number }>(q.pending),
      run<{ n: number; ms: number }>(q.histogram),
    ]);
    const firstWeek = q.firstWeek;

    const roleEntities = roles.length
      ? await this.em.find(RoleEntity, { id: { $in: roles.map((r) => r.role_id) } })
      : [];
    const roleById = new Map(roleEntities.map((r) => [r.id, r]));
    const byWeek = new Map(weeks.map((w) => [new Date(w.week).getTime(), w]));
    const pendingByKind = new Map(pending.map((p) => [p.kind, p.n]));

    return {
      scopeType: scope.type,
      kind: input.kind ?? null,
      generatedAt: now,
      staff: staff[0]?.staff ?? 0,
      activeStaff: staff[0]?.active ?? 0,
      activeDays: ACTIVE_DAYS,
      usersByRole: roles
        .filter((r) => roleById.has(r.role_id))
        .map((r) => ({ role: toRole(roleById.get(r.role_id)!), assignments: r.n }))
        .sort((a, b) => b.assignments - a.assignments || a.role.name.localeCompare(b.role.name)),
      pendingInvitations: INVITATION_KINDS.map((kind) => ({
        kind,
        pending: pendingByKind.get(kind) ?? 0,
      })),
      weeks: Array.from({ length: DASHBOARD_WEEKS }, (_, i): DashboardWeek => {
        const start = new Date(firstWeek.getTime() + i * WEEK);
        const w = byWeek.get(start.getTime());
        return {
          weekStart: start,
          sent: w?.sent ?? 0,
          accepted: w?.accepted ?? 0,
          expired: w?.expired ?? 0,
        };
      }),
      acceptedInWindow: histogram.reduce((sum, b) => sum + b.n, 0),
      medianSecondsToAccept: histogramMedian(histogram),
      medianWindowDays: MEDIAN_WINDOW_DAYS,
    };
  }
}
