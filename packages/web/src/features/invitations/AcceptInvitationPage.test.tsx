import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SignOutMutation } from '../../app/session';
import { DIABETES, ORG, viewers } from '../../test/fixtures';
import { scopeMock, viewerMock } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import { AcceptInvitationMutation, AcceptInvitationPageQuery } from './AcceptInvitationPage';

type User = ReturnType<typeof userEvent.setup>;
type LinkState = 'PENDING' | 'EXPIRED' | 'ACCEPTED' | 'REVOKED' | 'REPLACED' | 'NOT_FOUND';

const TOKEN = 'tok-nora';
const EMAIL = 'nora@riverside.example';
const GOOD_PASSWORD = 'a very good password';

/** Nora once she joined: Deployment Staff in Diabetes remote monitoring. */
const nora = { ...viewers.deploymentStaff, id: 'u-nora', fullName: 'Nora Nurse', email: EMAIL };

function previewMock(state: LinkState, accountExists = false, maxUsageCount = 1) {
  const pending = state === 'PENDING';
  return {
    request: { query: AcceptInvitationPageQuery, variables: { token: TOKEN } },
    result: {
      data: {
        invitation: {
          __typename: 'InvitationPreview' as const,
          state,
          email: pending ? EMAIL : null,
          organisationName: state === 'NOT_FOUND' || state === 'REPLACED' ? null : ORG.name,
          deploymentName: state === 'NOT_FOUND' || state === 'REPLACED' ? null : DIABETES.name,
          roleName: 'Deployment Staff',
          inviterName: pending ? 'Ada Admin' : null,
          expiresAt: '2026-03-06T12:00:00.000Z',
          accountExists: pending && accountExists,
          passwordRequired: true,
          firstName: null,
          lastName: null,
          kind: 'STAFF' as const,
          helperFor: null,
        },
      },
    },
    maxUsageCount,
  };
}

function acceptMock(variables: Record<string, unknown>, result: () => unknown) {
  return {
    request: { query: AcceptInvitationMutation, variables: { token: TOKEN, ...variables } },
    result,
  };
}

const refusal = (code: string) => ({
  errors: [{ message: `server says ${code}`, extensions: { code } }],
});

function openLink(mocks: unknown[]) {
  return renderRoutes({ path: `/invitations/${TOKEN}`, mocks: mocks as never });
}

async function fillForm(user: User, password = GOOD_PASSWORD) {
  await user.type(await screen.findByRole('textbox', { name: 'Full name' }), 'Nora Nurse');
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('checkbox', { name: 'I accept the terms of use' }));
}

describe('AcceptInvitationPage', () => {
  it.each([
    ['EXPIRED', 'This invitation has expired', `Ask ${ORG.name} to send it again.`],
    ['REVOKED', 'This invitation was revoked', 'if you still need access'],
    ['ACCEPTED', 'This invitation has already been used', 'sign in'],
    [
      'REPLACED',
      'This link was replaced',
      'A newer invitation email was sent; use the link in the most recent one.',
    ],
    ['NOT_FOUND', 'Invitation not found', 'Check that you copied the whole link.'],
  ] as const)('explains a %s link, signed out', async (state, heading, text) => {
    openLink([viewerMock(null), previewMock(state)]);
    const title = await screen.findByRole('heading', { name: heading });
    expect(title.parentElement?.textContent).toContain(text);
    expect(screen.queryByRole('button', { name: 'Create account' })).toBeNull();
    if (state === 'ACCEPTED')
      expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/sign-in');
  });

  it('sends someone already signed in from a used link to their start page, not to sign-in', async () => {
    openLink([viewerMock(viewers.accessController), previewMock('ACCEPTED')]);
    expect(
      await screen.findByRole('heading', { name: 'This invitation has already been used' }),
    ).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to your start page' }).getAttribute('href')).toBe(
      '/',
    );
    expect(screen.queryByRole('link', { name: 'Sign in' })).toBeNull();
  });

  it('creates the account with name, password and terms, then opens the viewer’s landing page', async () => {
    const user = userEvent.setup();
    const accept = vi.fn(() => ({ data: { acceptInvitation: nora } }));
    const { router } = openLink([
      viewerMock(null),
      previewMock('PENDING'),
      acceptMock({ fullName: 'Nora Nurse', password: GOOD_PASSWORD, acceptTerms: true }, accept),
      scopeMock([DIABETES]),
    ]);

    expect(await screen.findByRole('heading', { name: `Join ${ORG.name}` })).toBeTruthy();
    expect(
      screen.getByText(
        (_, el) =>
          el?.tagName === 'P' &&
          el.textContent === `Ada Admin invited ${EMAIL} to ${DIABETES.name} as Deployment Staff.`,
      ),
    ).toBeTruthy();
    expect(screen.getByText('At least 12 characters, not a common password.')).toBeTruthy();

    // The policy is checked before anything is sent.
    await fillForm(user, 'short');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Use at least 12 characters.')).toBeTruthy();
    expect(accept).not.toHaveBeenCalled();

    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), GOOD_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    await waitFor(() =>
      expect(router.state.location.pathname).toBe(`/o/${ORG.id}/d/${DIABETES.id}/patients`),
    );
    expect(accept).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('button', { name: /Nora Nurse/ })).toBeTruthy();
  });

  it('asks for the terms before sending', async () => {
    const user = userEvent.setup();
    openLink([viewerMock(null), previewMock('PENDING')]);
    await user.type(await screen.findByRole('textbox', { name: 'Full name' }), 'Nora Nurse');
    await user.type(screen.getByLabelText('Password'), GOOD_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Please accept the terms to continue.')).toBeTruthy();
  });

  it('shows WEAK_PASSWORD from the server under the password', async () => {
    const user = userEvent.setup();
    openLink([
      viewerMock(null),
      previewMock('PENDING'),
      acceptMock({ fullName: 'Nora Nurse', password: GOOD_PASSWORD, acceptTerms: true }, () =>
        refusal('WEAK_PASSWORD'),
      ),
    ]);
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    const message = await screen.findByText(
      'Choose a password of at least 12 characters that is not a common one.',
    );
    expect(screen.getByLabelText('Password').getAttribute('aria-describedby')).toContain(
      message.id,
    );
    expect(screen.queryByText('server says WEAK_PASSWORD')).toBeNull();
  });

  it('switches to the expired view when the invitation expired meanwhile', async () => {
    const user = userEvent.setup();
    openLink([
      viewerMock(null),
      previewMock('PENDING'),
      acceptMock({ fullName: 'Nora Nurse', password: GOOD_PASSWORD, acceptTerms: true }, () =>
        refusal('INVITATION_EXPIRED'),
      ),
    ]);
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(
      await screen.findByRole('heading', { name: 'This invitation has expired' }),
    ).toBeTruthy();
  });

  it('sends someone with an account to sign in first, and back here afterwards', async () => {
    const user = userEvent.setup();
    const { router } = openLink([viewerMock(null), previewMock('PENDING', true)]);
    expect(await screen.findByText(`You already have an account for ${EMAIL}.`)).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Full name' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Sign in to accept' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe(
      `/invitations/${TOKEN}`,
    );
  });

  it('lets the invited person, signed in, join with one button', async () => {
    const user = userEvent.setup();
    const accept = vi.fn(() => ({ data: { acceptInvitation: nora } }));
    const signedIn = { ...viewers.nobody, email: EMAIL, fullName: 'Nora Nurse' };
    const { router } = openLink([
      viewerMock(signedIn),
      previewMock('PENDING', true),
      acceptMock({}, accept),
      scopeMock([DIABETES]),
    ]);

    await user.click(await screen.findByRole('button', { name: `Join ${DIABETES.name}` }));
    await waitFor(() =>
      expect(router.state.location.pathname).toBe(`/o/${ORG.id}/d/${DIABETES.id}/patients`),
    );
    expect(accept).toHaveBeenCalledTimes(1);
  });

  it('tells someone signed in as another person, and signs them out without touching the invitation', async () => {
    const user = userEvent.setup();
    const signOut = vi.fn(() => ({ data: { signOut: true } }));
    const { router } = openLink([
      viewerMock(viewers.accessController),
      previewMock('PENDING', false, 2),
      { request: { query: SignOutMutation }, result: signOut },
      viewerMock(null),
    ]);

    expect(
      await screen.findByText(
        `This invitation is for ${EMAIL}, but you are signed in as access@riverside.example.`,
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Join/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    // Still here, now signed out: the form to create Nora's account.
    expect(await screen.findByRole('button', { name: 'Create account' })).toBeTruthy();
    expect(signOut).toHaveBeenCalledTimes(1);
    expect(router.state.location.pathname).toBe(`/invitations/${TOKEN}`);
    expect(within(document.body).queryByText(/you are signed in as/)).toBeNull();
  });
});
