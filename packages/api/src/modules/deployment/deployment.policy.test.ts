import { defaultRole, type DefaultRoleKey } from '@porter/shared';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../common/access.js';
import { deploymentViewerCan } from './deployment.policy.js';

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
describe('deployment policy', () => {
  const deployment = {
    id: 'd1',
    organisationId: 'o1',
    archived: false,
    organisationArchived: false,
  };

  it('refuses inviting into a live deployment of an archived organisation', () => {
    const superAdmin = holding(['SUPER_ADMIN', 'PLATFORM']);
    expect(deploymentViewerCan(superAdmin, deployment).inviteStaff).toBe(true);
    expect(
      deploymentViewerCan(superAdmin, { ...deployment, organisationArchived: true }).inviteStaff,
    ).toBe(false);
  });

  it('lets an organisation Admin configure a deployment but not archive it', () => {
    const admin = holding(['ADMIN', 'ORGANISATION']);
    expect(deploymentViewerCan(admin, deployment)).toMatchObject({
      configure: true,
      archive: false,
      inviteStaff: true,
    });
  });
});
