import type { Permission } from '@porter/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ORG, viewers } from '../../test/fixtures';
import { pageInfo, viewerMock } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import { grantableMock, ROLES } from '../../test/staff';
import { ScopeSwitcherOrganisationsQuery } from '../../app/ScopeSwitcher';
import { organisationData } from './admin.fixtures';
import { AdminPageQuery, ORGANISATIONS_PAGE_SIZE } from './OrganisationsTab';

const MANAGER: Permission[] = [
  'patient:view',
  'staff:view',
  'staff:manage',
  'audit:view',
  'deployment:create',
  'deployment:configure',
  'organisation:edit',
  'platform:organisations',
];
const manager = {
  ...viewers.support,
  id: 'u-max',
  fullName: 'Max Manager',
  scopes: [{ ...viewers.support.scopes[0]!, permissions: MANAGER }],
};

const riverside = organisationData({ id: ORG.id, name: ORG.name });
const archived = organisationData({
  id: 'org-old',
  name: 'Old Clinic',
  archivedAt: '2026-02-01T10:00:00.000Z',
  viewerCan: {
    ...riverside.viewerCan,
    archive: false,
    restore: false,
    inviteStaff: false,
    createDeployment: false,
  },
});

function listMock() {
  const node = (
    o: ReturnType<typeof organisationData>,
    counts: [number, number | null, number | null],
  ) => ({
    __typename: 'OrganisationEdge' as const,
    cursor: o.id,
    node: { ...o, deploymentCount: counts[0], staffCount: counts[1], patientCount: counts[2] },
  });
  return {
    request: {
      query: AdminPageQuery,
      variables: { search: null, first: ORGANISATIONS_PAGE_SIZE, includeArchived: true },
    },
    result: {
      data: {
        organisations: {
          __typename: 'OrganisationConnection' as const,
          edges: [node(archived, [0, 3, null]), node(riverside, [2, 14, 1250])],
          pageInfo: pageInfo(null, false),
        },
      },
    },
  };
}

const switcherMock = {
  request: { query: ScopeSwitcherOrganisationsQuery },
  result: {
    data: {
      organisations: {
        __typename: 'OrganisationConnection' as const,
        edges: [],
        pageInfo: pageInfo(null, false),
      },
    },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

describe('AdminPage', () => {
  it('lists organisations with deployment, staff and patient counts and the actions each allows', async () => {
    const user = userEvent.setup();
    renderRoutes({ path: '/admin', mocks: [viewerMock(manager), switcherMock, listMock()] });
    const table = await screen.findByRole('table', { name: 'Organisations' });
    const row = within(table).getByRole('link', { name: ORG.name }).closest('tr')!;
    expect(within(row).getByText('14')).toBeTruthy();
    expect(within(row).getByText('1,250')).toBeTruthy();
    const old = within(table).getByText('Old Clinic').closest('tr')!;
    expect(within(old).getByText('Archived')).toBeTruthy();
    expect(within(old).getByText('—')).toBeTruthy();

    await user.click(within(row).getByRole('button', { name: `Actions for ${ORG.name}` }));
    const menu = await screen.findByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((i) => i.textContent),
    ).toEqual(['Invite administrator', 'Edit', 'New deployment', 'Show deployments', 'Archive']);
    expect(screen.getByRole('button', { name: 'New organisation' })).toBeTruthy();
  });

  it('invites an administrator from an organisation row with only the Owner, Editor and Access Controller roles', async () => {
    const user = userEvent.setup();
    renderRoutes({
      path: '/admin',
      mocks: [
        viewerMock(manager),
        switcherMock,
        listMock(),
        grantableMock(null, [ROLES.owner, ROLES.accessController, ROLES.orgStaff, ROLES.admin]),
      ],
    });
    const table = await screen.findByRole('table', { name: 'Organisations' });
    await user.click(within(table).getByRole('button', { name: `Actions for ${ORG.name}` }));
    await user.click(await screen.findByRole('menuitem', { name: 'Invite administrator' }));
    const dialog = await screen.findByRole('dialog', {
      name: `Invite an administrator to ${ORG.name}`,
    });
    await user.click(within(dialog).getByRole('combobox', { name: 'Role' }));
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Organisation Owner', 'Access Controller']);
  });
});
