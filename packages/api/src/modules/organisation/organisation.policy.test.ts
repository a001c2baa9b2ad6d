import { defaultRole, type DefaultRoleKey } from '@porter/shared';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../common/access.js';
import { deleteOrganisationRefusal, organisationViewerCan } from './organisation.policy.js';

/** A viewer holding default roles, each at the platform or at organisation o1. */
const holding = (...roles: [DefaultRoleKey, 'PLATFORM' | 'ORGANISATION'][]): Viewer => ({
  userId: 'u',
  email: 'u@example.org',
  fullName: 'U',
  sessionId: null,
  grants: roles.map(([key, scopeType], i) => ({
    assignmentId: `a${i}`,
    roleId: key,
    roleKey: key,
    roleName: key,
    permissions: new Set(defaultRole(key).permissions),
    grants: new Set(),
    scopeType,
    organisationId: scopeType === 'PLATFORM' ? null : 'o1',
    deploymentId: null,
  })),
});
const live = { id: 'o1', archived: false };
const archived = { id: 'o1', archived: true };

describe('organisation policy', () => {
  it('lets an Owner delete a live organisation, and nobody an archived one', () => {
    const owner = holding(['ORGANISATION_OWNER', 'ORGANISATION']);
    expect(deleteOrganisationRefusal(owner, live)).toBeNull();
    expect(deleteOrganisationRefusal(owner, archived)?.code).toBe('CONFLICT');
    expect(organisationViewerCan(owner, archived).delete).toBe(false);
  });

  it('keeps deletion from a Super Admin, who archives and restores instead', () => {
    const superAdmin = holding(['SUPER_ADMIN', 'PLATFORM']);
    expect(deleteOrganisationRefusal(superAdmin, live)?.code).toBe('FORBIDDEN');
    expect(organisationViewerCan(superAdmin, live)).toMatchObject({
      archive: true,
      restore: false,
    });
    expect(organisationViewerCan(superAdmin, archived)).toMatchObject({
      archive: false,
      restore: true,
      createDeployment: false,
      inviteStaff: false,
    });
  });

  it('lets an Account Manager archive but not restore', () => {
    const manager = holding(['ACCOUNT_MANAGER', 'PLATFORM']);
    expect(organisationViewerCan(manager, live).archive).toBe(true);
    expect(organisationViewerCan(manager, archived).restore).toBe(false);
  });
});
