import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_ROLES, type DefaultRoleKey } from '@porter/shared';
import type { AccessScope } from '../src/common/access.js';
import { makeStaff, makeTenant } from './factories.js';

/** Where each default role naturally sits in a tenant. */
export function naturalScope(
  role: DefaultRoleKey,
  tenant: Awaited<ReturnType<typeof makeTenant>>,
): AccessScope {
  const def = DEFAULT_ROLES.find((r) => r.key === role)!;
  if (def.scopes.includes('PLATFORM')) return { type: 'PLATFORM' };
  if (def.scopes.includes('ORGANISATION') && role !== 'ADMIN') return tenant.scopes.organisation;
  return tenant.scopes.first;
}

/**
 * A home tenant with one holder of every default role (email `<role>@home.org`, lower-case key),
 * and a foreign tenant with its own Owner, Admin and Deployment Staff.
 */
export async function makeWorld(em: EntityManager) {
  const home = await makeTenant(em);
  const foreign = await makeTenant(em);
  const emails = {} as Record<DefaultRoleKey, string>;
  for (const role of DEFAULT_ROLES) {
    emails[role.key] = `${role.key.toLowerCase()}@home.org`;
    await makeStaff(em, role.key, naturalScope(role.key, home), emails[role.key]);
  }
  await makeStaff(em, 'ORGANISATION_OWNER', foreign.scopes.organisation, 'owner@foreign.org');
  await makeStaff(em, 'ADMIN', foreign.scopes.first, 'admin@foreign.org');
  await makeStaff(em, 'DEPLOYMENT_STAFF', foreign.scopes.first, 'staff@foreign.org');
  return { home, foreign, emails };
}
