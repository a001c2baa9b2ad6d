import type { ApolloCache } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Paper, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { PERMISSION_KEYS } from '@porter/shared';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { can } from '../../app/access';
import { useRequiredScope } from '../../app/scope-context';
import { useViewer } from '../../app/viewer';
import { graphql } from '../../gql';
import { notifyError, notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { NewRoleModal, RenameRoleModal } from './RoleModals';
import { RolesMatrix, type MatrixPermission, type MatrixRole } from './RolesMatrix';

export const RolesPageQuery = graphql(`
  query RolesPageQuery($organisationId: ID!) {
    permissions {
      key
      label
      description
      group
      platformOnly
    }
    roles(organisationId: $organisationId) {
      id
      key
      name
      description
      isDefault
      scopes
      permissions
      viewerCan {
        edit
        delete
      }
    }
  }
`);

export const CreateRoleMutation = graphql(`
  mutation CreateRoleMutation($organisationId: ID!, $input: RoleInput!) {
    createRole(organisationId: $organisationId, input: $input) {
      id
      key
      name
      description
      isDefault
      scopes
      permissions
      viewerCan {
        edit
        delete
      }
    }
  }
`);

export const UpdateRoleMutation = graphql(`
  mutation UpdateRoleMutation($id: ID!, $input: RoleInput!) {
    updateRole(id: $id, input: $input) {
      id
      name
      description
      permissions
    }
  }
`);

export const DeleteRoleMutation = graphql(`
  mutation DeleteRoleMutation($id: ID!) {
    deleteRole(id: $id)
  }
`);

/**
 * Which roles the viewer may give depends on each role's permissions and scopes: after any role
 * change, drop the cached role pickers so the next one to show asks the API again.
 */
function forgetGrantableRoles(cache: ApolloCache): void {
  cache.evict({ id: 'ROOT_QUERY', fieldName: 'grantableRoles' });
}

/** A role's permissions with one added or taken away, in catalogue order. */
export function togglePermission(current: readonly string[], key: string, held: boolean): string[] {
  const next = new Set(current);
  if (held) next.add(key);
  else next.delete(key);
  const order = PERMISSION_KEYS as readonly string[];
  return [...next].sort((a, b) => {
    const i = order.indexOf(a);
    const j = order.indexOf(b);
    return (i === -1 ? order.length : i) - (j === -1 ? order.length : j);
  });
}

/**
 * `/o/:organisationId/roles`: what each role of the organisation may do, and the organisation's own
 * roles edited in place. Platform roles and platform-only permissions cannot be given inside an
 * organisation, so they are left out here.
 */
export function RolesPage() {
  const viewer = useViewer();
  const { organisation } = useRequiredScope();
  const { data, loading, error } = useQuery(RolesPageQuery, {
    variables: { organisationId: organisation.id },
  });
  const manages = can(viewer, 'role:manage', { organisationId: organisation.id });
  const [creating, { open: openCreate, close: closeCreate }] = useDisclosure(false);
  const [renaming, setRenaming] = useState<MatrixRole | null>(null);

  const [createRole] = useMutation(CreateRoleMutation, {
    refetchQueries: [RolesPageQuery],
    awaitRefetchQueries: true,
    update: forgetGrantableRoles,
  });
  const [updateRole] = useMutation(UpdateRoleMutation, { update: forgetGrantableRoles });
  const [deleteRole] = useMutation(DeleteRoleMutation, {
    refetchQueries: [RolesPageQuery],
    awaitRefetchQueries: true,
    update(cache, { data: deleted }) {
      if (deleted)
        cache.evict({ id: cache.identify({ __typename: 'Role', id: deleted.deleteRole }) });
      forgetGrantableRoles(cache);
      cache.gc();
    },
  });

  async function create(input: { name: string; description: string }) {
    const result = await createRole({ variables: { organisationId: organisation.id, input } });
    const name = result.data?.createRole.name ?? input.name;
    notifySuccess(
      'Role created',
      `${name} can view patient data so far; tick what else it may do.`,
    );
  }

  function toggle(role: MatrixRole, permission: MatrixPermission, held: boolean) {
    const permissions = togglePermission(role.permissions, permission.key, held);
    // The cache needs the type name to find the role; the generated result type leaves it out.
    const optimistic = {
      __typename: 'Role' as const,
      id: role.id,
      name: role.name,
      description: role.description,
      permissions,
    };
    updateRole({
      variables: { id: role.id, input: { permissions } },
      optimisticResponse: { updateRole: optimistic },
    }).catch((e: unknown) => notifyError(`${role.name} was not changed`, e));
  }

  async function rename(role: MatrixRole, name: string) {
    await updateRole({ variables: { id: role.id, input: { name } } });
    notifySuccess('Role renamed', `${role.name} is now called ${name}.`);
  }

  function confirmDelete(role: MatrixRole) {
    modals.openConfirmModal({
      title: `Delete the role ${role.name}?`,
      centered: true,
      children: (
        <Text size="sm">
          {role.name} disappears from the matrix and from every role picker. A role that people
          still hold cannot be deleted; give them another role first.
        </Text>
      ),
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        deleteRole({ variables: { id: role.id } })
          .then(() => notifySuccess('Role deleted', `${role.name} is gone.`))
          .catch((e: unknown) => notifyError(`${role.name} was not deleted`, e));
      },
    });
  }

  return (
    <>
      <PageHeader
        title="Roles"
        description={`The default roles and ${organisation.name}’s own roles, with the permissions each one holds.`}
        actions={
          manages ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openCreate}>
              New role
            </Button>
          ) : null
        }
      />
      <Paper withBorder radius="md">
        <QueryState loading={loading} error={error} data={data} skeletonRows={8} inset>
          {({ roles, permissions }) => (
            <RolesMatrix
              roles={roles.filter((r) => r.scopes.some((s) => s !== 'PLATFORM'))}
              permissions={permissions.filter((p) => !p.platformOnly)}
              onTogglePermission={toggle}
              onRename={setRenaming}
              onDelete={confirmDelete}
            />
          )}
        </QueryState>
      </Paper>
      {manages && <NewRoleModal opened={creating} onClose={closeCreate} onCreate={create} />}
      <RenameRoleModal
        role={renaming}
        onClose={() => setRenaming(null)}
        onRename={(name) => (renaming ? rename(renaming, name) : Promise.resolve())}
      />
    </>
  );
}
