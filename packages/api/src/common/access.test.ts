import type { Permission } from '@porter/shared';
import { describe, expect, it } from 'vitest';
import { access, type Grant, type Viewer } from './access.js';

const grant = (
  scopeType: Grant['scopeType'],
  permissions: Permission[],
  organisationId: string | null = null,
  deploymentId: string | null = null,
): Grant => ({
  assignmentId: `${scopeType}-${organisationId}-${deploymentId}`,
  roleId: 'r',
  roleKey: null,
  roleName: 'r',
  permissions: new Set(permissions),
  grants: new Set<string>(),
  scopeType,
  organisationId,
  deploymentId,
});
const viewer = (...grants: Grant[]): Viewer => ({
  userId: 'u',
  email: 'u@example.org',
  fullName: 'U',
  sessionId: null,
  grants,
});
const org = (id: string) => ({ type: 'ORGANISATION', organisationId: id }) as const;
const dep = (o: string, d: string) =>
  ({ type: 'DEPLOYMENT', organisationId: o, deploymentId: d }) as const;

describe('access', () => {
  it('lets an organisation grant reach every deployment of that organisation and nothing else', () => {
    const v = viewer(grant('ORGANISATION', ['staff:view'], 'o1'));
    expect(access.can(v, 'staff:view', org('o1'))).toBe(true);
    expect(access.can(v, 'staff:view', dep('o1', 'd1'))).toBe(true);
    expect(access.can(v, 'staff:view', org('o2'))).toBe(false);
    expect(access.can(v, 'staff:view', dep('o2', 'd9'))).toBe(false);
    expect(access.can(v, 'staff:view', { type: 'PLATFORM' })).toBe(false);
  });

  it('keeps a deployment grant inside its deployment', () => {
    const v = viewer(grant('DEPLOYMENT', ['patient:view'], 'o1', 'd1'));
    expect(access.can(v, 'patient:view', dep('o1', 'd1'))).toBe(true);
    expect(access.can(v, 'patient:view', dep('o1', 'd2'))).toBe(false);
    expect(access.can(v, 'patient:view', org('o1'))).toBe(false);
    expect(access.canEnterOrganisation(v, 'o1')).toBe(true);
    expect(access.canEnterDeployment(v, 'o1', 'd2')).toBe(false);
  });

  it('lets platform grants apply everywhere', () => {
    const v = viewer(grant('PLATFORM', ['audit:view']));
    expect(access.can(v, 'audit:view', dep('o7', 'd7'))).toBe(true);
    expect(access.isPlatformStaff(v)).toBe(true);
    expect(access.canEnterOrganisation(v, 'anything')).toBe(true);
  });

  it('unions permissions of every grant that applies', () => {
    const v = viewer(
      grant('ORGANISATION', ['staff:view'], 'o1'),
      grant('DEPLOYMENT', ['patient:manage'], 'o1', 'd1'),
    );
    expect([...access.permissionsAt(v, dep('o1', 'd1'))].sort()).toEqual([
      'patient:manage',
      'staff:view',
    ]);
    expect([...access.permissionsAt(v, dep('o1', 'd2'))]).toEqual(['staff:view']);
  });

  it('requires a viewer, then the permission', () => {
    expect(() => access.require(null, 'staff:view', org('o1'))).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
    expect(() => access.require(viewer(), 'staff:view', org('o1'))).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });
});
