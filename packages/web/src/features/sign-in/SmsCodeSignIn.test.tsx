import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderRoutes } from '../../test/render';
import { RequestSignInCodeMutation, SignInWithCodeMutation } from './SmsCodeSignIn';

const sam = {
  __typename: 'Viewer' as const,
  id: 'u-sam',
  fullName: 'Sam Smith',
  email: null,
  mobile: '+447911123456',
  isPlatformStaff: false,
  scopes: [],
};
const MOBILE = '07911 123456';

const requestMock = (result: () => unknown) => ({
  request: { query: RequestSignInCodeMutation, variables: { mobile: MOBILE } },
  result,
});
const sentAnswer = () => ({
  data: {
    requestSignInCode: {
      __typename: 'SignInCodeRequest' as const,
      sentTo: '+44 •••• ••3456',
      expiresAt: '2026-03-06T12:10:00.000Z',
    },
  },
});
const signInMock = (code: string, result: () => unknown) => ({
  request: { query: SignInWithCodeMutation, variables: { mobile: MOBILE, code } },
  result,
});
const refusal = (code: string) => ({
  errors: [{ message: `server says ${code}`, extensions: { code } }],
});

async function askForCode(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Sign in with a text message instead' }));
  expect(screen.getByRole('heading', { name: 'Sign in with a text message' })).toBeTruthy();
  await user.type(screen.getByRole('textbox', { name: 'Mobile number' }), MOBILE);
  await user.click(screen.getByRole('button', { name: 'Text me a code' }));
}

describe('SmsCodeSignIn', () => {
  it('texts a code, refuses a wrong one, and signs in with the right one', async () => {
    const user = userEvent.setup();
    const request = vi.fn(sentAnswer);
    const { router } = renderRoutes({
      path: '/sign-in',
      mocks: [
        requestMock(request),
        signInMock('111111', () => refusal('CODE_INVALID')),
        signInMock('123456', () => ({ data: { signInWithCode: sam } })),
      ] as never,
    });
    await askForCode(user);

    expect((await screen.findByRole('status')).textContent).toContain(
      'If +44 •••• ••3456 belongs to an account, a six-digit code is on its way.',
    );
    expect(request).toHaveBeenCalledTimes(1);
    const code = screen.getByRole('textbox', { name: 'Code' });
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter the six digits from the text message.')).toBeTruthy();

    await user.type(code, '111111');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(
      await screen.findByText('That code is not right. Check the latest message and try again.'),
    ).toBeTruthy();

    await user.clear(code);
    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(await screen.findByRole('heading', { name: 'Your account is ready' })).toBeTruthy();
  });

  it('words expiry, too many attempts and rate limits from their codes', async () => {
    const user = userEvent.setup();
    renderRoutes({
      path: '/sign-in?method=sms',
      mocks: [
        requestMock(sentAnswer),
        signInMock('222222', () => refusal('TOO_MANY_ATTEMPTS')),
        requestMock(() => refusal('RATE_LIMITED')),
      ] as never,
    });
    await user.type(await screen.findByRole('textbox', { name: 'Mobile number' }), MOBILE);
    await user.click(screen.getByRole('button', { name: 'Text me a code' }));
    await user.type(await screen.findByRole('textbox', { name: 'Code' }), '222222');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Too many wrong codes. Ask for a new one.',
    );
    expect(screen.getByRole('textbox', { name: 'Code' })).toHaveProperty('value', '');

    await user.click(screen.getByRole('button', { name: 'Send a new code' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Too many requests. Wait a moment and try again.',
      ),
    );
  });

  it('shows an invalid number under the field, and goes back to email and password', async () => {
    const user = userEvent.setup();
    const { router } = renderRoutes({
      path: '/sign-in',
      mocks: [requestMock(() => refusal('INVALID_PHONE'))] as never,
    });
    await askForCode(user);
    expect(
      await screen.findByText(
        'That is not a valid mobile number. Include the country code if it is not a local number.',
      ),
    ).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Use email and password instead' }));
    expect(screen.getByLabelText('Email')).toBeTruthy();
    expect(router.state.location.search).toBe('');
  });
});
