import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { scopeMock, viewerMock } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import { ROLES, staffEdge, staffMock } from '../../test/staff';
import { RemoveStaffMemberMutation } from '../staff/StaffRowActions';
import { DashboardPageQuery, formatDuration } from './DashboardPage';
import { niceMax } from './WeeklyChart';

const WEEKS = Array.from({ length: 12 }, (_, i) => ({
  __typename: 'DashboardWeek' as const,
  weekStart: new Date(Date.UTC(2025, 11, 15) + i * 7 * 86_400_000).toISOString(),
  sent: i === 11 ? 40 : i,
  accepted: i === 11 ? 25 : 0,
  expired: i === 11 ? 3 : 0,
}));

function dashboard(
  overrides: {
    deploymentId?: string | null;
    kind?: string | null;
    contributors?: number;
    organisationId?: string | null;
  } = {},
) {
  const { deploymentId = null, kind = null, contributors = 2, organisationId = ORG.id } = overrides;
  const role = (r: (typeof ROLES)[keyof typeof ROLES]) => ({
    __typename: 'Role' as const,
    id: r.id,
    name: r.name,
    isDefault: r.isDefault,
  });
  return {
    request: { query: DashboardPageQuery, variables: { organisationId, deploymentId, kind } },
    result: {
      data: {
        adminDashboard: {
          __typename: 'AdminDashboard' as const,
          scopeType: organisationId
            ? deploymentId
              ? ('DEPLOYMENT' as const)
              : ('ORGANISATION' as const)
            : ('PLATFORM' as const),
          staff: 12,
          activeStaff: 7,
          activeDays: 30,
          acceptedInWindow: kind === 'PATIENT' ? 0 : 25,
          medianSecondsToAccept: kind === 'PATIENT' ? null : 3 * 3600 + 20 * 60,
          medianWindowDays: 90,
          usersByRole: [
            {
              __typename: 'DashboardRoleCount' as const,
              assignments: 5,
              role: role(ROLES.deploymentStaff),
            },
            {
              __typename: 'DashboardRoleCount' as const,
              assignments: contributors,
              role: role(ROLES.contributor),
            },
          ],
          pendingInvitations: [
            { __typename: 'DashboardPendingCount' as const, kind: 'STAFF' as const, pending: 4 },
            {
              __typename: 'DashboardPendingCount' as const,
              kind: 'PATIENT' as const,
              pending: 1200,
            },
            { __typename: 'DashboardPendingCount' as const, kind: 'PROXY' as const, pending: 2 },
          ],
          weeks:
            kind === 'PATIENT'
              ? WEEKS.map((w) => ({ ...w, sent: 0, accepted: 0, expired: 0 }))
              : WEEKS,
        },
      },
    },
  };
}

const cora = staffEdge('a9', 'Cora Contributor', 'cora@riverside.example', ROLES.contributor, {
  deployment: DIABETES,
  remove: true,
});
const olive = staffEdge('a1', 'Olive Owner', 'olive@riverside.example', ROLES.owner);

describe('DashboardPage', () => {
  it('shows the stat cards, a labelled bar per week and series, the same figures as a table, and the median', async () => {
    const user = userEvent.setup();
    renderRoutes({
      path: `/o/${ORG.id}/dashboard`,
      mocks: [
        viewerMock(viewers.accessController),
        scopeMock([DIABETES, HEART]),
        dashboard(),
        staffMock({}, [olive]),
      ],
    });
    const users = await screen.findByRole('group', { name: 'Users' });
    expect(within(users).getByText('12')).toBeTruthy();
    expect(within(screen.getByRole('group', { name: 'Active users' })).getByText('7')).toBeTruthy();
    expect(
      within(screen.getByRole('group', { name: 'Pending staff invitations' })).getByText('4'),
    ).toBeTruthy();
    const patients = screen.getByRole('group', { name: 'Pending patient invitations' });
    expect(within(patients).getByText('1200')).toBeTruthy();
    expect(within(patients).getByText('and 2 for helpers')).toBeTruthy();

    const chart = screen.getByRole('group', { name: /per week, last 12 weeks/ });
    expect(within(chart).getAllByRole('img')).toHaveLength(36);
    expect(within(chart).getByRole('img', { name: 'Week of 2 Mar: 40 sent' })).toBeTruthy();
    expect(within(chart).getByRole('img', { name: 'Week of 2 Mar: 25 accepted' })).toBeTruthy();
    expect(within(chart).getByRole('img', { name: 'Week of 2 Mar: 3 expired' })).toBeTruthy();
    expect(screen.getByLabelText('Median time to accept').textContent).toContain('3 h 20 min');
    expect(screen.getByLabelText('Median time to accept').textContent).toContain(
      '25 accepted in the last 90 days',
    );

    await user.click(screen.getByRole('radio', { name: 'Table' }));
    const table = screen.getByRole('table', { name: 'Invitations per week' });
    expect(within(table).getByRole('row', { name: '2 Mar 40 25 3' })).toBeTruthy();

    const byRole = screen.getByRole('table', { name: 'Users by role' });
    expect(
      within(byRole)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['Deployment Staff5', 'Contributor2']);
    // Olive's row offers nothing to remove.
    const list = await screen.findByRole('table', { name: 'Users' });
    expect(within(list).queryByRole('button', { name: /Actions for/ })).toBeNull();
  });

  it('limits the chart and the median to one kind of invitation on the server', async () => {
    const user = userEvent.setup();
    renderRoutes({
      path: `/o/${ORG.id}/d/${DIABETES.id}/dashboard`,
      mocks: [
        viewerMock(viewers.accessController),
        scopeMock([DIABETES, HEART]),
        dashboard({ deploymentId: DIABETES.id }),
        dashboard({ deploymentId: DIABETES.id, kind: 'PATIENT' }),
        staffMock({ deploymentId: DIABETES.id }, [cora]),
      ],
    });
    await screen.findByText('3 h 20 min');
    await user.click(screen.getByRole('radio', { name: 'Patients' }));
    expect(await screen.findByText('no acceptances')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Week of 2 Mar: 0 sent' })).toBeTruthy();
  });

  it('removes a user from the list after confirmation and refreshes the counts', async () => {
    const user = userEvent.setup();
    const remove = vi.fn(() => ({ data: { removeStaffMember: cora.node.id } }));
    renderRoutes({
      path: `/o/${ORG.id}/d/${DIABETES.id}/dashboard`,
      mocks: [
        viewerMock(viewers.accessController),
        scopeMock([DIABETES, HEART]),
        dashboard({ deploymentId: DIABETES.id }),
        staffMock({ deploymentId: DIABETES.id }, [cora]),
        {
          request: { query: RemoveStaffMemberMutation, variables: { staffMemberId: cora.node.id } },
          result: remove,
        },
        dashboard({ deploymentId: DIABETES.id, contributors: 1 }),
      ],
    });
    const list = await screen.findByRole('table', { name: 'Users' });
    await user.click(within(list).getByRole('button', { name: 'Actions for Cora Contributor' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Remove from team' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Remove Cora Contributor from the team?',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(await screen.findByText('Removed from team')).toBeTruthy();
    expect(remove).toHaveBeenCalledTimes(1);
    // The row leaves the list (the StaffMember is evicted from the cache), here leaving it empty.
    expect(await screen.findByText('No users yet.')).toBeTruthy();
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Users by role' }))
          .getAllByRole('row')
          .map((r) => r.textContent),
      ).toContain('Contributor1'),
    );
  });

  it('is not found for a viewer without staff:view there', async () => {
    renderRoutes({
      path: `/o/${ORG.id}/d/${HEART.id}/dashboard`,
      mocks: [viewerMock(viewers.contributor), scopeMock([HEART])],
    });
    expect(await screen.findByText(/not found/i)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Dashboard' })).toBeNull();
  });

  it('shows platform staff the platform-wide dashboard without a users list', async () => {
    renderRoutes({
      path: '/dashboard',
      mocks: [viewerMock(viewers.support), dashboard({ organisationId: null })],
    });
    expect(await screen.findByText('People and invitations in the whole platform.')).toBeTruthy();
    expect(await screen.findByText(/Open an organisation’s dashboard/)).toBeTruthy();
  });
});

describe('dashboard formatting', () => {
  it('words durations and rounds the axis', () => {
    expect(formatDuration(20)).toBe('under a minute');
    expect(formatDuration(45 * 60)).toBe('45 min');
    expect(formatDuration(3 * 3600)).toBe('3 h');
    expect(formatDuration(2 * 86_400 + 4 * 3600)).toBe('2 days 4 h');
    expect(niceMax(0)).toBe(1);
    expect(niceMax(40)).toBe(50);
    expect(niceMax(101)).toBe(200);
  });
});
