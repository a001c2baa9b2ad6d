import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DIABETES, ORG, viewers } from '../../test/fixtures';
import { viewerMock } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import {
  JoinPageQuery,
  JoinWithTicketMutation,
  RequestJoinCodeMutation,
  VerifyJoinCodeMutation,
} from './JoinPage';

type User = ReturnType<typeof userEvent.setup>;
type State = 'ACTIVE' | 'EXPIRED' | 'REVOKED' | 'FULL' | 'REPLACED' | 'NOT_FOUND';

const TOKEN = 'tok-poster';
const EMAIL = 'pat@example.org';
const PASSWORD = 'a very good password';
/** Pat once joined: a patient, no staff roles. */
const pat = { ...viewers.nobody, id: 'u-pat', fullName: 'Pat Patient', email: EMAIL };

function previewMock(state: State, extra: Record<string, unknown> = {}) {
  const known = state !== 'NOT_FOUND' && state !== 'REPLACED';
  return {
    request: { query: JoinPageQuery, variables: { token: TOKEN } },
    result: {
      data: {
        inviteLink: {
          __typename: 'InviteLinkPreview' as const,
          state,
          organisationName: known ? ORG.name : null,
          deploymentName: known ? DIABETES.name : null,
          expiresAt: known ? '2026-03-06T12:00:00.000Z' : null,
          kind: known ? ('PATIENT' as const) : null,
          roleName: null,
          ...extra,
        },
      },
    },
  };
}

const refusal = (code: string, details?: Record<string, unknown>) => ({
  errors: [{ message: `server says ${code}`, extensions: { code, details } }],
});
const requestMock = (result: () => unknown) => ({
  request: { query: RequestJoinCodeMutation, variables: { token: TOKEN, email: EMAIL } },
  result,
});
const sent = () => ({
  data: {
    requestJoinCode: {
      __typename: 'JoinCodeRequest' as const,
      sentTo: EMAIL,
      expiresAt: '2026-03-01T10:10:00.000Z',
    },
  },
});
const verifyMock = (code: string, result: () => unknown) => ({
  request: { query: VerifyJoinCodeMutation, variables: { token: TOKEN, email: EMAIL, code } },
  result,
});
const ticket = () => ({
  data: {
    verifyJoinCode: {
      __typename: 'JoinTicket' as const,
      ticket: 'ticket-1',
      email: EMAIL,
      expiresAt: '2026-03-01T10:30:00.000Z',
    },
  },
});
const joinMock = (result: () => unknown) => ({
  request: {
    query: JoinWithTicketMutation,
    variables: {
      ticket: 'ticket-1',
      fullName: 'Pat Patient',
      password: PASSWORD,
      acceptTerms: true,
    },
  },
  result,
});

function openLink(mocks: unknown[]) {
  return renderRoutes({ path: `/join/${TOKEN}`, mocks: [viewerMock(null), ...(mocks as never[])] });
}

async function toCodeStep(user: User) {
  await user.type(await screen.findByRole('textbox', { name: 'Email' }), ' Pat@Example.org ');
  await user.click(screen.getByRole('button', { name: 'Send code' }));
  return screen.findByRole('textbox', { name: '6-digit code' });
}

async function toDetailsStep(user: User) {
  await user.type(await toCodeStep(user), '123456');
  await user.click(screen.getByRole('button', { name: 'Verify' }));
  return screen.findByRole('textbox', { name: 'Full name' });
}

describe('JoinPage', () => {
  it('confirms the email with a code, creates the account and lands signed in', async () => {
    const user = userEvent.setup();
    const joined = vi.fn(() => ({ data: { joinWithTicket: pat } }));
    const { router } = openLink([
      previewMock('ACTIVE'),
      requestMock(sent),
      verifyMock('123456', ticket),
      joinMock(joined),
      viewerMock(pat),
    ]);
    expect(await screen.findByRole('heading', { name: `Join ${DIABETES.name}` })).toBeTruthy();
    expect(screen.getByText(new RegExp(`${ORG.name} invites you`))).toBeTruthy();

    const name = await toDetailsStep(user);
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Email' }).value).toBe(EMAIL);
    await user.type(name, 'Pat Patient');
    const password = screen.getByLabelText('Password');
    await user.type(password, 'short');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(await screen.findByText('Use at least 12 characters.')).toBeTruthy();
    expect(screen.getByText('Please accept the terms to continue.')).toBeTruthy();
    expect(joined).not.toHaveBeenCalled();

    await user.clear(password);
    await user.type(password, PASSWORD);
    await user.click(screen.getByRole('checkbox', { name: 'I accept the terms of use' }));
    await user.click(screen.getByRole('button', { name: 'Join' }));
    await waitFor(() => expect(router.state.location.pathname).not.toBe(`/join/${TOKEN}`));
    expect(joined).toHaveBeenCalledTimes(1);
  });

  it('shows where a staff link leads and the role it gives, and joins with it', async () => {
    const user = userEvent.setup();
    const joined = vi.fn(() => ({ data: { joinWithTicket: pat } }));
    const { router } = openLink([
      previewMock('ACTIVE', { kind: 'STAFF', roleName: 'Deployment Staff' }),
      requestMock(sent),
      verifyMock('123456', ticket),
      joinMock(joined),
      viewerMock(pat),
    ]);
    expect(await screen.findByRole('heading', { name: `Join ${DIABETES.name}` })).toBeTruthy();
    expect(screen.getByText('Deployment Staff')).toBeTruthy();
    expect(screen.getByText(new RegExp(`${ORG.name} invites you to join`)).textContent).toContain(
      `${DIABETES.name} as Deployment Staff.`,
    );
    await user.type(await toDetailsStep(user), 'Pat Patient');
    await user.type(screen.getByLabelText('Password'), PASSWORD);
    await user.click(screen.getByRole('checkbox', { name: 'I accept the terms of use' }));
    await user.click(screen.getByRole('button', { name: 'Join' }));
    await waitFor(() => expect(router.state.location.pathname).not.toBe(`/join/${TOKEN}`));
    expect(joined).toHaveBeenCalledTimes(1);
  });

  it('names the organisation for an organisation-level staff link', async () => {
    openLink([
      previewMock('ACTIVE', {
        kind: 'STAFF',
        roleName: 'Organisation Staff',
        deploymentName: null,
      }),
    ]);
    expect(await screen.findByRole('heading', { name: `Join ${ORG.name}` })).toBeTruthy();
    expect(screen.getByText('Organisation Staff')).toBeTruthy();
  });

  it('says a wrong code is wrong, and sends a new one on request', async () => {
    const user = userEvent.setup();
    const again = vi.fn(sent);
    openLink([
      previewMock('ACTIVE'),
      requestMock(sent),
      verifyMock('000000', () => refusal('CODE_INVALID', { attemptsLeft: 4 })),
      requestMock(again),
      verifyMock('654321', () => refusal('TOO_MANY_ATTEMPTS')),
    ]);
    const code = await toCodeStep(user);
    expect(screen.getByText(`We sent a code to ${EMAIL}. It works for 10 minutes.`)).toBeTruthy();
    await user.type(code, '12');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('Enter the 6 digits from the email.')).toBeTruthy();
    await user.clear(code);
    await user.type(code, '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(
      await screen.findByText('That code is not right. Check the latest message and try again.'),
    ).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Send a new code' }));
    expect(await screen.findByText(/A new code is on its way/)).toBeTruthy();
    expect(again).toHaveBeenCalledTimes(1);
    await user.type(screen.getByRole('textbox', { name: '6-digit code' }), '654321');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('Too many wrong codes. Ask for a new one.')).toBeTruthy();
  });

  it('shows the rate limit on the email step', async () => {
    const user = userEvent.setup();
    openLink([previewMock('ACTIVE'), requestMock(() => refusal('RATE_LIMITED'))]);
    await user.type(await screen.findByRole('textbox', { name: 'Email' }), EMAIL);
    await user.click(screen.getByRole('button', { name: 'Send code' }));
    expect(await screen.findByText('Too many requests. Wait a moment and try again.')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: '6-digit code' })).toBeNull();
  });

  it('asks someone with an account to sign in', async () => {
    const user = userEvent.setup();
    openLink([
      previewMock('ACTIVE'),
      requestMock(sent),
      verifyMock('123456', ticket),
      joinMock(() => refusal('SIGN_IN_REQUIRED')),
    ]);
    await user.type(await toDetailsStep(user), 'Pat Patient');
    await user.type(screen.getByLabelText('Password'), PASSWORD);
    await user.click(screen.getByRole('checkbox', { name: 'I accept the terms of use' }));
    await user.click(screen.getByRole('button', { name: 'Join' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(
      `/sign-in?next=/join/${TOKEN}`,
    );
  });

  it('shows the link as full when the last place went to someone else meanwhile', async () => {
    const user = userEvent.setup();
    openLink([
      previewMock('ACTIVE'),
      requestMock(sent),
      verifyMock('123456', ticket),
      joinMock(() => refusal('LINK_FULL')),
    ]);
    await user.type(await toDetailsStep(user), 'Pat Patient');
    await user.type(screen.getByLabelText('Password'), PASSWORD);
    await user.click(screen.getByRole('checkbox', { name: 'I accept the terms of use' }));
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(await screen.findByRole('heading', { name: 'This invite link is full' })).toBeTruthy();
  });

  it.each([
    ['EXPIRED', 'This invite link has expired'],
    ['REVOKED', 'This invite link was switched off'],
    ['FULL', 'This invite link is full'],
    ['REPLACED', 'This invite link was replaced'],
    ['NOT_FOUND', 'Invite link not found'],
  ] as const)('explains a %s link without offering to join', async (state, title) => {
    openLink([previewMock(state)]);
    expect(await screen.findByRole('heading', { name: title })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send code' })).toBeNull();
  });
});
