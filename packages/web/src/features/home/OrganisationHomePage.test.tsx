import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { scopeMock, viewerMock } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import { homeMock } from '../../test/home';

describe('OrganisationHomePage', () => {
  it('links each deployment whose patients the viewer may see to its pending patient invitations', async () => {
    renderRoutes({
      path: `/o/${ORG.id}`,
      mocks: [
        viewerMock(viewers.accessController),
        scopeMock([DIABETES, HEART]),
        homeMock({ [DIABETES.id]: ['patient:view', 'staff:view'], [HEART.id]: ['staff:view'] }),
      ],
    });
    const diabetes = (await screen.findByRole('link', { name: DIABETES.name })).closest('tr')!;
    expect(
      within(diabetes)
        .getByRole('link', { name: 'Pending patient invitations' })
        .getAttribute('href'),
    ).toBe(`/o/${ORG.id}/d/${DIABETES.id}/patients?type=PENDING`);
    const heart = screen.getByRole('link', { name: HEART.name }).closest('tr')!;
    expect(within(heart).queryByRole('link', { name: 'Pending patient invitations' })).toBeNull();
  });

  it('shows each deployment’s patient and staff counts, and the switch to all staff and pending staff invitations', async () => {
    renderRoutes({
      path: `/o/${ORG.id}`,
      mocks: [
        viewerMock(viewers.accessController),
        scopeMock([DIABETES, HEART]),
        homeMock({ [DIABETES.id]: ['patient:view', 'staff:view'], [HEART.id]: ['staff:view'] }),
      ],
    });
    const diabetes = (await screen.findByRole('link', { name: DIABETES.name })).closest('tr')!;
    expect(within(diabetes).getByText('120')).toBeTruthy();
    expect(within(diabetes).getByText('4')).toBeTruthy();
    const heart = screen.getByRole('link', { name: HEART.name }).closest('tr')!;
    expect(within(heart).getByText('—')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'All staff members' }).getAttribute('href')).toBe(
      `/o/${ORG.id}/staff`,
    );
    expect(
      screen.getByRole('link', { name: 'Pending staff invitations' }).getAttribute('href'),
    ).toBe(`/o/${ORG.id}/invitations`);
    // Neither editing nor deleting the organisation is offered to an Access Controller.
    expect(screen.queryByRole('button', { name: 'Organisation settings' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'New deployment' })).toBeNull();
  });

  it('offers an Owner to edit and delete the organisation and to create deployments', async () => {
    renderRoutes({
      path: `/o/${ORG.id}`,
      mocks: [
        viewerMock(viewers.accessController),
        scopeMock([DIABETES, HEART]),
        homeMock(
          { [DIABETES.id]: ['patient:view'] },
          { edit: true, delete: true, createDeployment: true },
        ),
      ],
    });
    expect(await screen.findByRole('button', { name: 'New deployment' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Organisation settings' })).toBeTruthy();
  });

  it('sends deployment-level members to their patient list', async () => {
    const { router } = renderRoutes({
      path: `/o/${ORG.id}`,
      mocks: [viewerMock(viewers.deploymentStaff), scopeMock([DIABETES])],
    });
    await waitFor(() =>
      expect(router.state.location.pathname).toBe(`/o/${ORG.id}/d/${DIABETES.id}/patients`),
    );
  });
});
