import { useMutation, useQuery } from '@apollo/client/react';
import { Loader, Select } from '@mantine/core';
import { useMemo, useState } from 'react';
import { graphql } from '../../gql';
import { notifyError, notifySuccess } from '../../ui/notify';

/**
 * The roles the viewer may give at one scope: the options of the role pickers. Apollo keeps one
 * cache entry per scope (its arguments), so every row of the same scope shares one request.
 */
export const GrantableRolesQuery = graphql(`
  query GrantableRolesQuery($organisationId: ID!, $deploymentId: ID) {
    grantableRoles(organisationId: $organisationId, deploymentId: $deploymentId) {
      id
      key
      name
      isDefault
    }
  }
`);

export const ChangeStaffRoleMutation = graphql(`
  mutation ChangeStaffRoleMutation($staffMemberId: ID!, $roleId: ID!) {
    changeStaffRole(staffMemberId: $staffMemberId, roleId: $roleId) {
      id
      role {
        id
        key
        name
        isDefault
      }
      viewerCan {
        changeRole
        remove
      }
    }
  }
`);

export interface StaffRoleSelectProps {
  organisationId: string;
  member: {
    id: string;
    user: { fullName: string };
    role: { id: string; name: string };
    deployment?: { id: string } | null;
  };
}

/**
 * A staff row's role as a picker: the roles the viewer may give at the row's own scope, plus the
 * current one. Choosing another role changes it at once; on a refusal the old role stays.
 */
export function StaffRoleSelect({ organisationId, member }: StaffRoleSelectProps) {
  const { data } = useQuery(GrantableRolesQuery, {
    variables: { organisationId, deploymentId: member.deployment?.id ?? null },
  });
  const [changeRole] = useMutation(ChangeStaffRoleMutation);
  const [pending, setPending] = useState<string | null>(null);
  const name = member.user.fullName;

  const options = useMemo(() => {
    const grantable = data?.grantableRoles ?? [];
    const roles = grantable.some((r) => r.id === member.role.id)
      ? grantable
      : [member.role, ...grantable];
    return roles.map((r) => ({ value: r.id, label: r.name }));
  }, [data, member.role]);

  async function choose(roleId: string | null) {
    if (!roleId || roleId === member.role.id || pending) return;
    setPending(roleId);
    try {
      const result = await changeRole({ variables: { staffMemberId: member.id, roleId } });
      const roleName =
        result.data?.changeStaffRole.role.name ??
        options.find((o) => o.value === roleId)?.label ??
        'the new role';
      notifySuccess('Role changed', `${name} is now ${roleName}.`);
    } catch (error) {
      notifyError('Role not changed', error);
    } finally {
      setPending(null);
    }
  }

  return (
    <Select
      aria-label={`Role of ${name}`}
      data={options}
      value={pending ?? member.role.id}
      onChange={(value) => void choose(value)}
      allowDeselect={false}
      disabled={pending !== null}
      rightSection={pending ? <Loader size={14} aria-label="Changing role" /> : undefined}
      size="xs"
      w={210}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
