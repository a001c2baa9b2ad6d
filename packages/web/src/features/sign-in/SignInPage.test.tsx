import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AppShellScopeQuery } from '../../app/AppLayout';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { patientsMock } from '../../test/patients';
import { renderRoutes } from '../../test/render';
import { homeMock } from '../../test/home';
import { SignInMutation } from './SignInPage';

const credentials = { email: 'access@riverside.example', password: 'porter-demo-password' };

const deployments = [DIABETES, HEART].map((d) => ({
  __typename: 'Deployment' as const,
  id: d.id,
  name: d.name,
  status: 'ACTIVE' as const,
}));

const scopeMock = {
  request: { query: AppShellScopeQuery, variables: { organisationId: ORG.id } },
  result: { data: { organisation: { __typename: 'Organisation' as const, ...ORG }, deployments } },
};

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignInPage', () => {
  it('shows the shared message for wrong credentials and stays on the page', async () => {
    const { router } = renderRoutes({
      path: '/sign-in',
      mocks: [
        {
          request: {
            query: SignInMutation,
            variables: { email: credentials.email, password: 'wrong-password' },
          },
          result: {
            errors: [
              { message: 'Wrong email or password.', extensions: { code: 'INVALID_CREDENTIALS' } },
            ],
          },
        },
      ],
    });

    await fillAndSubmit(credentials.email, 'wrong-password');

    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      'The email or password is not right.',
    );
    expect(router.state.location.pathname).toBe('/sign-in');
  });

  it('shows the lockout message for a locked account', async () => {
    renderRoutes({
      path: '/sign-in',
      mocks: [
        {
          request: { query: SignInMutation, variables: credentials },
          result: { errors: [{ message: 'Locked.', extensions: { code: 'ACCOUNT_LOCKED' } }] },
        },
      ],
    });
    await fillAndSubmit(credentials.email, credentials.password);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Too many failed attempts. Try again later.',
    );
  });

  it('does not call the API for an email that is not an email', async () => {
    renderRoutes({ path: '/sign-in', mocks: [] });
    await fillAndSubmit('not-an-email', 'anything');
    expect(await screen.findByText('Enter an email address like name@example.org.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('goes to the viewer’s landing page after signing in', async () => {
    const { router } = renderRoutes({
      path: '/sign-in',
      mocks: [
        {
          request: { query: SignInMutation, variables: credentials },
          result: { data: { signIn: viewers.accessController } },
        },
        scopeMock,
        homeMock({
          [DIABETES.id]: ['patient:view', 'staff:view'],
          [HEART.id]: ['patient:view', 'staff:view'],
        }),
      ],
    });

    await fillAndSubmit(credentials.email, credentials.password);

    await waitFor(() => expect(router.state.location.pathname).toBe(`/o/${ORG.id}`));
    expect(await screen.findByRole('heading', { name: ORG.name })).toBeTruthy();
    expect(screen.getByRole('link', { name: DIABETES.name }).getAttribute('href')).toBe(
      `/o/${ORG.id}/d/${DIABETES.id}/patients`,
    );
  });

  it('returns to a local ?next= path, but never to another site', async () => {
    const next = `/o/${ORG.id}/d/${DIABETES.id}/patients`;
    const { router } = renderRoutes({
      path: `/sign-in?next=${encodeURIComponent(next)}`,
      mocks: [
        {
          request: { query: SignInMutation, variables: credentials },
          result: { data: { signIn: viewers.accessController } },
        },
        scopeMock,
        patientsMock({}, []),
      ],
    });
    await fillAndSubmit(credentials.email, credentials.password);
    await waitFor(() => expect(router.state.location.pathname).toBe(next));
    expect(await screen.findByText('No patients in this deployment yet.')).toBeTruthy();
  });
});
