import { describe, expect, it } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../test/fixtures';
import {
  can,
  canInviteStaff,
  deploymentStartPath,
  landingPath,
  navigationFor,
  organisationLandingPath,
  safeNextPath,
  scopeFromPath,
  switchScopePath,
} from './access';

const labels = (items: { label: string }[]) => items.map((i) => i.label);

describe('navigationFor', () => {
  it('shows a Contributor at their deployment only Patients', () => {
    const nav = navigationFor(viewers.contributor, {
      organisationId: ORG.id,
      deploymentId: HEART.id,
    });
    expect(labels(nav)).toEqual(['Patients']);
    expect(nav[0]?.to).toBe(`/o/${ORG.id}/d/${HEART.id}/patients`);
  });

  it('shows an Access Controller at the organisation Deployments, Staff, Invitations, Roles and Audit', () => {
    const nav = navigationFor(viewers.accessController, { organisationId: ORG.id });
    expect(labels(nav)).toEqual([
      'Deployments',
      'Staff',
      'Invitations',
      'Roles',
      'Audit',
      'Dashboard',
    ]);
    expect(nav.find((i) => i.key === 'staff')?.to).toBe(`/o/${ORG.id}/staff`);
    expect(nav.find((i) => i.key === 'roles')?.to).toBe(`/o/${ORG.id}/roles`);
  });

  it('adds Patients and deployment-level Staff when an Access Controller enters a deployment', () => {
    const nav = navigationFor(viewers.accessController, {
      organisationId: ORG.id,
      deploymentId: DIABETES.id,
    });
    expect(labels(nav)).toEqual([
      'Deployments',
      'Patients',
      'Staff',
      'Invitations',
      'Roles',
      'Audit',
      'Dashboard',
    ]);
    expect(nav.find((i) => i.key === 'staff')?.to).toBe(`/o/${ORG.id}/d/${DIABETES.id}/staff`);
  });

  it('shows platform staff Admin everywhere, and the organisation sections their platform role allows', () => {
    expect(labels(navigationFor(viewers.support, null))).toEqual(['Dashboard', 'Admin']);
    expect(labels(navigationFor(viewers.support, { organisationId: 'any-org' }))).toEqual([
      'Deployments',
      'Staff',
      'Invitations',
      'Audit',
      'Dashboard',
      'Admin',
    ]);
  });

  it('hides Staff from a viewer without staff:view', () => {
    const scope = { organisationId: ORG.id, deploymentId: HEART.id };
    expect(can(viewers.contributor, 'staff:view', scope)).toBe(false);
    expect(labels(navigationFor(viewers.contributor, scope))).not.toContain('Staff');
    expect(
      labels(
        navigationFor(viewers.deploymentStaff, {
          organisationId: ORG.id,
          deploymentId: DIABETES.id,
        }),
      ),
    ).toContain('Staff');
  });

  it('gives deployment-only members no organisation-level sections', () => {
    expect(labels(navigationFor(viewers.deploymentAdmin, { organisationId: ORG.id }))).toEqual([]);
    const nav = navigationFor(viewers.deploymentAdmin, {
      organisationId: ORG.id,
      deploymentId: DIABETES.id,
    });
    expect(labels(nav)).toEqual([
      'Patients',
      'Staff',
      'Invitations',
      'Roles',
      'Audit',
      'Dashboard',
    ]);
    // Links stay inside the deployment: a deployment Admin has no organisation-level pages.
    for (const item of nav)
      expect(item.to.startsWith(`/o/${ORG.id}/d/${DIABETES.id}/`), item.label).toBe(true);
  });

  it('shows Invitations, right after Staff, to exactly the viewers with staff:view there', () => {
    const diabetes = { organisationId: ORG.id, deploymentId: DIABETES.id };
    // Deployment Staff may see the team (staff:view) but not manage it: the pending list is theirs to see.
    const nav = navigationFor(viewers.deploymentStaff, diabetes);
    expect(labels(nav)).toEqual(['Patients', 'Staff', 'Invitations', 'Dashboard']);
    expect(nav.find((i) => i.key === 'invitations')?.to).toBe(
      `/o/${ORG.id}/d/${DIABETES.id}/invitations`,
    );
    expect(
      navigationFor(viewers.accessController, { organisationId: ORG.id }).find(
        (i) => i.key === 'invitations',
      )?.to,
    ).toBe(`/o/${ORG.id}/invitations`);
    // No staff:view, no Invitations.
    const heart = { organisationId: ORG.id, deploymentId: HEART.id };
    expect(can(viewers.contributor, 'staff:view', heart)).toBe(false);
    expect(labels(navigationFor(viewers.contributor, heart))).not.toContain('Invitations');
  });

  it('shows the Dashboard to viewers with staff:view there, and the platform-wide one to platform staff who hold it', () => {
    const diabetes = { organisationId: ORG.id, deploymentId: DIABETES.id };
    expect(
      navigationFor(viewers.deploymentStaff, diabetes).find((i) => i.key === 'dashboard')?.to,
    ).toBe(`/o/${ORG.id}/d/${DIABETES.id}/dashboard`);
    expect(
      navigationFor(viewers.accessController, { organisationId: ORG.id }).find(
        (i) => i.key === 'dashboard',
      )?.to,
    ).toBe(`/o/${ORG.id}/dashboard`);
    expect(
      labels(
        navigationFor(viewers.contributor, { organisationId: ORG.id, deploymentId: HEART.id }),
      ),
    ).not.toContain('Dashboard');
    expect(navigationFor(viewers.support, null).find((i) => i.key === 'dashboard')?.to).toBe(
      '/dashboard',
    );
    expect(labels(navigationFor(viewers.accessController, null))).toEqual([]);
  });

  it('shows nothing in an organisation the viewer has no part in', () => {
    expect(navigationFor(viewers.accessController, { organisationId: 'org-other' })).toEqual([]);
  });
});

describe('canInviteStaff', () => {
  it('needs staff:manage at the scope', () => {
    expect(canInviteStaff(viewers.accessController, { organisationId: ORG.id })).toBe(true);
    expect(
      canInviteStaff(viewers.deploymentAdmin, {
        organisationId: ORG.id,
        deploymentId: DIABETES.id,
      }),
    ).toBe(true);
    // A deployment Admin has nothing at the organisation level itself.
    expect(canInviteStaff(viewers.deploymentAdmin, { organisationId: ORG.id })).toBe(false);
    expect(
      canInviteStaff(viewers.deploymentStaff, {
        organisationId: ORG.id,
        deploymentId: DIABETES.id,
      }),
    ).toBe(false);
    expect(canInviteStaff(viewers.accessController, null)).toBe(false);
  });
});

describe('landingPath', () => {
  it('sends platform staff to /admin', () => {
    expect(landingPath(viewers.support)).toBe('/admin');
  });

  it('sends organisation members to the organisation home', () => {
    expect(landingPath(viewers.accessController)).toBe(`/o/${ORG.id}`);
  });

  it('sends deployment members to their patient list', () => {
    expect(landingPath(viewers.deploymentAdmin)).toBe(`/o/${ORG.id}/d/${DIABETES.id}/patients`);
    expect(landingPath(viewers.contributor)).toBe(`/o/${ORG.id}/d/${HEART.id}/patients`);
  });

  it('has nowhere to send a viewer without scopes', () => {
    expect(landingPath(viewers.nobody)).toBeNull();
  });

  it('sends a deployment-only member choosing their organisation to their deployment', () => {
    expect(organisationLandingPath(viewers.contributor, ORG.id)).toBe(
      `/o/${ORG.id}/d/${HEART.id}/patients`,
    );
  });

  it('opens a deployment at its staff list for someone who may see staff but not patients', () => {
    const base = `/o/${ORG.id}/d/${DIABETES.id}`;
    expect(deploymentStartPath(ORG.id, DIABETES.id, ['staff:view'])).toBe(`${base}/staff`);
    expect(deploymentStartPath(ORG.id, DIABETES.id, ['patient:view', 'staff:view'])).toBe(
      `${base}/patients`,
    );
  });
});

describe('switchScopePath', () => {
  const org = `/o/${ORG.id}`;

  it('keeps the section when switching to a deployment where the viewer may use it', () => {
    expect(
      switchScopePath(viewers.accessController, `${org}/staff`, {
        organisationId: ORG.id,
        deploymentId: HEART.id,
      }),
    ).toBe(`${org}/d/${HEART.id}/staff`);
    expect(
      switchScopePath(viewers.accessController, `${org}/d/${DIABETES.id}/roles`, {
        organisationId: ORG.id,
        deploymentId: null,
      }),
    ).toBe(`${org}/roles`);
  });

  it('falls back to the start page of the chosen scope', () => {
    // Patients exist only inside a deployment.
    expect(
      switchScopePath(viewers.accessController, `${org}/d/${DIABETES.id}/patients`, {
        organisationId: ORG.id,
        deploymentId: null,
      }),
    ).toBe(org);
    expect(
      switchScopePath(viewers.accessController, org, {
        organisationId: ORG.id,
        deploymentId: HEART.id,
      }),
    ).toBe(`${org}/d/${HEART.id}/patients`);
  });
});

describe('safeNextPath', () => {
  it('keeps local paths and refuses other sites', () => {
    expect(safeNextPath('/o/1/staff?x=1')).toBe('/o/1/staff?x=1');
    expect(safeNextPath('//evil.example/')).toBeNull();
    expect(safeNextPath('/\\evil.example')).toBeNull();
    expect(safeNextPath('https://evil.example/')).toBeNull();
    expect(safeNextPath(null)).toBeNull();
  });
});

describe('scopeFromPath', () => {
  it('reads the organisation and deployment from the URL', () => {
    expect(scopeFromPath('/o/a/d/b/patients')).toEqual({ organisationId: 'a', deploymentId: 'b' });
    expect(scopeFromPath('/o/a/staff')).toEqual({ organisationId: 'a', deploymentId: null });
    expect(scopeFromPath('/admin')).toBeNull();
  });
});
