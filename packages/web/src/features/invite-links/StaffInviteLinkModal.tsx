import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Badge,
  Button,
  CopyButton,
  Divider,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconAlertCircle, IconBan, IconCheck, IconCopy, IconLink } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { can } from '../../app/access';
import { useRequiredScope, type ScopeState } from '../../app/scope-context';
import { useViewer } from '../../app/viewer';
import { describeError } from '../../ui/errors';
import { formatDateTime } from '../../ui/format';
import { notifyError, notifySuccess } from '../../ui/notify';
import { QueryState } from '../../ui/QueryState';
import { EXPIRY_OPTIONS } from '../invitations/InviteStaffModal';
import { LINK_STATE, maxUsesError, upToPeople, usesLabel } from './invite-links-api';
import { InviteLinkField, InviteLinkQr, MaxUsesInput } from './InviteLinkShare';
import {
  CreateStaffInviteLinkMutation,
  RevokeStaffInviteLinkMutation,
  StaffInviteLinksQuery,
  type StaffInviteLinkRow,
} from './staff-invite-links-api';

export interface StaffInviteLinkModalProps {
  opened: boolean;
  onClose: () => void;
  /** The organisation, or the deployment, people join. */
  scope: ScopeState;
}

/**
 * "Copy invite link": a multi-use link that gives one non-admin role here to whoever opens it and
 * creates an account (email confirmed with a code). Create one, copy it or show its QR code; below,
 * the links of this place with who joined, and revoke.
 */
export function StaffInviteLinkModal({ opened, onClose, scope }: StaffInviteLinkModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Copy invite link" size="xl" centered>
      <StaffInviteLinks scope={scope} />
    </Modal>
  );
}

function StaffInviteLinks({ scope }: { scope: ScopeState }) {
  const { organisation, deployment } = scope;
  const variables = { organisationId: organisation.id, deploymentId: deployment?.id ?? null };
  const place = deployment?.name ?? organisation.name;
  const { data, loading, error } = useQuery(StaffInviteLinksQuery, {
    variables,
    fetchPolicy: 'cache-and-network',
  });
  const [created, setCreated] = useState<StaffInviteLinkRow | null>(null);

  return (
    <QueryState loading={loading} error={error} data={data}>
      {({ staffInviteLinks: links, staffInviteLinkRoles: roles }) => (
        <Stack gap="lg">
          {created ? (
            <Stack gap="md">
              <Text size="sm">
                Anyone with this link can join <strong>{place}</strong> as{' '}
                <strong>{created.role?.name}</strong> until {formatDateTime(created.expiresAt)}
                {upToPeople(created.maxUses)}. They confirm their email with a code, then set a
                password.
              </Text>
              <InviteLinkField link={created} />
              <InviteLinkQr link={created} size={200} />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setCreated(null)}>
                  Create another
                </Button>
              </Group>
            </Stack>
          ) : (
            <CreateForm scope={scope} roles={roles} onCreated={setCreated} />
          )}
          <Divider />
          <Stack gap="xs">
            <Title order={2} fz="md">
              Invite links for {place}
            </Title>
            {links.length === 0 ? (
              <Text size="sm" c="dimmed">
                No staff invite links here yet.
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing="xs" aria-label={`Staff invite links for ${place}`}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Role</Table.Th>
                      <Table.Th>State</Table.Th>
                      <Table.Th>Uses</Table.Th>
                      <Table.Th>Who joined</Table.Th>
                      <Table.Th>Actions</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {links.map((link) => (
                      <LinkRow key={link.id} link={link} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Stack>
        </Stack>
      )}
    </QueryState>
  );
}

function CreateForm({
  scope,
  roles,
  onCreated,
}: {
  scope: ScopeState;
  roles: readonly { id: string; name: string }[];
  onCreated: (link: StaffInviteLinkRow) => void;
}) {
  const { organisation, deployment } = scope;
  const place = deployment?.name ?? organisation.name;
  const [chosenRoleId, setRoleId] = useState<string | null>(null);
  const [expiry, setExpiry] = useState('72');
  const [maxUses, setMaxUses] = useState<number | ''>('');
  const [failure, setFailure] = useState<unknown>(null);
  const expiryLabelId = useId();
  const [create, { loading }] = useMutation(CreateStaffInviteLinkMutation);
  const roleId = roles.some((r) => r.id === chosenRoleId)
    ? chosenRoleId
    : roles.length === 1
      ? roles[0]!.id
      : null;
  const maxUsesProblem = maxUsesError(maxUses);

  async function submit() {
    if (!roleId || maxUsesProblem) return;
    setFailure(null);
    const variables = { organisationId: organisation.id, deploymentId: deployment?.id ?? null };
    try {
      const { data } = await create({
        variables: {
          input: {
            ...variables,
            roleId,
            expiryHours: Number(expiry),
            maxUses: maxUses === '' ? null : maxUses,
          },
        },
        refetchQueries: [{ query: StaffInviteLinksQuery, variables }],
      });
      onCreated(data!.createStaffInviteLink);
      notifySuccess('Invite link created', 'Copy it or show its QR code.');
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        One link for several people joining <strong>{place}</strong> with the same role. Whoever
        opens it confirms their email with a 6-digit code and creates an account. Roles that manage
        staff, roles or the organisation cannot be given by link.
      </Text>
      <Select
        label="Role"
        placeholder="Choose a role"
        data={roles.map((r) => ({ value: r.id, label: r.name }))}
        value={roleId}
        onChange={setRoleId}
        allowDeselect={false}
        nothingFoundMessage="No roles"
        error={roles.length === 0 ? `You cannot give any role by link in ${place}.` : undefined}
        comboboxProps={{ withinPortal: true }}
      />
      <Group grow align="flex-start">
        <Stack gap={4}>
          <Text id={expiryLabelId} size="sm" fw={500}>
            Link expires after
          </Text>
          <SegmentedControl
            aria-labelledby={expiryLabelId}
            data={EXPIRY_OPTIONS}
            value={expiry}
            onChange={setExpiry}
          />
        </Stack>
        <MaxUsesInput value={maxUses} onChange={setMaxUses} />
      </Group>
      {failure !== null && (
        <Alert
          color="red"
          variant="light"
          title="The link was not created"
          icon={<IconAlertCircle size={20} />}
          role="alert"
        >
          {describeError(failure)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button
          leftSection={<IconLink size={16} aria-hidden />}
          loading={loading}
          disabled={!roleId || Boolean(maxUsesProblem)}
          onClick={() => void submit()}
        >
          Create link
        </Button>
      </Group>
    </Stack>
  );
}

function LinkRow({ link }: { link: StaffInviteLinkRow }) {
  const [revoke, { loading }] = useMutation(RevokeStaffInviteLinkMutation);
  const state = LINK_STATE[link.state];
  const name = `${link.role?.name ?? 'Role'} link of ${formatDateTime(link.createdAt)}`;

  function confirmRevoke() {
    modals.openConfirmModal({
      title: `Revoke the ${name}?`,
      centered: true,
      children: (
        <Text size="sm">
          The link stops working at once; nobody else can join through it. People who already joined
          keep their role.
        </Text>
      ),
      labels: { confirm: 'Revoke', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        revoke({ variables: { id: link.id } }).then(
          () => notifySuccess('Link revoked', 'Nobody else can join through it.'),
          (error: unknown) => notifyError('The link was not revoked', error),
        );
      },
    });
  }

  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {link.role?.name}
        </Text>
        <Text size="xs" c="dimmed">
          {new Date(link.expiresAt).getTime() <= Date.now() ? 'Expired' : 'Expires'}{' '}
          {formatDateTime(link.expiresAt)} · by {link.createdBy?.fullName ?? 'a former member'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={state.color} variant="light">
          {state.label}
        </Badge>
      </Table.Td>
      <Table.Td>{usesLabel(link)}</Table.Td>
      <Table.Td>
        {link.joins.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nobody yet
          </Text>
        ) : (
          <Stack gap={2}>
            {link.joins.map((j) => (
              <Text key={j.id} size="sm">
                {j.fullName}{' '}
                <Text span size="xs" c="dimmed">
                  {j.email} · {formatDateTime(j.joinedAt)}
                </Text>
              </Text>
            ))}
          </Stack>
        )}
      </Table.Td>
      <Table.Td>
        {link.state === 'ACTIVE' && (
          <Group gap="xs" wrap="nowrap">
            <CopyButton value={link.url} timeout={2000}>
              {({ copied, copy }) => (
                <Button
                  variant="default"
                  size="compact-sm"
                  onClick={copy}
                  aria-label={`Copy the ${name}`}
                  leftSection={
                    copied ? (
                      <IconCheck size={14} aria-hidden />
                    ) : (
                      <IconCopy size={14} aria-hidden />
                    )
                  }
                >
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
            <Button
              variant="light"
              color="red"
              size="compact-sm"
              leftSection={<IconBan size={14} aria-hidden />}
              onClick={confirmRevoke}
              loading={loading}
              aria-label={`Revoke the ${name}`}
            >
              Revoke
            </Button>
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * "Copy invite link" in a page header (Staff and Invitations pages) with its dialog, for viewers
 * with `staff:manage` here; nothing otherwise (the API checks again).
 */
export function StaffInviteLinkAction() {
  const viewer = useViewer();
  const scope = useRequiredScope();
  const [opened, setOpened] = useState(false);
  if (!can(viewer, 'staff:manage', scope.scope)) return null;
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconLink size={18} aria-hidden />}
        onClick={() => setOpened(true)}
      >
        Copy invite link
      </Button>
      <StaffInviteLinkModal opened={opened} onClose={() => setOpened(false)} scope={scope} />
    </>
  );
}
