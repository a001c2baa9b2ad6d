import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { pageInfo, scopeMock, viewerMock } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import { STAFF_PAGE_SIZE, StaffPageQuery } from './StaffPage';

function member(id: string, fullName: string, email: string, role: string, deployment: typeof DIABETES | null) {
  return {
    __typename: 'StaffMemberEdge' as const,
    cursor: `cursor-${id}`,
    node: {
      __typename: 'StaffMember' as const,
      id,
      scopeType: deployment ? 'DEPLOYMENT' : 'ORGANISATION',
      joinedAt: '2026-02-01T09:00:00.000Z',
      user: { __typename: 'StaffUser' as const, id: `u-${id}`, fullName, email },
      role: { __typename: 'Role' as const, id: `r-${role}`, name: role, isDefault: true },
      deployment: deployment ? { __typename: 'Deployment' as const, id: deployment.id, name: deployment.name } : null,
    },
  };
}

function staffMock(variables: { search?: string | null; after?: string }, edges: ReturnType<typeof member>[], next: boolean) {
  return {
    request: {
      query: StaffPageQuery,
      variables: { organisationId: ORG.id, deploymentId: null, search: null, first: STAFF_PAGE_SIZE, ...variables },
    },
    result: {
      data: {
        staffMembers: {
          __typename: 'StaffMemberConnection' as const,
          edges,
          pageInfo: pageInfo(edges.at(-1)?.cursor ?? null, next),
        },
      },
    },
  };
}

const olivia = member('a1', 'Olivia Owner', 'owner@riverside.example', 'Organisation Owner', null);
const ada = member('a2', 'Ada Admin', 'admin@riverside.example', 'Admin', DIABETES);

describe('StaffPage', () => {
  it('appends the next page on "Load more" and hides the button on the last page', async () => {
    const user = userEvent.setup();
    renderRoutes({
      path: `/o/${ORG.id}/staff`,
      mocks: [
        viewerMock(viewers.accessController),
        scopeMock([DIABETES, HEART]),
        staffMock({}, [olivia], true),
        staffMock({ after: olivia.cursor }, [ada], false),
      ],
    });

    const table = await screen.findByRole('table', { name: 'Staff members' });
    expect(within(table).getByRole('row', { name: /Olivia Owner/ }).textContent).toContain(ORG.name);
    await user.click(screen.getByRole('button', { name: 'Load more' }));

    await within(table).findByRole('row', { name: /Ada Admin/ });
    expect(within(table).getByRole('row', { name: /Olivia Owner/ })).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull());
  });

  it('searches on the server and says when nobody matches', async () => {
    const user = userEvent.setup();
    renderRoutes({
      path: `/o/${ORG.id}/staff`,
      mocks: [
        viewerMock(viewers.accessController),
        scopeMock([DIABETES, HEART]),
        staffMock({}, [olivia, ada], false),
        staffMock({ search: 'zed' }, [], false),
      ],
    });

    await screen.findByRole('table', { name: 'Staff members' });
    await user.type(screen.getByRole('textbox', { name: 'Search staff' }), 'zed');

    expect(await screen.findByText('No staff members match “zed”.')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Staff members' })).toBeNull();
  });
});
