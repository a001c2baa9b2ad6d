import { PERMISSIONS } from '@porter/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DIABETES, HEART, ORG, viewers } from '../../test/fixtures';
import { scopeMock, viewerMock, type TestViewer } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import {
  CreateRoleMutation,
  DeleteRoleMutation,
  RolesPageQuery,
  togglePermission,
  UpdateRoleMutation,
} from './RolesPage';

interface Role {
  id: string;
  key: string | null;
  name: string;
  description: string;
  permissions: string[];
  edit?: boolean;
}

function roleData({ id, key, name, description, permissions, edit = key === null }: Role) {
  return {
    __typename: 'Role' as const,
    id,
    key,
    name,
    description,
    isDefault: key !== null,
    scopes: key === null ? ['ORGANISATION', 'DEPLOYMENT'] : ['DEPLOYMENT'],
    permissions,
    viewerCan: { __typename: 'RoleViewerCan' as const, edit, delete: edit },
  };
}

const contributor: Role = {
  id: 'r-contributor',
  key: 'CONTRIBUTOR',
  name: 'Contributor',
  description: 'Views patients.',
  permissions: ['patient:view', 'patient:view-identifiers', 'proxy:invite'],
};
const coordinator: Role = {
  id: 'r-coordinator',
  key: null,
  name: 'Care coordinator',
  description: 'Keeps in touch with patients.',
  permissions: ['patient:view', 'patient:view-identifiers'],
};

function rolesMock(roles: Role[]) {
  return {
    request: { query: RolesPageQuery, variables: { organisationId: ORG.id } },
    result: {
      data: {
        permissions: PERMISSIONS.map((p) => ({
          __typename: 'Permission' as const,
          key: p.key,
          label: p.label,
          description: p.description,
          group: p.group,
          platformOnly: 'platformOnly' in p && p.platformOnly === true,
        })),
        roles: roles.map(roleData),
      },
    },
  };
}

function updated(role: Role, changes: Partial<Role>) {
  const next = { ...role, ...changes };
  return {
    data: {
      updateRole: {
        __typename: 'Role' as const,
        id: next.id,
        name: next.name,
        description: next.description,
        permissions: next.permissions,
      },
    },
  };
}

function refusal(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

async function openRoles(
  mocks: unknown[],
  viewer: TestViewer = viewers.accessController,
  path = `/o/${ORG.id}/roles`,
) {
  renderRoutes({
    path,
    mocks: [viewerMock(viewer), scopeMock([DIABETES, HEART]), ...(mocks as never[])],
  });
  return screen.findByRole('table', { name: 'Permissions of each role' });
}

function header(name: string): HTMLElement | undefined {
  return screen.getAllByRole('columnheader').find((h) => within(h).queryByText(name));
}

describe('togglePermission', () => {
  it('adds and removes a key, keeping catalogue order', () => {
    expect(togglePermission(['patient:view', 'audit:view'], 'patient:contact', true)).toEqual([
      'patient:view',
      'patient:contact',
      'audit:view',
    ]);
    expect(
      togglePermission(['patient:view', 'patient:contact', 'audit:view'], 'patient:contact', false),
    ).toEqual(['patient:view', 'audit:view']);
  });
});

describe('RolesPage', () => {
  it('sends the full permission list when a custom role’s permission is ticked', async () => {
    const user = userEvent.setup();
    const permissions = ['patient:view', 'patient:view-identifiers', 'patient:contact'];
    const update = vi.fn(() => updated(coordinator, { permissions }));
    await openRoles([
      rolesMock([contributor, coordinator]),
      {
        request: {
          query: UpdateRoleMutation,
          variables: { id: coordinator.id, input: { permissions } },
        },
        result: update,
      },
    ]);

    const contact = screen.getByRole<HTMLInputElement>('checkbox', {
      name: 'Contact patient for Care coordinator',
    });
    expect(contact.checked).toBe(false);
    await user.click(contact);

    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(contact.checked).toBe(true));
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', {
        name: 'View patient identifiers for Care coordinator',
      }).checked,
    ).toBe(true);
  });

  it('keeps “View patient data” ticked and disabled, and default roles read-only', async () => {
    await openRoles([rolesMock([contributor, coordinator])]);

    const view = screen.getByRole<HTMLInputElement>('checkbox', {
      name: 'View patient data for Care coordinator',
    });
    expect(view.checked).toBe(true);
    expect(view.disabled).toBe(true);
    expect(screen.queryByRole('checkbox', { name: /for Contributor$/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Actions for role Contributor' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Actions for role Care coordinator' })).toBeTruthy();
  });

  it('shows an escalation refusal and unticks the permission again', async () => {
    const user = userEvent.setup();
    const message = 'You cannot give a role permissions you do not have: patient:export.';
    await openRoles([
      rolesMock([contributor, coordinator]),
      {
        request: {
          query: UpdateRoleMutation,
          variables: {
            id: coordinator.id,
            input: { permissions: ['patient:view', 'patient:view-identifiers', 'patient:export'] },
          },
        },
        result: refusal('ESCALATION_REFUSED', message),
      },
    ]);

    const exportBox = screen.getByRole<HTMLInputElement>('checkbox', {
      name: 'Export patient data for Care coordinator',
    });
    await user.click(exportBox);

    expect(await screen.findByText(message)).toBeTruthy();
    await waitFor(() => expect(exportBox.checked).toBe(false));
  });

  it('creates a role from “New role” and shows it as a new column', async () => {
    const user = userEvent.setup();
    const reviewer: Role = {
      id: 'r-reviewer',
      key: null,
      name: 'Reviewer',
      description: 'Reads the audit log.',
      permissions: ['patient:view'],
    };
    const create = vi.fn(() => ({ data: { createRole: roleData(reviewer) } }));
    await openRoles([
      rolesMock([contributor, coordinator]),
      {
        request: {
          query: CreateRoleMutation,
          variables: {
            organisationId: ORG.id,
            input: { name: 'Reviewer', description: 'Reads the audit log.' },
          },
        },
        result: create,
      },
      rolesMock([contributor, coordinator, reviewer]),
    ]);
    expect(header('Reviewer')).toBeUndefined();

    await user.click(screen.getByRole('button', { name: 'New role' }));
    const dialog = await screen.findByRole('dialog', { name: 'New role' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Reviewer');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Description' }),
      'Reads the audit log.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Create role' }));

    expect(await screen.findByText('Role created')).toBeTruthy();
    expect(create).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'New role' })).toBeNull());
    await waitFor(() => expect(header('Reviewer')).toBeTruthy());
    expect(screen.getByRole('checkbox', { name: 'View audit log for Reviewer' })).toBeTruthy();
  });

  it('shows a taken name in the form and keeps it open', async () => {
    const user = userEvent.setup();
    await openRoles([
      rolesMock([contributor, coordinator]),
      {
        request: {
          query: CreateRoleMutation,
          variables: {
            organisationId: ORG.id,
            input: { name: 'Care coordinator', description: '' },
          },
        },
        result: refusal('ROLE_NAME_TAKEN', 'A role called “Care coordinator” already exists.'),
      },
    ]);

    await user.click(screen.getByRole('button', { name: 'New role' }));
    const dialog = await screen.findByRole('dialog', { name: 'New role' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Care coordinator');
    await user.click(within(dialog).getByRole('button', { name: 'Create role' }));

    expect(
      await within(dialog).findByText('A role called “Care coordinator” already exists.'),
    ).toBeTruthy();
    expect(screen.getByRole('dialog', { name: 'New role' })).toBeTruthy();
  });

  it('renames a custom role from its column menu', async () => {
    const user = userEvent.setup();
    await openRoles([
      rolesMock([contributor, coordinator]),
      {
        request: {
          query: UpdateRoleMutation,
          variables: { id: coordinator.id, input: { name: 'Patient coordinator' } },
        },
        result: updated(coordinator, { name: 'Patient coordinator' }),
      },
    ]);

    await user.click(screen.getByRole('button', { name: 'Actions for role Care coordinator' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Rename' }));
    const dialog = await screen.findByRole('dialog');
    const name = within(dialog).getByRole<HTMLInputElement>('textbox', { name: 'Name' });
    expect(name.value).toBe('Care coordinator');
    await user.clear(name);
    await user.type(name, 'Patient coordinator');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(header('Patient coordinator')).toBeTruthy());
    expect(header('Care coordinator')).toBeUndefined();
    expect(
      screen.getByRole('checkbox', { name: 'Contact patient for Patient coordinator' }),
    ).toBeTruthy();
  });

  it('asks before deleting a role and shows ROLE_IN_USE, keeping the column', async () => {
    const user = userEvent.setup();
    const message = 'Care coordinator is held by 3 people; give them another role first.';
    const remove = vi.fn(() => refusal('ROLE_IN_USE', message));
    await openRoles([
      rolesMock([contributor, coordinator]),
      { request: { query: DeleteRoleMutation, variables: { id: coordinator.id } }, result: remove },
    ]);

    await user.click(screen.getByRole('button', { name: 'Actions for role Care coordinator' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete role' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete the role Care coordinator?' });
    expect(remove).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));

    expect(await screen.findByText(message)).toBeTruthy();
    expect(remove).toHaveBeenCalledTimes(1);
    expect(header('Care coordinator')).toBeTruthy();
  });

  it('removes the column once a role is deleted', async () => {
    const user = userEvent.setup();
    await openRoles([
      rolesMock([contributor, coordinator]),
      {
        request: { query: DeleteRoleMutation, variables: { id: coordinator.id } },
        result: { data: { deleteRole: coordinator.id } },
      },
      rolesMock([contributor]),
    ]);

    await user.click(screen.getByRole('button', { name: 'Actions for role Care coordinator' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete role' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete the role Care coordinator?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));

    expect(await screen.findByText('Role deleted')).toBeTruthy();
    await waitFor(() => expect(header('Care coordinator')).toBeUndefined());
    expect(header('Contributor')).toBeTruthy();
  });

  it('offers no editing to a deployment Admin, who cannot manage the organisation’s roles', async () => {
    await openRoles(
      [rolesMock([contributor, { ...coordinator, edit: false }])],
      viewers.deploymentAdmin,
      `/o/${ORG.id}/d/${DIABETES.id}/roles`,
    );

    expect(header('Care coordinator')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'New role' })).toBeNull();
    expect(screen.queryAllByRole('checkbox')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: /^Actions for role / })).toBeNull();
  });
});
