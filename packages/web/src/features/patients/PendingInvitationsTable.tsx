import { useMutation } from '@apollo/client/react';
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDots, IconMailForward, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { CHANNEL_INFO } from '@porter/shared';
import type { DeliveryStatus } from '../../gql/graphql';
import { describeCode } from '../../ui/errors';
import { formatDate, formatDateTime, formatRelative } from '../../ui/format';
import { notifyError } from '../../ui/notify';
import { useInvitationActions } from '../invitations/invitation-actions';
import { DeletePatientInvitationsMutation } from './pending-api';
import type { PatientRow } from './patients-api';

const DELIVERY: Record<DeliveryStatus, { label: string; color: string }> = {
  QUEUED: { label: 'Queued', color: 'gray' },
  SENT: { label: 'Sent', color: 'blue' },
  DELIVERED: { label: 'Delivered', color: 'green' },
  FAILED: { label: 'Failed', color: 'red' },
};

const DAY = 24 * 3_600_000;
/** Confirmations close without fading out: the rows they name leave the list as soon as the API answers. */
const CLOSE_AT_ONCE = { exitDuration: 0 };

type Pending = PatientRow & { invitation: NonNullable<PatientRow['invitation']> };

/** The address when the viewer may see it, else the pseudonymous label the list shows. */
const labelOf = (row: Pending) => row.invitation.address ?? row.displayName;

export interface PendingInvitationsTableProps {
  rows: PatientRow[];
  /** Caption for the table (names the deployment). */
  label: string;
  /** After a resend, retry or delete that changed something: the list fetches again. */
  onChanged: () => void;
}

/**
 * The "Pending invitations" view of the patients list: channel, address, sent, time left,
 * inviter, delivery and reminder per invitation; resend and delete per row and in bulk for
 * `patient:manage` holders (rows they may not manage have no checkbox and no menu), and retrying
 * a failed message with the same link where `viewerCan.retryDelivery` says so.
 */
export function PendingInvitationsTable({ rows, label, onChanged }: PendingInvitationsTableProps) {
  const pending = rows.filter((r): r is Pending => r.invitation !== null);
  const manageable = pending.filter((r) => r.viewerCan.manageInvitation);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [retrying, setRetrying] = useState(false);
  const { resend, retry } = useInvitationActions();
  const [deleteInvitations, { loading: deleting }] = useMutation(DeletePatientInvitationsMutation);
  const chosen = manageable.filter((r) => selected.has(r.invitation.id));
  const names = new Map(pending.map((r) => [r.invitation.id, labelOf(r)]));
  const allChosen = manageable.length > 0 && chosen.length === manageable.length;
  // Only messages that failed can be retried: the others in the selection are left as they are.
  const retryable = chosen.filter((r) => r.viewerCan.retryDelivery);

  function toggle(id: string, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function onResend(ids: string[]) {
    const done = await resend(ids, names);
    if (done.length > 0) {
      setSelected(new Set());
      onChanged();
    }
  }

  async function onRetry(ids: string[]) {
    setRetrying(true);
    const done = await retry(ids, names);
    setRetrying(false);
    if (done.length > 0) {
      setSelected((current) => new Set([...current].filter((id) => !done.includes(id))));
      onChanged();
    }
  }

  async function onDelete(ids: string[]) {
    try {
      const { data } = await deleteInvitations({ variables: { invitationIds: ids } });
      const results = data?.deletePatientInvitations ?? [];
      const done = results.filter((r) => r.ok);
      const failed = results.filter((r) => !r.ok);
      if (done.length > 0) {
        notifications.show({
          color: 'green',
          title: done.length === 1 ? 'Invitation deleted' : `${done.length} invitations deleted`,
          message: done.length === 1 ? 'Its link no longer works.' : 'Their links no longer work.',
        });
        setSelected(new Set());
        onChanged();
      }
      if (failed.length > 0) {
        notifications.show({
          color: 'red',
          title:
            failed.length === 1
              ? 'One invitation not deleted'
              : `${failed.length} invitations not deleted`,
          message: failed
            .slice(0, 5)
            .map(
              (r) =>
                `${names.get(r.invitationId) ?? 'An invitation'}: ${describeCode(r.code, r.message)}`,
            )
            .join('\n'),
          autoClose: 10_000,
          style: { whiteSpace: 'pre-line' },
        });
      }
    } catch (error) {
      notifyError(ids.length === 1 ? 'Invitation not deleted' : 'Invitations not deleted', error);
    }
  }

  function confirmDelete(ids: string[]) {
    const count = ids.length;
    modals.openConfirmModal({
      title:
        count === 1
          ? `Delete the invitation for ${names.get(ids[0]!) ?? 'this patient'}?`
          : `Delete ${count} invitations?`,
      centered: true,
      children: (
        <Text size="sm">
          {count === 1 ? 'Its link stops working at once' : 'Their links stop working at once'}, and
          patients who never joined are removed from this deployment. The audit log keeps a record.
        </Text>
      ),
      labels: { confirm: count === 1 ? 'Delete' : `Delete ${count}`, cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      transitionProps: CLOSE_AT_ONCE,
      onConfirm: () => void onDelete(ids),
    });
  }

  const manage = manageable.length > 0;
  const chosenIds = chosen.map((r) => r.invitation.id);
  return (
    <>
      {chosen.length > 0 && (
        <Group
          px="md"
          py="xs"
          gap="sm"
          bg="var(--mantine-color-gray-0)"
          role="toolbar"
          aria-label="Selected invitations"
        >
          <Text size="sm" fw={500}>
            {chosen.length} selected
          </Text>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconMailForward size={14} aria-hidden />}
            onClick={() => void onResend(chosenIds)}
          >
            Resend {chosen.length}
          </Button>
          {retryable.length > 0 && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconRefresh size={14} aria-hidden />}
              loading={retrying}
              onClick={() => void onRetry(retryable.map((r) => r.invitation.id))}
            >
              {retryable.length === chosen.length
                ? `Retry delivery ${retryable.length}`
                : `Retry delivery (${retryable.length} failed)`}
            </Button>
          )}
          <Button
            size="xs"
            color="red"
            variant="light"
            leftSection={<IconTrash size={14} aria-hidden />}
            loading={deleting}
            onClick={() => confirmDelete(chosenIds)}
          >
            Delete {chosen.length}
          </Button>
        </Group>
      )}
      {/* position: relative keeps the visually hidden labels of far-right cells inside the scroll box. */}
      <Table.ScrollContainer minWidth={1040} type="native" pos="relative">
        <Table highlightOnHover aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              {manage && (
                <Table.Th w={40}>
                  <Checkbox
                    aria-label="Select all"
                    checked={allChosen}
                    indeterminate={chosen.length > 0 && !allChosen}
                    onChange={(e) =>
                      setSelected(
                        e.currentTarget.checked
                          ? new Set(manageable.map((r) => r.invitation.id))
                          : new Set(),
                      )
                    }
                  />
                </Table.Th>
              )}
              <Table.Th>Channel</Table.Th>
              <Table.Th miw={200}>Address</Table.Th>
              <Table.Th>Sent</Table.Th>
              <Table.Th>Time left</Table.Th>
              <Table.Th>Invited by</Table.Th>
              <Table.Th>Delivery</Table.Th>
              <Table.Th>Reminder</Table.Th>
              {manage && (
                <Table.Th w={56}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pending.map((row) => (
              <PendingRow
                key={row.id}
                row={row}
                manage={manage}
                checked={selected.has(row.invitation.id)}
                onToggle={(on) => toggle(row.invitation.id, on)}
                onResend={() => void onResend([row.invitation.id])}
                onRetry={() => void onRetry([row.invitation.id])}
                onDelete={() => confirmDelete([row.invitation.id])}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

interface PendingRowProps {
  row: Pending;
  /** The table has selection and action columns. */
  manage: boolean;
  checked: boolean;
  onToggle: (on: boolean) => void;
  onResend: () => void;
  onRetry: () => void;
  onDelete: () => void;
}

function PendingRow({
  row,
  manage,
  checked,
  onToggle,
  onResend,
  onRetry,
  onDelete,
}: PendingRowProps) {
  const invitation = row.invitation;
  const label = labelOf(row);
  const mine = row.viewerCan.manageInvitation;
  const expired = invitation.expired || new Date(invitation.expiresAt).getTime() <= Date.now();
  const delivery = DELIVERY[invitation.deliveryStatus];
  // Why a message failed is written out under its badge (it decides between a retry and a
  // resend); an error while it is still being retried rides on the badge, for those who look.
  const failure = invitation.deliveryStatus === 'FAILED' ? invitation.deliveryError : null;
  const note = failure ? null : invitation.deliveryError;
  const badge = (
    // max-content: the table squeezes its columns, and a badge would otherwise be cut to "Queu…".
    <Badge
      size="sm"
      color={delivery.color}
      tt="none"
      miw="max-content"
      tabIndex={note ? 0 : undefined}
    >
      {delivery.label}
      {note && <VisuallyHidden>: {note}</VisuallyHidden>}
    </Badge>
  );
  const remindOn = new Date(new Date(invitation.expiresAt).getTime() - DAY).toISOString();
  return (
    <Table.Tr>
      {manage && (
        <Table.Td>
          {mine && (
            <Checkbox
              aria-label={`Select ${label}`}
              checked={checked}
              onChange={(e) => onToggle(e.currentTarget.checked)}
            />
          )}
        </Table.Td>
      )}
      <Table.Td>
        <Text size="sm">{CHANNEL_INFO[invitation.channel].label}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {label}
        </Text>
      </Table.Td>
      <Table.Td>
        {invitation.sentAt ? (
          <Text size="sm" title={formatDateTime(invitation.sentAt)}>
            {formatRelative(invitation.sentAt)}
            {invitation.sentCount > 1 ? ` (${invitation.sentCount} times)` : ''}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Not sent yet
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {expired ? (
          <Badge
            size="sm"
            color="red"
            tt="none"
            title={`Expired ${formatDateTime(invitation.expiresAt)}`}
          >
            Expired
          </Badge>
        ) : (
          <Text size="sm" title={formatDateTime(invitation.expiresAt)}>
            {formatRelative(invitation.expiresAt)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{invitation.invitedBy?.fullName ?? '—'}</Text>
      </Table.Td>
      <Table.Td>
        {note ? (
          <Tooltip
            label={note}
            multiline
            maw={320}
            withArrow
            events={{ hover: true, focus: true, touch: true }}
          >
            {badge}
          </Tooltip>
        ) : (
          badge
        )}
        {failure && (
          <Text size="xs" mt={4} maw={240} lineClamp={5} title={failure}>
            {failure}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={invitation.remindedAt || invitation.reminderDue ? undefined : 'dimmed'}>
          {invitation.remindedAt
            ? `Sent ${formatDate(invitation.remindedAt)}`
            : invitation.reminderDue
              ? `Due ${formatDate(remindOn)}`
              : 'None'}
        </Text>
      </Table.Td>
      {manage && (
        <Table.Td ta="right">
          {mine && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${label}`}>
                  <IconDots size={18} aria-hidden />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {row.viewerCan.retryDelivery && (
                  <Menu.Item leftSection={<IconRefresh size={16} aria-hidden />} onClick={onRetry}>
                    Retry delivery
                  </Menu.Item>
                )}
                <Menu.Item
                  leftSection={<IconMailForward size={16} aria-hidden />}
                  onClick={onResend}
                >
                  Resend
                </Menu.Item>
                <Menu.Item
                  color="red"
                  leftSection={<IconTrash size={16} aria-hidden />}
                  onClick={onDelete}
                >
                  Delete
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  );
}
