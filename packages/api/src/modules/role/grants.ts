import type { EntityManager } from '@mikro-orm/postgresql';
import type { Grant } from '../../common/access.js';

interface GrantRow {
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
 * The live grants of a user, read fresh on every request so that a removal or role change takes
 * effect at once in every session. Grants inside archived organisations are left out.
 */
export async function loadGrants(em: EntityManager, userId: string): Promise<Grant[]> {
  const rows = await em.getConnection().execute<GrantRow[]>(
    `select ra.id as assignment_id, r.id as role_id, r.key as role_key, r.name as role_name, r.permissions, r.grants,
            ra.scope_type, ra.organisation_id, ra.deployment_id
       from role_assignment ra
       join role r on r.id = ra.role_id
       left join organisation o on o.id = ra.organisation_id
      where ra.user_id = ? and ra.ended_at is null and (o.id is null or o.archived_at is null)
      order by ra.created_at`,
    [userId],
  );
  return rows.map((r) => ({
    assignmentId: r.assignment_id,
    roleId: r.role_id,
    roleKey: r.role_key,
    roleName: r.role_name,
    permissions: new Set(r.permissions),
    grants: new Set(r.grants),
    scopeType: r.scope_type,
    organisationId: r.organisation_id,
    deploymentId: r.deployment_id,
  }));
}
