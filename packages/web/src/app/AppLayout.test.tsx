import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../test/fixtures';
import { scopeMock, viewerMock } from '../test/mocks';
import { patientsMock } from '../test/patients';
import { renderRoutes } from '../test/render';
import { ROLES, roleFilterMock, staffEdge, staffMock } from '../test/staff';
import { SignOutMutation } from './session';

const NAV_LABELS = [
  'Deployments',
  'Staff',
  'Invitations',
  'Patients',
  'Roles',
  'Audit',
  'Dashboard',
  'Admin',
];

function navLinks(): string[] {
  const nav = screen.getByRole('navigation', { name: 'Main' });
  return within(nav)
    .queryAllByRole('link')
    .map((a) => a.textContent ?? '')
    .filter((name) => NAV_LABELS.includes(name));
}

describe('AppLayout', () => {
  it('shows a Contributor only Patients, and their name on the account menu', async () => {
    renderRoutes({
      path: `/o/${ORG.id}/d/${HEART.id}/patients`,
      mocks: [
        viewerMock(viewers.contributor),
        scopeMock([HEART]),
        patientsMock({ deploymentId: HEART.id }, []),
      ],
    });

    expect(await screen.findByText('No patients in this deployment yet.')).toBeTruthy();
    expect(navLinks()).toEqual(['Patients']);
    for (const hidden of [
      'Deployments',
      'Staff',
      'Invitations',
      'Roles',
      'Audit',
      'Dashboard',
      'Admin',
    ]) {
      expect(screen.queryByRole('link', { name: hidden })).toBeNull();
    }
    expect(screen.getByRole('link', { name: 'Patients' }).getAttribute('href')).toBe(
      `/o/${ORG.id}/d/${HEART.id}/patients`,
    );
    expect(screen.getByRole('button', { name: /Cal Contributor/ })).toBeTruthy();
  });

  it('shows an Access Controller the organisation sections and opens the staff list', async () => {
    renderRoutes({
      path: `/o/${ORG.id}/staff`,
      mocks: [
        viewerMock(viewers.accessController),
        scopeMock([DIABETES, HEART]),
        roleFilterMock(),
        staffMock({}, [
          staffEdge('a1', 'Ada Admin', 'admin@riverside.example', ROLES.admin, {
            deployment: DIABETES,
          }),
        ]),
      ],
    });

    const table = await screen.findByRole('table', { name: 'Staff members' });
    const row = within(table).getByRole('row', { name: /Ada Admin/ });
    expect(row.textContent).toContain('admin@riverside.example');
    expect(row.textContent).toContain(DIABETES.name);
    expect(navLinks()).toEqual([
      'Deployments',
      'Staff',
      'Invitations',
      'Roles',
      'Audit',
      'Dashboard',
    ]);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('answers "not found" for a deployment the viewer cannot enter', async () => {
    renderRoutes({
      path: `/o/${ORG.id}/d/${DIABETES.id}/patients`,
      mocks: [viewerMock(viewers.contributor)],
    });
    expect(await screen.findByText('Page not found')).toBeTruthy();
    expect(screen.queryByText('No patients in this deployment yet.')).toBeNull();
    expect(screen.queryByRole('link', { name: 'Patients' })).toBeNull();
  });

  it('answers "not found" for a section the viewer may not use, even by typed-in URL', async () => {
    renderRoutes({
      path: `/o/${ORG.id}/d/${HEART.id}/roles`,
      mocks: [viewerMock(viewers.contributor), scopeMock([HEART])],
    });
    expect(await screen.findByText('Page not found')).toBeTruthy();
  });

  it('sends signed-out visitors to sign-in with a way back', async () => {
    const { router } = renderRoutes({ path: `/o/${ORG.id}/staff`, mocks: [viewerMock(null)] });
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent(`/o/${ORG.id}/staff`)}`);
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('tells a viewer without any staff role (e.g. a patient) that their account is ready', async () => {
    renderRoutes({ path: '/', mocks: [viewerMock(viewers.nobody)] });
    expect(await screen.findByRole('heading', { name: 'Your account is ready' })).toBeTruthy();
    expect(
      screen.getByText(
        'If you are a patient, continue in the app. If you work here, ask your administrator for access.',
      ),
    ).toBeTruthy();
    expect(screen.getByText(/signed in as/).textContent).toContain(viewers.nobody.email);
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });

  it('offers the development outbox in the account menu, and inviting only where the viewer may', async () => {
    const user = userEvent.setup();
    renderRoutes({
      path: `/o/${ORG.id}/d/${HEART.id}/patients`,
      mocks: [viewerMock(viewers.contributor), scopeMock([HEART])],
    });
    await user.click(await screen.findByRole('button', { name: /Cal Contributor/ }));
    const outbox = await screen.findByRole('menuitem', { name: 'Development outbox' });
    expect(outbox.getAttribute('href')).toBe('/dev/outbox');
    // A Contributor may not invite anyone.
    expect(screen.queryByRole('menuitem', { name: 'Invite staff members' })).toBeNull();
  });

  it('signs out from the account menu', async () => {
    const user = userEvent.setup();
    const { router } = renderRoutes({
      path: `/o/${ORG.id}/d/${HEART.id}/patients`,
      mocks: [
        viewerMock(viewers.contributor),
        scopeMock([HEART]),
        { request: { query: SignOutMutation }, result: { data: { signOut: true } } },
      ],
    });

    await user.click(await screen.findByRole('button', { name: /Cal Contributor/ }));
    expect(await screen.findByText('contributor@riverside.example')).toBeTruthy();
    await user.click(await screen.findByRole('menuitem', { name: 'Sign out' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
  });
});
