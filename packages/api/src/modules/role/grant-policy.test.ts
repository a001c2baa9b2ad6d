import { DEFAULT_ROLES, defaultRole, isPermission, type DefaultRoleKey } from '@porter/shared';
import { describe, expect, it } from 'vitest';
import type { AccessScope, Grant, Viewer } from '../../common/access.js';
import { grantRefusal, type GrantableRole } from './grant-policy.js';

const ORG: AccessScope = { type: 'ORGANISATION', organisationId: 'o1' };
const DEP: AccessScope = { type: 'DEPLOYMENT', organisationId: 'o1', deploymentId: 'd1' };
const OTHER_DEP: AccessScope = { type: 'DEPLOYMENT', organisationId: 'o1', deploymentId: 'd2' };

function holding(key: DefaultRoleKey | GrantableRole, scope: AccessScope): Viewer {
  const role = typeof key === 'string' ? defaultRole(key) : key;
  const grant: Grant = {
    assignmentId: 'a',
    roleId: typeof key === 'string' ? key : key.id,
    roleKey: typeof key === 'string' ? key : null,
    roleName: role.name,
    permissions: new Set((role.permissions as readonly string[]).filter(isPermission)),
    grants: new Set(typeof key === 'string' ? defaultRole(key).grants : []),
    scopeType: scope.type,
    organisationId: scope.type === 'PLATFORM' ? null : scope.organisationId,
    deploymentId: scope.type === 'DEPLOYMENT' ? scope.deploymentId : null,
  };
  return { userId: 'u', email: 'u@example.org', fullName: 'U', sessionId: null, grants: [grant] };
}

const role = (key: DefaultRoleKey): GrantableRole => {
  const r = DEFAULT_ROLES.find((d) => d.key === key)!;
  return {
    id: key,
    key,
    name: r.name,
    organisationId: null,
    permissions: r.permissions,
    scopes: r.scopes,
    keeper: r.keeper === true,
  };
};
const custom = (permissions: string[], extra: Partial<GrantableRole> = {}): GrantableRole => ({
  id: 'c1',
  key: null,
  name: 'Care coordinator',
  organisationId: 'o1',
  permissions,
  scopes: ['ORGANISATION', 'DEPLOYMENT'],
  keeper: false,
  ...extra,
});
const refusal = (viewer: Viewer, target: GrantableRole, scope: AccessScope) =>
  grantRefusal(viewer, target, scope)?.code ?? null;

describe('grant rules', () => {
  it('lets an Access Controller grant Organisation Staff and Deployment Staff but not Admin or Contributor', () => {
    const ac = holding('ACCESS_CONTROLLER', ORG);
    expect(refusal(ac, role('ORGANISATION_STAFF'), ORG)).toBeNull();
    expect(refusal(ac, role('DEPLOYMENT_STAFF'), DEP)).toBeNull();
    expect(refusal(ac, role('ADMIN'), DEP)).toBe('GRANT_NOT_ALLOWED');
    expect(refusal(ac, role('CONTRIBUTOR'), DEP)).toBe('GRANT_NOT_ALLOWED');
  });

  it('refuses a role at a level it is not made for', () => {
    expect(refusal(holding('ACCESS_CONTROLLER', ORG), role('DEPLOYMENT_STAFF'), ORG)).toBe(
      'ROLE_SCOPE_NOT_ALLOWED',
    );
    expect(refusal(holding('ADMIN', ORG), role('ORGANISATION_STAFF'), DEP)).toBe(
      'ROLE_SCOPE_NOT_ALLOWED',
    );
    expect(
      refusal(holding('ADMIN', ORG), custom(['patient:view'], { organisationId: 'o2' }), DEP),
    ).toBe('ROLE_SCOPE_NOT_ALLOWED');
  });

  it('needs staff:manage at the scope or above', () => {
    expect(refusal(holding('CONTRIBUTOR', DEP), role('CONTRIBUTOR'), DEP)).toBe('FORBIDDEN');
    expect(refusal(holding('ORGANISATION_STAFF', ORG), role('ORGANISATION_STAFF'), ORG)).toBe(
      'FORBIDDEN',
    );
    // An Admin of one deployment manages nothing in the next one, nor at organisation level.
    expect(refusal(holding('ADMIN', DEP), role('CONTRIBUTOR'), OTHER_DEP)).toBe('FORBIDDEN');
    expect(refusal(holding('ADMIN', DEP), role('ACCESS_CONTROLLER'), ORG)).toBe('FORBIDDEN');
    expect(refusal(holding('ADMIN', DEP), role('CONTRIBUTOR'), DEP)).toBeNull();
  });

  it('trusts the seeded chain that lets Editors and Support invite Owners and Admins', () => {
    expect(refusal(holding('ORGANISATION_EDITOR', ORG), role('ADMIN'), DEP)).toBeNull();
    expect(
      refusal(holding('ORGANISATION_EDITOR', ORG), role('ORGANISATION_OWNER'), ORG),
    ).toBeNull();
    expect(refusal(holding('SUPPORT', { type: 'PLATFORM' }), role('ADMIN'), DEP)).toBeNull();
    expect(refusal(holding('ORGANISATION_EDITOR', ORG), role('DEPLOYMENT_STAFF'), DEP)).toBe(
      'GRANT_NOT_ALLOWED',
    );
  });

  it('refuses a custom role with permissions beyond the granter’s own', () => {
    const ac = holding('ACCESS_CONTROLLER', ORG);
    expect(refusal(ac, custom(['patient:view', 'patient:contact']), DEP)).toBeNull();
    const refused = grantRefusal(ac, custom(['patient:view', 'patient:export']), DEP);
    expect(refused?.code).toBe('ESCALATION_REFUSED');
    expect(refused?.extensions.details).toEqual({ permissions: ['patient:export'] });
  });

  it('lets a custom role with staff:manage grant roles within its own permissions, never an administrator role', () => {
    const lead = holding(
      custom([
        'patient:view',
        'patient:view-identifiers',
        'proxy:invite',
        'staff:view',
        'staff:manage',
      ]),
      ORG,
    );
    expect(refusal(lead, role('CONTRIBUTOR'), DEP)).toBeNull();
    expect(refusal(lead, role('DEPLOYMENT_STAFF'), DEP)).toBe('ESCALATION_REFUSED');
    expect(refusal(lead, role('ADMIN'), DEP)).toBe('GRANT_NOT_ALLOWED');
  });
});
