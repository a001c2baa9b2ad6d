import { DEFAULT_ROLES, defaultRole, type DefaultRoleKey } from '@porter/shared';
import { describe, expect, it } from 'vitest';
import type { AccessScope, Viewer } from '../../common/access.js';
import type { GrantableRole } from '../role/grant-policy.js';
import { ADMIN_PERMISSIONS, isLinkableRole, staffLinkRefusal } from './staff-link-policy.js';

const ORG: AccessScope = { type: 'ORGANISATION', organisationId: 'o1' };
const DEP: AccessScope = { type: 'DEPLOYMENT', organisationId: 'o1', deploymentId: 'd1' };

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

function holding(key: DefaultRoleKey, scope: AccessScope): Viewer {
  const r = defaultRole(key);
  return {
    userId: 'u',
    email: 'u@example.org',
    fullName: 'U',
    sessionId: null,
    grants: [
      {
        assignmentId: 'a',
        roleId: key,
        roleKey: key,
        roleName: r.name,
        permissions: new Set(r.permissions),
        grants: new Set(r.grants),
        scopeType: scope.type,
        organisationId: scope.type === 'PLATFORM' ? null : scope.organisationId,
        deploymentId: scope.type === 'DEPLOYMENT' ? scope.deploymentId : null,
      },
    ],
  };
}

describe('isLinkableRole', () => {
  it('accepts the default roles without admin permissions and refuses the rest', () => {
    const linkable = DEFAULT_ROLES.filter((r) => isLinkableRole(r)).map((r) => r.key);
    expect(linkable).toEqual(['ORGANISATION_STAFF', 'DEPLOYMENT_STAFF', 'CONTRIBUTOR']);
  });

  it.each(ADMIN_PERMISSIONS)('refuses a custom role holding %s', (permission) => {
    expect(isLinkableRole({ permissions: ['patient:view', permission] })).toBe(false);
  });

  it('accepts a custom role with patient permissions only', () => {
    expect(
      isLinkableRole({
        permissions: ['patient:view', 'patient:manage', 'staff:view', 'audit:view'],
      }),
    ).toBe(true);
  });
});

describe('staffLinkRefusal', () => {
  it('lets an Admin put Deployment Staff on a link, but not Admin or Access Controller', () => {
    const admin = holding('ADMIN', DEP);
    expect(staffLinkRefusal(admin, role('DEPLOYMENT_STAFF'), DEP)).toBeNull();
    expect(staffLinkRefusal(admin, role('ADMIN'), DEP)?.code).toBe('ROLE_NOT_LINKABLE');
    expect(staffLinkRefusal(holding('ADMIN', ORG), role('ACCESS_CONTROLLER'), ORG)?.code).toBe(
      'ROLE_NOT_LINKABLE',
    );
  });

  it('applies the grant policy first: no staff:manage, no link', () => {
    expect(staffLinkRefusal(holding('DEPLOYMENT_STAFF', DEP), role('CONTRIBUTOR'), DEP)?.code).toBe(
      'FORBIDDEN',
    );
    expect(staffLinkRefusal(holding('ADMIN', DEP), role('ORGANISATION_STAFF'), DEP)?.code).toBe(
      'ROLE_SCOPE_NOT_ALLOWED',
    );
  });
});
