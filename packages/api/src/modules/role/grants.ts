import type { EntityManager } from '@mikro-orm/postgresql';
import { isPermission } from '@porter/shared';
import type { Grant } from '../../common/access.js';

export interface GrantRow {
  assignment_id: string;
  role_id: string;
  role_key: string | null;
  role_name: string;
  permissions: string[];
  grants: string[];
  scope_type: Grant['scopeType'];
  organisation_id: string | null;
  deployment_id: string | null;
}

/**
 * The live grants of the user whose id is the statement's `user_id` column, as one JSON array
 * (a subquery, so the per-request session lookup reads session, user and grants in one round
 * trip). Grants inside archived organisations, and in archived deployments, are left out.
 */
export const GRANTS_JSON_SQL = `coalesce((
    select json_agg(json_build_object(
             'assignment_id', ra.id, 'role_id', r.id, 'role_key', r.key, 'role_name', r.name, 'permissions', r.permissions,
             'grants', r.grants, 'scope_type', ra.scope_type, 'organisation_id', ra.organisation_id, 'deployment_id', ra.deployment_id)
           order by ra.created_at)
      from role_assignment ra
      join role r on r.id = ra.role_id
      left join organisation o on o.id = ra.organisation_id
      left join deployment d on d.id = ra.deployment_id
     where ra.user_id = u.id and ra.ended_at is null and (o.id is null or o.archived_at is null)
       and (d.id is null or d.status <> 'ARCHIVED')), '[]'::json)`;

/**
 * The live grants of a user, read fresh on every request so that a removal or role change takes
 * effect at once in every session.
 */
export async function loadGrants(em: EntityManager, userId: string): Promise<Grant[]> {
  const [row] = await em
    .getConnection()
    .execute<{ grants: GrantRow[] | string }[]>(
      `select ${GRANTS_JSON_SQL} as grants from app_user u where u.id = ?`,
      [userId],
      'all',
      em.getTransactionContext(),
    );
  return grantsFromJson(row?.grants ?? []);
}

/** Grants from the JSON array that GRANTS_JSON_SQL yields (the driver may hand it over as text). */
export function grantsFromJson(value: GrantRow[] | string): Grant[] {
  const rows: GrantRow[] = typeof value === 'string' ? (JSON.parse(value) as GrantRow[]) : value;
  return rows.map((r) => ({
    assignmentId: r.assignment_id,
    roleId: r.role_id,
    roleKey: r.role_key,
    roleName: r.role_name,
    // Keys the catalogue no longer lists grant nothing.
    permissions: new Set(r.permissions.filter(isPermission)),
    grants: new Set(r.grants),
    scopeType: r.scope_type,
    organisationId: r.organisation_id,
    deploymentId: r.deployment_id,
  }));
}
