import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DIABETES, ORG } from '../../test/fixtures';
import { viewerMock } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import { AcceptInvitationPageQuery } from './AcceptInvitationPage';
import { AcceptSmsInvitationMutation } from './AcceptSmsInvitation';

const TOKEN = 'tok-sam';

/** Sam once joined: a patient, no email, no staff role. */
const sam = {
  __typename: 'Viewer' as const,
  id: 'u-sam',
  fullName: 'Samuel Smith',
  email: null,
  mobile: '+447911123456',
  isPlatformStaff: false,
  scopes: [],
};

function smsPreviewMock(accountExists = false) {
  return {
    request: { query: AcceptInvitationPageQuery, variables: { token: TOKEN } },
    result: {
      data: {
        invitation: {
          __typename: 'InvitationPreview' as const,
          state: 'PENDING' as const,
          email: null,
          organisationName: ORG.name,
          deploymentName: DIABETES.name,
          roleName: null,
          inviterName: 'Dee Staff',
          expiresAt: '2026-03-06T12:00:00.000Z',
          accountExists,
          passwordRequired: false,
          firstName: 'Sam',
          lastName: 'Smith',
          kind: 'PATIENT' as const,
          helperFor: null,
        },
      },
    },
  };
}

const openLink = (mocks: unknown[]) =>
  renderRoutes({ path: `/invitations/${TOKEN}`, mocks: mocks as never });

describe('accepting an SMS invitation', () => {
  it('asks for the names (prefilled) and the terms, no password, then signs the patient in', async () => {
    const user = userEvent.setup();
    const accept = vi.fn(() => ({ data: { acceptInvitation: sam } }));
    const { router } = openLink([
      viewerMock(null),
      smsPreviewMock(),
      {
        request: {
          query: AcceptSmsInvitationMutation,
          variables: { token: TOKEN, firstName: 'Samuel', lastName: 'Smith', acceptTerms: true },
        },
        result: accept,
      },
    ]);

    expect(await screen.findByRole('heading', { name: `Join ${DIABETES.name}` })).toBeTruthy();
    const first = screen.getByRole('textbox', { name: 'First name' });
    expect(first).toHaveProperty('value', 'Sam');
    expect(screen.getByRole('textbox', { name: 'Last name' })).toHaveProperty('value', 'Smith');
    expect(screen.queryByLabelText('Password')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Accept and join' }));
    expect(await screen.findByText('Please accept the terms to continue.')).toBeTruthy();
    expect(accept).not.toHaveBeenCalled();

    await user.clear(first);
    await user.type(first, 'Samuel');
    await user.click(screen.getByRole('checkbox', { name: 'I accept the terms of use' }));
    await user.click(screen.getByRole('button', { name: 'Accept and join' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(await screen.findByRole('heading', { name: 'Your account is ready' })).toBeTruthy();
    expect(screen.getByText('+447911123456')).toBeTruthy();
    expect(accept).toHaveBeenCalledTimes(1);
  });

  it('asks for both names before sending', async () => {
    const user = userEvent.setup();
    openLink([viewerMock(null), smsPreviewMock()]);
    await user.clear(await screen.findByRole('textbox', { name: 'Last name' }));
    await user.click(screen.getByRole('checkbox', { name: 'I accept the terms of use' }));
    await user.click(screen.getByRole('button', { name: 'Accept and join' }));
    expect(await screen.findByText('Enter your last name.')).toBeTruthy();
  });

  it('sends someone with an account for that mobile to sign in by text message, then back here', async () => {
    openLink([viewerMock(null), smsPreviewMock(true)]);
    const link = await screen.findByRole('link', { name: 'Sign in with a text message' });
    expect(link.getAttribute('href')).toBe(`/sign-in?method=sms&next=/invitations/${TOKEN}`);
    expect(screen.queryByRole('textbox', { name: 'First name' })).toBeNull();
  });

  it('shows the server’s refusal for a signed-in viewer with another mobile', async () => {
    const user = userEvent.setup();
    openLink([
      viewerMock({ ...sam, mobile: '+447911000000' } as never),
      smsPreviewMock(),
      {
        request: { query: AcceptSmsInvitationMutation, variables: { token: TOKEN } },
        result: {
          errors: [{ message: 'another number', extensions: { code: 'INVITATION_WRONG_ACCOUNT' } }],
        },
      },
    ]);
    await user.click(await screen.findByRole('button', { name: 'Accept and join' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Sign out and open the link again.',
    );
  });
});
