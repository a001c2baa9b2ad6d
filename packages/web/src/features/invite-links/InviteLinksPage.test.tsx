import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { scopeMock, viewerMock } from '../../test/mocks';
import { patientsMock } from '../../test/patients';
import { renderRoutes } from '../../test/render';
import {
  InviteLinksPageQuery,
  RevokeInviteLinkMutation,
  RotateInviteLinkMutation,
} from './invite-links-api';
import { inviteLink, join } from './invite-links.fixtures';

const PATH = `/o/${ORG.id}/d/${DIABETES.id}/invite-links`;

const poster = inviteLink('l-poster', {
  label: 'Clinic poster',
  maxUses: 10,
  useCount: 3,
  unfinishedCount: 2,
  joins: [
    join('c1', 'Nora Patient', 'nora@example.org', 1),
    join('c2', 'Sam Patient', 'sam@example.org', 2),
    join('c3', 'Ivy Patient', 'ivy@example.org', 3),
  ],
});
const open = inviteLink('l-open', { useCount: 3 });
const revoked = inviteLink('l-old', { label: 'Old leaflet', state: 'REVOKED' });

function linksMock(links: ReturnType<typeof inviteLink>[], deploymentId = DIABETES.id) {
  return {
    request: { query: InviteLinksPageQuery, variables: { organisationId: ORG.id, deploymentId } },
    result: { data: { patientInviteLinks: links } },
  };
}

function openPage(mocks: unknown[], viewer = viewers.deploymentStaff, path = PATH) {
  return renderRoutes({
    path,
    mocks: [viewerMock(viewer), scopeMock([DIABETES, HEART]), ...(mocks as never[])],
  });
}

describe('InviteLinksPage', () => {
  it('lists each link with its state, uses, expiry, creator, and who joined', async () => {
    openPage([linksMock([poster, open, revoked])]);
    const card = await screen.findByRole('region', { name: 'Clinic poster' });
    expect(within(card).getByText('Active')).toBeTruthy();
    expect(within(card).getByText(/3 of 10 uses · Expires .* · Created by Ada Admin/)).toBeTruthy();
    const joined = within(card).getByRole('table', { name: 'Who joined through Clinic poster' });
    expect(
      within(joined)
        .getAllByRole('row')
        .slice(1)
        .map((r) => within(r).getAllByRole('cell')[0]!.textContent),
    ).toEqual(['Nora Patient', 'Sam Patient', 'Ivy Patient']);
    expect(within(joined).getByText('nora@example.org')).toBeTruthy();
    expect(within(card).getByText('2 started but did not finish.')).toBeTruthy();
    for (const action of ['Copy link', 'Show QR code', 'Rotate', 'Revoke'])
      expect(within(card).getByRole('button', { name: action })).toBeTruthy();

    const unlimited = screen.getByRole('region', { name: /^Invite link of / });
    expect(within(unlimited).getByText(/^3 uses ·/)).toBeTruthy();
    expect(within(unlimited).getByText('Nobody has joined through this link yet.')).toBeTruthy();

    const old = screen.getByRole('region', { name: 'Old leaflet' });
    expect(within(old).getByText('Revoked')).toBeTruthy();
    expect(within(old).queryByRole('button', { name: 'Rotate' })).toBeNull();
    expect(within(old).queryByRole('button', { name: 'Revoke' })).toBeNull();
  });

  it('shows the QR code with its downloads and the link', async () => {
    const user = userEvent.setup();
    openPage([linksMock([poster])]);
    await user.click(await screen.findByRole('button', { name: 'Show QR code' }));
    const dialog = await screen.findByRole('dialog', { name: 'QR code: Clinic poster' });
    expect(within(dialog).getByRole('img', { name: 'QR code for the invite link' })).toBeTruthy();
    expect(
      within(dialog).getByRole('link', { name: 'Download PNG' }).getAttribute('download'),
    ).toBe('clinic-poster-qr.png');
    expect(
      within(dialog).getByRole('link', { name: 'Download SVG' }).getAttribute('download'),
    ).toBe('clinic-poster-qr.svg');
    expect(
      within(dialog).getByRole<HTMLInputElement>('textbox', { name: 'Invite link' }).value,
    ).toBe(poster.url);
  });

  it('rotates after confirming that the old link stops working, and shows the new link', async () => {
    const user = userEvent.setup();
    const rotated = { ...poster, url: 'https://porter.example/join/token-new' };
    const answer = vi.fn(() => ({ data: { rotateInviteLink: rotated } }));
    openPage([
      linksMock([poster]),
      {
        request: { query: RotateInviteLinkMutation, variables: { id: poster.id } },
        result: answer,
      },
    ]);
    await user.click(await screen.findByRole('button', { name: 'Rotate' }));
    const confirm = await screen.findByRole('dialog', { name: 'Rotate “Clinic poster”?' });
    expect(within(confirm).getByText(/The old link stops working at once/)).toBeTruthy();
    await user.click(within(confirm).getByRole('button', { name: 'Rotate' }));
    await waitFor(() => expect(answer).toHaveBeenCalledTimes(1));
    await user.click(screen.getByRole('button', { name: 'Show QR code' }));
    const dialog = await screen.findByRole('dialog', { name: 'QR code: Clinic poster' });
    await waitFor(() =>
      expect(
        within(dialog).getByRole<HTMLInputElement>('textbox', { name: 'Invite link' }).value,
      ).toBe(rotated.url),
    );
  });

  it('revokes after confirming, and the card shows it revoked', async () => {
    const user = userEvent.setup();
    const answer = vi.fn(() => ({
      data: { revokeInviteLink: { ...poster, state: 'REVOKED' as const } },
    }));
    openPage([
      linksMock([poster]),
      {
        request: { query: RevokeInviteLinkMutation, variables: { id: poster.id } },
        result: answer,
      },
    ]);
    await user.click(await screen.findByRole('button', { name: 'Revoke' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revoke “Clinic poster”?' });
    await user.click(within(confirm).getByRole('button', { name: 'Revoke' }));
    const card = screen.getByRole('region', { name: 'Clinic poster' });
    await waitFor(() => expect(within(card).getByText('Revoked')).toBeTruthy());
    expect(answer).toHaveBeenCalledTimes(1);
  });

  it('is reached from the Patients page header with patient:manage', async () => {
    const user = userEvent.setup();
    openPage(
      [patientsMock({}, []), linksMock([])],
      viewers.deploymentStaff,
      `/o/${ORG.id}/d/${DIABETES.id}/patients`,
    );
    await user.click(await screen.findByRole('link', { name: 'Invite links' }));
    expect(await screen.findByRole('heading', { name: 'Invite links' })).toBeTruthy();
    expect(await screen.findByText('No invite links yet.')).toBeTruthy();
  });

  it('is not offered, and not found, without patient:manage', async () => {
    openPage(
      [patientsMock({ deploymentId: HEART.id }, [])],
      viewers.contributor,
      `/o/${ORG.id}/d/${HEART.id}/patients`,
    );
    expect(await screen.findByRole('heading', { name: 'Patients' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Invite links' })).toBeNull();
  });

  it('answers "not found" to a typed-in address without patient:manage', async () => {
    openPage([], viewers.contributor, `/o/${ORG.id}/d/${HEART.id}/invite-links`);
    expect(await screen.findByText('Page not found')).toBeTruthy();
  });
});
