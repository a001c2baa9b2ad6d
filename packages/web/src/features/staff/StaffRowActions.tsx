import { useMutation } from '@apollo/client/react';
import { ActionIcon, Menu, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconDots, IconUserMinus } from '@tabler/icons-react';
import { graphql } from '../../gql';
import { notifyError, notifySuccess } from '../../ui/notify';

export const RemoveStaffMemberMutation = graphql(`
  mutation RemoveStaffMemberMutation($staffMemberId: ID!) {
    removeStaffMember(staffMemberId: $staffMemberId)
  }
`);

export interface StaffRowActionsProps {
  member: { id: string; user: { fullName: string }; role: { name: string } };
  /** The organisation or deployment the row's role applies to. */
  placeName: string;
}

/**
 * The "…" menu of a staff row. "Remove from team" asks first; once removed, the row leaves every
 * cached list (the StaffMember is evicted, and the lists skip what they can no longer read).
 */
export function StaffRowActions({ member, placeName }: StaffRowActionsProps) {
  const [removeStaffMember] = useMutation(RemoveStaffMemberMutation);
  const name = member.user.fullName;

  async function remove() {
    try {
      await removeStaffMember({
        variables: { staffMemberId: member.id },
        update(cache, { data }) {
          if (!data) return;
          cache.evict({
            id: cache.identify({ __typename: 'StaffMember', id: data.removeStaffMember }),
          });
          // Dashboards count people: any cached one is read again.
          cache.evict({ id: 'ROOT_QUERY', fieldName: 'adminDashboard' });
          cache.gc();
        },
      });
      notifySuccess('Removed from team', `${name} no longer has access to ${placeName}.`);
    } catch (error) {
      notifyError(`${name} was not removed`, error);
    }
  }

  function confirmRemoval() {
    modals.openConfirmModal({
      title: `Remove ${name} from the team?`,
      centered: true,
      children: (
        <Text size="sm">
          {name} loses the {member.role.name} role and with it access to {placeName} at once. Their
          account stays, and you can invite them again later.
        </Text>
      ),
      labels: { confirm: 'Remove', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => void remove(),
    });
  }

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${name}`}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          color="red"
          leftSection={<IconUserMinus size={16} aria-hidden />}
          onClick={confirmRemoval}
        >
          Remove from team
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
