import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { scopeMock, viewerMock } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import { grantableMock, roleFilterMock, ROLES, staffMock } from '../../test/staff';
import { ResendInvitationsMutation } from './invitation-actions';
import { QR_PNG, QR_SVG } from '../invite-links/invite-links.fixtures';
import { InviteStaffMutation } from './InviteStaffModal';

type User = ReturnType<typeof userEvent.setup>;
type Outcome = 'INVITED' | 'ALREADY_PENDING' | 'ALREADY_MEMBER' | 'INVALID' | 'NOT_ALLOWED';

const GRANTABLE_AT_ORG = [ROLES.accessController, ROLES.orgStaff, ROLES.coordinator];
const GRANTABLE_IN_DIABETES = [ROLES.deploymentStaff, ROLES.coordinator];

function baseMocks() {
  return [
    viewerMock(viewers.accessController),
    scopeMock([DIABETES, HEART]),
    roleFilterMock(),
    staffMock({}, []),
    grantableMock(null, GRANTABLE_AT_ORG),
    grantableMock(DIABETES.id, GRANTABLE_IN_DIABETES),
  ];
}

function result(
  address: string,
  outcome: Outcome,
  extra: { invitationId?: string; message?: string; link?: string } = {},
) {
  return {
    __typename: 'InviteResult' as const,
    address,
    outcome,
    invitationId:
      extra.invitationId ??
      (outcome === 'INVITED' || outcome === 'ALREADY_PENDING' ? `inv-${address}` : null),
    message: extra.message ?? null,
    link: extra.link ?? null,
    // The API draws the QR code of a single invite's link.
    qrSvg: extra.link ? QR_SVG : null,
    qrPng: extra.link ? QR_PNG : null,
  };
}

function inviteMock(input: Record<string, unknown>, results: ReturnType<typeof result>[]) {
  const answer = vi.fn(() => ({
    data: {
      inviteStaff: {
        __typename: 'InviteStaffPayload' as const,
        batchId: 'batch-1',
        invitedCount: results.filter((r) => r.outcome === 'INVITED').length,
        results,
      },
    },
  }));
  return {
    mock: { request: { query: InviteStaffMutation, variables: { input } }, result: answer },
    answer,
  };
}

async function openDialog(user: User, mocks: unknown[], path = `/o/${ORG.id}/staff`) {
  renderRoutes({ path, mocks: mocks as never });
  await user.click(await screen.findByRole('button', { name: 'Invite staff' }));
  return screen.findByRole('dialog', { name: 'Invite staff members' });
}

async function chooseRole(user: User, dialog: HTMLElement, name: string) {
  await user.click(within(dialog).getByRole('combobox', { name: 'Role' }));
  await user.click(await screen.findByRole('option', { name }));
}

/** The addresses shown as chips, in order. */
function chips(dialog: HTMLElement): string[] {
  return [...dialog.querySelectorAll('.mantine-Pill-root')].map((pill) => pill.textContent ?? '');
}

describe('InviteStaffModal', () => {
  it('turns typed and pasted addresses into chips and flags the one that is not valid', async () => {
    const user = userEvent.setup();
    const dialog = await openDialog(user, baseMocks());
    const input = within(dialog).getByRole('textbox', { name: 'Email addresses' });

    await user.type(input, 'Nora@Riverside.example{Enter}');
    await user.type(input, 'tom@riverside.example,');
    await user.paste(
      'sam@riverside.example; not-an-address\nnora@riverside.example   kim@riverside.example',
    );

    expect(chips(dialog)).toEqual([
      'nora@riverside.example',
      'tom@riverside.example',
      'sam@riverside.example',
      'not-an-address',
      'kim@riverside.example',
    ]);
    const invalid = within(dialog).getByRole('list', { name: 'Addresses that are not valid' });
    expect(invalid.textContent).toContain('not-an-address');
    expect(invalid.textContent).toContain('Not a valid email');
    expect(dialog.querySelector('[data-invalid]')?.textContent).toBe('not-an-address');

    // Even with a role, an address that is not valid blocks "Review" until it is removed.
    await chooseRole(user, dialog, 'Organisation Staff');
    const review = within(dialog).getByRole('button', { name: 'Review' });
    expect(review).toHaveProperty('disabled', true);
    await user.click(within(dialog).getByRole('button', { name: 'Remove not-an-address' }));
    expect(chips(dialog)).not.toContain('not-an-address');
    expect(within(dialog).queryByText('Not a valid email', { exact: false })).toBeNull();
    expect(review).toHaveProperty('disabled', false);
  });

  it('imports the first column of a CSV file, skipping its header row', async () => {
    const user = userEvent.setup();
    const dialog = await openDialog(user, baseMocks());
    const csv = new File(
      [
        'Email,Name\r\nnora@riverside.example,Nora Nurse\r\ntom@riverside.example,Tom Temp\r\n"sam@riverside.example","Sam, S"\r\n',
      ],
      'new-staff.csv',
      { type: 'text/csv' },
    );

    await user.upload(within(dialog).getByLabelText('CSV file to import'), csv);

    expect(await within(dialog).findByText('Imported 3 addresses from new-staff.csv')).toBeTruthy();
    expect(chips(dialog)).toEqual([
      'nora@riverside.example',
      'tom@riverside.example',
      'sam@riverside.example',
    ]);
    expect(within(dialog).getByRole('button', { name: 'Import CSV' })).toBeTruthy();
  });

  it('confirms, sends the normalised addresses with role and expiry, and shows each outcome', async () => {
    const user = userEvent.setup();
    const { mock, answer } = inviteMock(
      {
        organisationId: ORG.id,
        deploymentId: null,
        emails: ['nora@riverside.example', 'tom@riverside.example'],
        roleId: ROLES.orgStaff.id,
        expiryHours: 168,
      },
      [
        result('nora@riverside.example', 'INVITED'),
        result('tom@riverside.example', 'ALREADY_PENDING', {
          invitationId: 'inv-tom',
          message: 'Already invited; you can resend it.',
        }),
      ],
    );
    const resend = vi.fn(() => ({
      data: {
        resendInvitations: [
          {
            __typename: 'InvitationActionResult' as const,
            invitationId: 'inv-tom',
            ok: true,
            code: null,
            message: null,
          },
        ],
      },
    }));
    const dialog = await openDialog(user, [
      ...baseMocks(),
      mock,
      {
        request: { query: ResendInvitationsMutation, variables: { invitationIds: ['inv-tom'] } },
        result: resend,
      },
    ]);

    // "Review" waits for an address and a role.
    const review = within(dialog).getByRole('button', { name: 'Review' });
    expect(review).toHaveProperty('disabled', true);
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Email addresses' }),
      '  Nora@Riverside.EXAMPLE tom@riverside.example ',
    );
    expect(review).toHaveProperty('disabled', true);
    await chooseRole(user, dialog, 'Organisation Staff');
    expect(within(dialog).getByRole('radiogroup', { name: 'Expires after' })).toBeTruthy();
    expect(within(dialog).getByRole('radio', { name: '72 hours' })).toHaveProperty('checked', true);
    await user.click(within(dialog).getByRole('radio', { name: '7 days' }));
    await user.click(review);

    expect(within(dialog).getByText('Send 2 staff member invites?')).toBeTruthy();
    expect(dialog.textContent).toContain('Organisation Staff');
    expect(dialog.textContent).toContain(`All of ${ORG.name}`);
    expect(dialog.textContent).toContain('7 days');
    // "Back" keeps everything as it was.
    await user.click(within(dialog).getByRole('button', { name: 'Back' }));
    expect(chips(dialog)).toEqual(['nora@riverside.example', 'tom@riverside.example']);
    await user.click(within(dialog).getByRole('button', { name: 'Review' }));
    expect(answer).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Send invites' }));

    const table = await within(dialog).findByRole('table', { name: 'Invitation results' });
    expect(answer).toHaveBeenCalledTimes(1);
    const nora = within(table).getByRole('row', { name: /nora@riverside\.example/ });
    expect(within(nora).getByText('Invited')).toBeTruthy();
    const tom = within(table).getByRole('row', { name: /tom@riverside\.example/ });
    expect(within(tom).getByText('Already pending')).toBeTruthy();
    expect(tom.textContent).toContain('Already invited; you can resend it.');
    expect(await screen.findByText('1 invited, 1 already pending')).toBeTruthy();
    // Two people: no personal link, no QR code.
    expect(within(dialog).queryByRole('textbox', { name: 'Invitation link' })).toBeNull();
    expect(within(dialog).queryByRole('img')).toBeNull();

    await user.click(within(tom).getByRole('button', { name: 'Resend' }));
    expect(await within(tom).findByText('Sent again')).toBeTruthy();
    expect(resend).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Invitation sent again')).toBeTruthy();

    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('labels every kind of outcome', async () => {
    const user = userEvent.setup();
    const emails = [
      'a@riverside.example',
      'b@riverside.example',
      'c@riverside.example',
      'd@riverside.example',
      'access@riverside.example',
    ];
    const { mock } = inviteMock(
      {
        organisationId: ORG.id,
        deploymentId: null,
        emails,
        roleId: ROLES.coordinator.id,
        expiryHours: 72,
      },
      [
        result(emails[0]!, 'INVITED'),
        result(emails[1]!, 'ALREADY_PENDING'),
        result(emails[2]!, 'ALREADY_MEMBER', { message: 'Already a member here.' }),
        result(emails[3]!, 'INVALID', { message: 'Not a valid email address.' }),
        result(emails[4]!, 'NOT_ALLOWED', { message: 'You cannot invite yourself.' }),
      ],
    );
    const dialog = await openDialog(user, [...baseMocks(), mock]);
    await user.click(within(dialog).getByRole('textbox', { name: 'Email addresses' }));
    await user.paste(emails.join('\n'));
    await chooseRole(user, dialog, 'Care coordinator');
    await user.click(within(dialog).getByRole('button', { name: 'Review' }));
    expect(within(dialog).getByText('Send 5 staff member invites?')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Send invites' }));

    const table = await within(dialog).findByRole('table', { name: 'Invitation results' });
    const outcomes = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.querySelectorAll('td')[1]?.textContent);
    expect(outcomes).toEqual([
      'Invited',
      'Already pending',
      'Already a member',
      'Invalid',
      'Not allowed',
    ]);
    expect(within(table).getAllByRole('button', { name: 'Resend' })).toHaveLength(1);
    expect(
      await screen.findByText(
        '1 invited, 1 already pending, 1 already a member, 1 invalid, 1 not allowed',
      ),
    ).toBeTruthy();
  });

  it('shows the personal link when one person was invited, here into a chosen deployment', async () => {
    const user = userEvent.setup();
    const link = 'http://porter.test/invitations/tok-nora';
    const { mock } = inviteMock(
      {
        organisationId: ORG.id,
        deploymentId: DIABETES.id,
        emails: ['nora@riverside.example'],
        roleId: ROLES.deploymentStaff.id,
        expiryHours: 72,
      },
      [result('nora@riverside.example', 'INVITED', { link })],
    );
    const dialog = await openDialog(user, [...baseMocks(), mock]);

    const place = within(dialog).getByRole<HTMLInputElement>('combobox', { name: 'Invite to' });
    expect(place.value).toBe(`All of ${ORG.name}`);
    await user.click(place);
    await user.click(await screen.findByRole('option', { name: DIABETES.name }));
    // The roles are those that may be given in that deployment.
    await chooseRole(user, dialog, 'Deployment Staff');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Email addresses' }),
      'nora@riverside.example{Enter}',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Review' }));
    expect(within(dialog).getByText('Send 1 staff member invite?')).toBeTruthy();
    expect(dialog.textContent).toContain(DIABETES.name);
    await user.click(within(dialog).getByRole('button', { name: 'Send invites' }));

    const field = await within(dialog).findByRole<HTMLInputElement>('textbox', {
      name: 'Invitation link',
    });
    expect(field.value).toBe(link);
    expect(field.readOnly).toBe(true);
    expect(within(dialog).getByRole('button', { name: 'Copy link' })).toBeTruthy();
    expect(
      within(dialog).getByText(
        'For someone next to you: they can open this link or scan the QR code to join. The email was sent as well.',
      ),
    ).toBeTruthy();
    const qr = within(dialog).getByRole('img', {
      name: 'QR code of the invitation for nora@riverside.example',
    });
    expect(qr.getAttribute('src')).toContain('data:image/svg+xml');
    expect(within(dialog).getByRole('link', { name: 'Download PNG' }).getAttribute('href')).toBe(
      QR_PNG,
    );
  });

  it('keeps the confirmation open with the reason when the whole call is refused', async () => {
    const user = userEvent.setup();
    const message = 'None of your roles may give Access Controller.';
    const dialog = await openDialog(user, [
      ...baseMocks(),
      {
        request: {
          query: InviteStaffMutation,
          variables: {
            input: {
              organisationId: ORG.id,
              deploymentId: null,
              emails: ['nora@riverside.example'],
              roleId: ROLES.accessController.id,
              expiryHours: 72,
            },
          },
        },
        result: { errors: [{ message, extensions: { code: 'GRANT_NOT_ALLOWED' } }] },
      },
    ]);
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Email addresses' }),
      'nora@riverside.example{Enter}',
    );
    await chooseRole(user, dialog, 'Access Controller');
    await user.click(within(dialog).getByRole('button', { name: 'Review' }));
    await user.click(within(dialog).getByRole('button', { name: 'Send invites' }));

    expect(await within(dialog).findByText(message)).toBeTruthy();
    expect(within(dialog).getByText('Send 1 staff member invite?')).toBeTruthy();
    expect(within(dialog).queryByRole('table', { name: 'Invitation results' })).toBeNull();
  });

  it('opens from the account menu inside a deployment, where it invites to that deployment', async () => {
    const user = userEvent.setup();
    renderRoutes({
      path: `/o/${ORG.id}/d/${DIABETES.id}/patients`,
      mocks: [
        viewerMock(viewers.deploymentAdmin),
        scopeMock([DIABETES]),
        grantableMock(DIABETES.id, GRANTABLE_IN_DIABETES),
      ],
    });
    await user.click(await screen.findByRole('button', { name: /Ada Admin/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Invite staff members' }));

    const dialog = await screen.findByRole('dialog', { name: 'Invite staff members' });
    expect(within(dialog).queryByRole('combobox', { name: 'Invite to' })).toBeNull();
    await user.click(within(dialog).getByRole('combobox', { name: 'Role' }));
    const listbox = await screen.findByRole('listbox');
    await within(listbox).findByRole('option', { name: 'Care coordinator' });
    expect(
      within(listbox)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Deployment Staff', 'Care coordinator']);
  });

  it('offers no way to invite to someone without staff:manage', async () => {
    const user = userEvent.setup();
    renderRoutes({
      path: `/o/${ORG.id}/d/${DIABETES.id}/staff`,
      mocks: [
        viewerMock(viewers.deploymentStaff),
        scopeMock([DIABETES]),
        roleFilterMock(),
        staffMock({ deploymentId: DIABETES.id }, []),
      ],
    });
    expect(await screen.findByText('No staff members yet.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Invite staff' })).toBeNull();
    await user.click(screen.getByRole('button', { name: /Dana Deployment/ }));
    await screen.findByRole('menuitem', { name: 'Sign out' });
    expect(screen.queryByRole('menuitem', { name: 'Invite staff members' })).toBeNull();
  });
});
