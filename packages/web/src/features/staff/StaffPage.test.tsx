import type { Permission } from '@porter/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { scopeMock, viewerMock } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import {
  grantableMock,
  roleFilterMock,
  ROLES,
  staffEdge,
  staffMock,
  type TestRole,
} from '../../test/staff';
import { ChangeStaffRoleMutation } from './StaffRoleSelect';
import { RemoveStaffMemberMutation } from './StaffRowActions';

const olivia = staffEdge('a1', 'Olivia Owner', 'owner@riverside.example', ROLES.owner);
const ada = staffEdge('a2', 'Ada Admin', 'admin@riverside.example', ROLES.admin, {
  deployment: DIABETES,
});
const oscar = staffEdge('a3', 'Oscar Orgstaff', 'orgstaff@riverside.example', ROLES.orgStaff, {
  changeRole: true,
});
const dana = staffEdge('a4', 'Dana Deployment', 'staff@riverside.example', ROLES.deploymentStaff, {
  deployment: DIABETES,
  changeRole: true,
});

/** What an Access Controller may give: at the organisation, and inside a deployment. */
const GRANTABLE_AT_ORG = [ROLES.accessController, ROLES.orgStaff, ROLES.coordinator];
const GRANTABLE_IN_DIABETES = [ROLES.deploymentStaff, ROLES.coordinator];

function baseMocks() {
  return [
    viewerMock(viewers.accessController),
    scopeMock([DIABETES, HEART]),
    roleFilterMock(),
    grantableMock(null, GRANTABLE_AT_ORG),
    grantableMock(DIABETES.id, GRANTABLE_IN_DIABETES),
  ];
}

function changeRoleMock(staffMemberId: string, role: TestRole, result: () => unknown) {
  return {
    request: { query: ChangeStaffRoleMutation, variables: { staffMemberId, roleId: role.id } },
    result,
  };
}

function changedTo(staffMemberId: string, role: TestRole) {
  return {
    data: {
      changeStaffRole: {
        __typename: 'StaffMember' as const,
        id: staffMemberId,
        role: {
          __typename: 'Role' as const,
          id: role.id,
          key: role.key,
          name: role.name,
          isDefault: role.isDefault,
        },
        viewerCan: { __typename: 'StaffMemberViewerCan' as const, changeRole: true, remove: true },
      },
    },
  };
}

function refusal(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

async function openStaff(mocks: unknown[]) {
  renderRoutes({ path: `/o/${ORG.id}/staff`, mocks: mocks as never });
  return screen.findByRole('table', { name: 'Staff members' });
}

/** Opens a Select and reads its options, once `last` is among them (options may arrive from the API). */
async function optionNames(
  user: ReturnType<typeof userEvent.setup>,
  combobox: HTMLElement,
  last: string,
): Promise<string[]> {
  await user.click(combobox);
  const listbox = await screen.findByRole('listbox');
  await within(listbox).findByRole('option', { name: last });
  const names = within(listbox)
    .getAllByRole('option')
    .map((o) => o.textContent ?? '');
  await user.keyboard('{Escape}');
  return names;
}

describe('StaffPage', () => {
  it('appends the next page on "Load more" and hides the button on the last page', async () => {
    const user = userEvent.setup();
    const table = await openStaff([
      ...baseMocks(),
      staffMock({}, [olivia], true),
      staffMock({ after: olivia.cursor }, [ada]),
    ]);

    expect(within(table).getByRole('row', { name: /Olivia Owner/ }).textContent).toContain(
      ORG.name,
    );
    await user.click(screen.getByRole('button', { name: 'Load more' }));

    await within(table).findByRole('row', { name: /Ada Admin/ });
    expect(within(table).getByRole('row', { name: /Olivia Owner/ })).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull());
  });

  it('searches on the server and says when nobody matches', async () => {
    const user = userEvent.setup();
    await openStaff([
      ...baseMocks(),
      staffMock({}, [olivia, ada]),
      staffMock({ search: 'zed' }, []),
    ]);

    await user.type(screen.getByRole('textbox', { name: 'Search staff' }), 'zed');

    expect(await screen.findByText('No staff members match “zed”.')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Staff members' })).toBeNull();
  });

  it('filters by role and level and sorts on the server', async () => {
    const user = userEvent.setup();
    const table = await openStaff([
      ...baseMocks(),
      staffMock({}, [olivia, ada, dana]),
      staffMock({ roleId: ROLES.deploymentStaff.id }, [dana]),
      staffMock({ roleId: ROLES.deploymentStaff.id, scopeType: 'ORGANISATION' }, []),
      staffMock(
        { roleId: ROLES.deploymentStaff.id, scopeType: 'ORGANISATION', sort: 'NAME_ASC' },
        [],
      ),
    ]);
    expect(within(table).getAllByRole('row')).toHaveLength(4);

    const roleFilter = screen.getByRole('combobox', { name: 'Role' });
    const roleOptions = await optionNames(user, roleFilter, 'Care coordinator');
    expect(roleOptions[0]).toBe('All roles');
    expect(roleOptions).toContain('Care coordinator');
    expect(roleOptions).not.toContain('Super Admin');
    await user.click(roleFilter);
    await user.click(await screen.findByRole('option', { name: 'Deployment Staff' }));
    await waitFor(() =>
      expect(within(table).queryByRole('row', { name: /Olivia Owner/ })).toBeNull(),
    );
    expect(within(table).getByRole('row', { name: /Dana Deployment/ })).toBeTruthy();

    await user.click(screen.getByRole('combobox', { name: 'Level' }));
    await user.click(await screen.findByRole('option', { name: 'Organisation' }));
    expect(await screen.findByText('No staff members match these filters.')).toBeTruthy();

    await user.click(screen.getByRole('combobox', { name: 'Sort' }));
    await user.click(await screen.findByRole('option', { name: 'Name A–Z' }));
    await waitFor(() =>
      expect(screen.getByRole<HTMLInputElement>('combobox', { name: 'Sort' }).value).toBe(
        'Name A–Z',
      ),
    );
    expect(screen.getByText('No staff members match these filters.')).toBeTruthy();
  });

  it('offers only the roles the viewer may give at the row’s scope, and changes the role on choice', async () => {
    const user = userEvent.setup();
    const change = vi.fn(() => changedTo(oscar.node.id, ROLES.accessController));
    const table = await openStaff([
      ...baseMocks(),
      staffMock({}, [oscar, dana]),
      changeRoleMock(oscar.node.id, ROLES.accessController, change),
    ]);

    const oscarRole = within(table).getByRole<HTMLInputElement>('combobox', {
      name: 'Role of Oscar Orgstaff',
    });
    expect(oscarRole.value).toBe('Organisation Staff');
    expect(await optionNames(user, oscarRole, 'Care coordinator')).toEqual([
      'Access Controller',
      'Organisation Staff',
      'Care coordinator',
    ]);

    // A deployment row offers what may be given in that deployment, plus its current role.
    const danaRole = within(table).getByRole('combobox', { name: 'Role of Dana Deployment' });
    expect(await optionNames(user, danaRole, 'Care coordinator')).toEqual([
      'Deployment Staff',
      'Care coordinator',
    ]);

    await user.click(oscarRole);
    await user.click(await screen.findByRole('option', { name: 'Access Controller' }));

    expect(await screen.findByText('Oscar Orgstaff is now Access Controller.')).toBeTruthy();
    expect(screen.getByText('Role changed')).toBeTruthy();
    expect(change).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(oscarRole.value).toBe('Access Controller'));
  });

  it('shows a LAST_KEEPER refusal and keeps the old role', async () => {
    const user = userEvent.setup();
    const message =
      'Oscar Orgstaff is the last Organisation Staff here; give someone else that role first.';
    const table = await openStaff([
      ...baseMocks(),
      staffMock({}, [oscar]),
      changeRoleMock(oscar.node.id, ROLES.coordinator, () => refusal('LAST_KEEPER', message)),
    ]);

    const oscarRole = within(table).getByRole<HTMLInputElement>('combobox', {
      name: 'Role of Oscar Orgstaff',
    });
    await user.click(oscarRole);
    await user.click(await screen.findByRole('option', { name: 'Care coordinator' }));

    expect(await screen.findByText(message)).toBeTruthy();
    await waitFor(() => expect(oscarRole.value).toBe('Organisation Staff'));
    expect(screen.queryByText('Role changed')).toBeNull();
  });

  it('shows rows the viewer may not manage without any control', async () => {
    const table = await openStaff([...baseMocks(), staffMock({}, [ada, oscar])]);

    const adaRow = within(table).getByRole('row', { name: /Ada Admin/ });
    expect(within(adaRow).getByText('Admin')).toBeTruthy();
    expect(within(adaRow).queryByRole('combobox')).toBeNull();
    expect(within(adaRow).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Role of Ada Admin' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Actions for Ada Admin' })).toBeNull();
    // The manageable row next to it does have both.
    expect(screen.getByRole('combobox', { name: 'Role of Oscar Orgstaff' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Actions for Oscar Orgstaff' })).toBeTruthy();
  });

  it('shows Organisation Staff the list with no management controls at all', async () => {
    const orgStaffViewer = {
      ...viewers.accessController,
      id: 'u-oscar',
      scopes: [
        {
          ...viewers.accessController.scopes[0]!,
          permissions: [
            'patient:view',
            'patient:offboard',
            'label:manage',
            'staff:view',
          ] satisfies Permission[],
        },
      ],
    };
    renderRoutes({
      path: `/o/${ORG.id}/staff`,
      mocks: [
        viewerMock(orgStaffViewer),
        scopeMock([DIABETES, HEART]),
        roleFilterMock(),
        staffMock({}, [olivia, ada]),
      ],
    });
    await screen.findByRole('table', { name: 'Staff members' });
    expect(screen.queryAllByRole('combobox', { name: /^Role of / })).toHaveLength(0);
    expect(screen.queryAllByRole('button', { name: /^Actions for / })).toHaveLength(0);
  });

  it('asks before removing someone and removes them only after "Remove"', async () => {
    const user = userEvent.setup();
    const remove = vi.fn(() => ({ data: { removeStaffMember: dana.node.id } }));
    const table = await openStaff([
      ...baseMocks(),
      staffMock({}, [oscar, dana]),
      {
        request: { query: RemoveStaffMemberMutation, variables: { staffMemberId: dana.node.id } },
        result: remove,
      },
    ]);

    // "Cancel" leaves everything as it was.
    await user.click(screen.getByRole('button', { name: 'Actions for Dana Deployment' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Remove from team' }));
    let dialog = await screen.findByRole('dialog', {
      name: 'Remove Dana Deployment from the team?',
    });
    expect(dialog.textContent).toContain(`access to ${DIABETES.name} at once`);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(remove).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Actions for Dana Deployment' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Remove from team' }));
    dialog = await screen.findByRole('dialog', { name: 'Remove Dana Deployment from the team?' });
    expect(remove).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));

    expect(await screen.findByText('Removed from team')).toBeTruthy();
    expect(remove).toHaveBeenCalledTimes(1);
    await waitFor(() =>
      expect(within(table).queryByRole('row', { name: /Dana Deployment/ })).toBeNull(),
    );
    expect(within(table).getByRole('row', { name: /Oscar Orgstaff/ })).toBeTruthy();
  });

  it('keeps the row and shows the message when removal is refused', async () => {
    const user = userEvent.setup();
    const message =
      'Dana Deployment is the last Deployment Staff here; give someone else that role first.';
    const table = await openStaff([
      ...baseMocks(),
      staffMock({}, [dana]),
      {
        request: { query: RemoveStaffMemberMutation, variables: { staffMemberId: dana.node.id } },
        result: refusal('LAST_KEEPER', message),
      },
    ]);

    await user.click(screen.getByRole('button', { name: 'Actions for Dana Deployment' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Remove from team' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Remove Dana Deployment from the team?',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));

    expect(await screen.findByText(message)).toBeTruthy();
    expect(within(table).getByRole('row', { name: /Dana Deployment/ })).toBeTruthy();
  });
});
