import { Avatar, Button, Menu, Text } from '@mantine/core';
import {
  IconChevronDown,
  IconInbox,
  IconLogout,
  IconUserHeart,
  IconUserPlus,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import { useInviteStaff } from '../features/invitations/invite-context';
import { useInvitePatients } from '../features/patients/invite-patients-context';
import { useSignOut } from './session';
import { useViewer } from './viewer';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return (
    (parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')
  ).toUpperCase();
}

/**
 * The viewer's name in the header; opens their email, "Invite staff members" and "Invite patients"
 * (where they may invite), "Development outbox" (development builds only) and "Sign out".
 */
export function AccountMenu() {
  const viewer = useViewer();
  const signOut = useSignOut();
  const openInvite = useInviteStaff();
  const openInvitePatients = useInvitePatients();
  const outbox = import.meta.env.DEV;
  return (
    <Menu position="bottom-end" width={260} shadow="md" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          c="dark.6"
          px="xs"
          leftSection={
            <Avatar size={28} color="porter" radius="xl" aria-hidden>
              {initials(viewer.fullName)}
            </Avatar>
          }
          rightSection={<IconChevronDown size={16} aria-hidden />}
        >
          <Text component="span" size="sm" fw={500}>
            {viewer.fullName}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as</Menu.Label>
        <Text size="sm" px="sm" pb="xs" fw={500}>
          {viewer.fullName}
          <Text component="span" display="block" size="xs" c="dimmed">
            {viewer.email ?? viewer.mobile}
          </Text>
        </Text>
        <Menu.Divider />
        {openInvite && (
          <Menu.Item leftSection={<IconUserPlus size={16} />} onClick={openInvite}>
            Invite staff members
          </Menu.Item>
        )}
        {openInvitePatients && (
          <Menu.Item leftSection={<IconUserHeart size={16} />} onClick={openInvitePatients}>
            Invite patients
          </Menu.Item>
        )}
        {outbox && (
          <Menu.Item component={Link} to="/dev/outbox" leftSection={<IconInbox size={16} />}>
            Development outbox
          </Menu.Item>
        )}
        {(openInvite || openInvitePatients || outbox) && <Menu.Divider />}
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void signOut()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
