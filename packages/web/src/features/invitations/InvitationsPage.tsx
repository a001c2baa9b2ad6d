import { useQuery } from '@apollo/client/react';
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { IconBan, IconDots, IconMailForward, IconRefresh } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useRequiredScope } from '../../app/scope-context';
import { graphql } from '../../gql';
import type {
  DeliveryStatus,
  InvitationSort,
  InvitationsPageQueryQuery,
  InvitationStatus,
} from '../../gql/graphql';
import { EmptyState } from '../../ui/EmptyState';
import { formatDateTime, formatRelative } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { SearchField, FilterSelect } from '../../ui/ListControls';
import { ALL, useRoleFilterOptions } from '../staff/StaffPage';
import { useInvitationActions } from './invitation-actions';
import { useInviteStaff } from './invite-context';
import { InviteStaffButton } from './InviteStaffModal';
import { StaffInviteLinkAction } from '../invite-links/StaffInviteLinkModal';

export const InvitationsPageQuery = graphql(`
  query InvitationsPageQuery(
    $organisationId: ID!
    $deploymentId: ID
    $search: String
    $status: InvitationStatus
    $roleId: ID
    $sort: InvitationSort!
    $first: Int!
    $after: String
  ) {
    staffInvitations(
      organisationId: $organisationId
      deploymentId: $deploymentId
      search: $search
      status: $status
      roleId: $roleId
      sort: $sort
      first: $first
      after: $after
    ) {
      edges {
        cursor
        node {
          id
          email
          role {
            id
            name
          }
          deployment {
            id
            name
          }
          status
          invitedBy {
            id
            fullName
          }
          createdAt
          lastSentAt
          sentCount
          expiresAt
          expiryHours
          remindedAt
          deliveryStatus
          deliveryError
          viewerCan {
            resend
            revoke
            retryDelivery
          }
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export type InvitationRow = InvitationsPageQueryQuery['staffInvitations']['edges'][number]['node'];

export const INVITATIONS_PAGE_SIZE = 50;

export const INVITATION_SORTS: { value: InvitationSort; label: string }[] = [
  { value: 'NEWEST', label: 'Newest first' },
  { value: 'OLDEST', label: 'Oldest first' },
  { value: 'EXPIRING_SOON', label: 'Expiring soon' },
];

const STATUSES: { value: string; label: string }[] = [
  { value: ALL, label: 'All statuses' },
  { value: 'PENDING', label: 'Pending' },
  { value: 'EXPIRED', label: 'Expired' },
];

const DELIVERY: Record<DeliveryStatus, { label: string; color: string }> = {
  QUEUED: { label: 'Queued', color: 'gray' },
  SENT: { label: 'Sent', color: 'blue' },
  DELIVERED: { label: 'Delivered', color: 'green' },
  FAILED: { label: 'Failed', color: 'red' },
};

/**
 * Confirmations close without fading out: the row they name leaves the list as soon as the API
 * answers, and nothing else on screen should still show the address by then.
 */
const CLOSE_AT_ONCE = { exitDuration: 0 };

function isExpired(row: InvitationRow): boolean {
  return row.status === 'EXPIRED' || new Date(row.expiresAt).getTime() <= Date.now();
}

const canAct = (row: InvitationRow) =>
  row.viewerCan.resend || row.viewerCan.revoke || row.viewerCan.retryDelivery;

const emailsOf = (rows: readonly InvitationRow[]) => new Map(rows.map((r) => [r.id, r.email]));

/**
 * `/o/:organisationId/invitations` and `/o/:organisationId/d/:deploymentId/invitations`: staff
 * invitations still waiting for an answer (pending or expired). Rows can be resent or revoked,
 * and those whose message failed retried with the same link, one by one (row menu) or together
 * (select, then the buttons above the table); each reports per invitation, since some may work
 * and others not.
 */
export function InvitationsPage() {
  const { organisation, deployment } = useRequiredScope();
  const openInvite = useInviteStaff();
  const { resend, retry, revoke } = useInvitationActions();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<string>(ALL);
  const [roleId, setRoleId] = useState<string>(ALL);
  const [sort, setSort] = useState<InvitationSort>('NEWEST');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkBusy, setBulkBusy] = useState(false);
  const roleOptions = useRoleFilterOptions(organisation.id, deployment !== null);
  const filtered = status !== ALL || roleId !== ALL;

  const { data, previousData, loading, error, fetchMore } = useQuery(InvitationsPageQuery, {
    variables: {
      organisationId: organisation.id,
      deploymentId: deployment?.id ?? null,
      search: debounced || null,
      status: status === ALL ? null : (status as InvitationStatus),
      roleId: roleId === ALL ? null : roleId,
      sort,
      first: INVITATIONS_PAGE_SIZE,
    },
    // People accept invitations while the list is closed: each visit asks the server again.
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const shown = data ?? previousData;
  const rows = useMemo(() => shown?.staffInvitations.edges.map((e) => e.node) ?? [], [shown]);
  // Only rows on screen count: a filter change leaves nothing selected out of sight.
  const chosen = rows.filter((r) => selected.has(r.id));
  const selectable = rows.filter(canAct);
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

  function unselect(ids: readonly string[]) {
    setSelected((current) => new Set([...current].filter((id) => !ids.includes(id))));
  }

  async function resendChosen() {
    setBulkBusy(true);
    const done = await resend(
      chosen.map((r) => r.id),
      emailsOf(chosen),
    );
    setBulkBusy(false);
    unselect(done);
  }

  async function retryChosen() {
    setBulkBusy(true);
    const done = await retry(
      retryable.map((r) => r.id),
      emailsOf(retryable),
    );
    setBulkBusy(false);
    unselect(done);
  }

  function confirmRevokeChosen() {
    const targets = chosen;
    modals.openConfirmModal({
      title:
        targets.length === 1 ? 'Revoke 1 invitation?' : `Revoke ${targets.length} invitations?`,
      centered: true,
      children: (
        <Text size="sm">
          Their links stop working at once. You can invite{' '}
          {targets.length === 1 ? 'this person' : 'these people'} again later.
        </Text>
      ),
      labels: { confirm: 'Revoke', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      transitionProps: CLOSE_AT_ONCE,
      onConfirm: () => {
        void (async () => {
          setBulkBusy(true);
          const done = await revoke(
            targets.map((r) => r.id),
            emailsOf(targets),
          );
          setBulkBusy(false);
          unselect(done);
        })();
      },
    });
  }

  return (
    <>
      <PageHeader
        title="Invitations"
        description={
          deployment
            ? `Staff invited to ${deployment.name} who have not joined yet.`
            : `Staff invited to ${organisation.name} or one of its deployments who have not joined yet.`
        }
        actions={
          <>
            <StaffInviteLinkAction />
            {openInvite && <InviteStaffButton onClick={openInvite} />}
          </>
        }
      />
      <Paper withBorder radius="md">
        <Group px="md" py="sm" gap="sm" wrap="wrap">
          <SearchField
            label="Search invitations"
            placeholder="Search by email"
            value={search}
            onChange={setSearch}
            searching={loading && !!shown}
            width={260}
          />
          <FilterSelect
            label="Status"
            data={STATUSES}
            value={status}
            onChange={setStatus}
            width={150}
          />
          <FilterSelect
            label="Role"
            data={roleOptions}
            value={roleId}
            onChange={setRoleId}
            width={210}
          />
          <Select
            aria-label="Sort"
            data={INVITATION_SORTS}
            value={sort}
            onChange={(value) => setSort(value ?? 'NEWEST')}
            allowDeselect={false}
            w={{ base: '100%', sm: 160 }}
          />
        </Group>
        {chosen.length > 0 && (
          <Group
            px="md"
            py="xs"
            gap="sm"
            bg="porter.0"
            wrap="wrap"
            aria-label="Selected invitations"
            role="group"
          >
            <Text size="sm" fw={500}>
              {chosen.length} selected
            </Text>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconMailForward size={16} aria-hidden />}
              loading={bulkBusy}
              onClick={() => void resendChosen()}
            >
              Resend selected
            </Button>
            {retryable.length > 0 && (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconRefresh size={16} aria-hidden />}
                loading={bulkBusy}
                onClick={() => void retryChosen()}
              >
                {retryable.length === chosen.length
                  ? 'Retry delivery'
                  : `Retry delivery (${retryable.length} failed)`}
              </Button>
            )}
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconBan size={16} aria-hidden />}
              disabled={bulkBusy}
              onClick={confirmRevokeChosen}
            >
              Revoke selected
            </Button>
            <Button size="xs" variant="subtle" color="gray" onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
          </Group>
        )}
        <QueryState loading={loading} error={error} data={shown} inset>
          {({ staffInvitations }) =>
            staffInvitations.edges.length === 0 ? (
              <EmptyState
                title={
                  debounced || filtered
                    ? 'No invitations match these filters.'
                    : 'No pending invitations.'
                }
                description={
                  debounced || filtered
                    ? 'Try part of an email address, or choose “All” in a filter.'
                    : 'Invitations appear here until they are accepted or revoked.'
                }
              />
            ) : (
              <>
                {/* position: relative keeps the visually hidden labels of far-right cells inside the scroll box. */}
                <Table.ScrollContainer minWidth={1100} type="native" pos="relative">
                  <Table highlightOnHover aria-label="Pending staff invitations">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={40}>
                          <Checkbox
                            aria-label="Select all"
                            checked={
                              selectable.length > 0 && selectable.every((r) => selected.has(r.id))
                            }
                            indeterminate={chosen.length > 0 && chosen.length < selectable.length}
                            disabled={selectable.length === 0}
                            onChange={(e) => {
                              const on = e.currentTarget.checked;
                              setSelected(on ? new Set(selectable.map((r) => r.id)) : new Set());
                            }}
                          />
                        </Table.Th>
                        <Table.Th miw={230}>Email</Table.Th>
                        <Table.Th>Role</Table.Th>
                        <Table.Th>Where</Table.Th>
                        <Table.Th>Sent</Table.Th>
                        <Table.Th>Expires</Table.Th>
                        <Table.Th>Invited by</Table.Th>
                        <Table.Th>Delivery</Table.Th>
                        <Table.Th>Reminder</Table.Th>
                        <Table.Th w={56}>
                          <VisuallyHidden>Actions</VisuallyHidden>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {staffInvitations.edges.map(({ node }) => (
                        <InvitationTableRow
                          key={node.id}
                          row={node}
                          selected={selected.has(node.id)}
                          onSelect={(on) => toggle(node.id, on)}
                          onResend={() => void resend([node.id], emailsOf([node]))}
                          onRetry={() => void retry([node.id], emailsOf([node])).then(unselect)}
                          onRevoke={() => void revoke([node.id], emailsOf([node])).then(unselect)}
                        />
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <LoadMore pageInfo={staffInvitations.pageInfo} fetchMore={fetchMore} />
              </>
            )
          }
        </QueryState>
      </Paper>
    </>
  );
}

interface InvitationTableRowProps {
  row: InvitationRow;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onResend: () => void;
  onRetry: () => void;
  onRevoke: () => void;
}

function When({ iso }: { iso: string }) {
  return (
    <Text size="sm" title={formatDateTime(iso)} span>
      {formatRelative(iso)}
    </Text>
  );
}

function InvitationTableRow({
  row,
  selected,
  onSelect,
  onResend,
  onRetry,
  onRevoke,
}: InvitationTableRowProps) {
  const delivery = DELIVERY[row.deliveryStatus];
  const expired = isExpired(row);

  function confirmRevoke() {
    modals.openConfirmModal({
      title: `Revoke the invitation for ${row.email}?`,
      centered: true,
      children: (
        <Text size="sm">Its link stops working at once. You can invite them again later.</Text>
      ),
      labels: { confirm: 'Revoke', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      transitionProps: CLOSE_AT_ONCE,
      onConfirm: onRevoke,
    });
  }

  // Why a message failed is written out under its badge (it decides between a retry and a
  // resend); an error while it is still being retried rides on the badge, for those who look.
  const failure = row.deliveryStatus === 'FAILED' ? row.deliveryError : null;
  const note = failure ? null : row.deliveryError;
  const badge = (
    // max-content: the table squeezes its columns, and a badge would otherwise be cut to "Queu…".
    <Badge color={delivery.color} tt="none" miw="max-content" tabIndex={note ? 0 : undefined}>
      {delivery.label}
      {note && <VisuallyHidden>: {note}</VisuallyHidden>}
    </Badge>
  );

  return (
    <Table.Tr bg={selected ? 'var(--mantine-color-porter-light)' : undefined}>
      <Table.Td>
        <Checkbox
          aria-label={`Select ${row.email}`}
          checked={selected}
          disabled={!canAct(row)}
          onChange={(e) => onSelect(e.currentTarget.checked)}
        />
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {row.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{row.role.name}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{row.deployment?.name ?? 'Organisation'}</Text>
      </Table.Td>
      <Table.Td>
        {row.lastSentAt ? (
          <Stack gap={0}>
            <When iso={row.lastSentAt} />
            {row.sentCount > 1 && (
              <Text size="xs" c="dimmed">
                sent {row.sentCount} times
              </Text>
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {row.deliveryStatus === 'FAILED' ? 'Not sent' : 'Queued'}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {expired ? (
          <Badge color="red" tt="none" title={`Expired ${formatDateTime(row.expiresAt)}`}>
            Expired
          </Badge>
        ) : (
          <When iso={row.expiresAt} />
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{row.invitedBy?.fullName ?? '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
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
          {row.deliveryStatus === 'QUEUED' && row.deliveryError && (
            <Text size="xs" c="dimmed">
              retrying
            </Text>
          )}
        </Group>
        {failure && (
          <Text size="xs" mt={4} maw={240} lineClamp={5} title={failure}>
            {failure}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {row.remindedAt ? <When iso={row.remindedAt} /> : <Text size="sm">—</Text>}
      </Table.Td>
      <Table.Td ta="right">
        {canAct(row) && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${row.email}`}>
                <IconDots size={18} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {row.viewerCan.retryDelivery && (
                <Menu.Item leftSection={<IconRefresh size={16} aria-hidden />} onClick={onRetry}>
                  Retry delivery
                </Menu.Item>
              )}
              {row.viewerCan.resend && (
                <Menu.Item
                  leftSection={<IconMailForward size={16} aria-hidden />}
                  onClick={onResend}
                >
                  Resend
                </Menu.Item>
              )}
              {row.viewerCan.revoke && (
                <Menu.Item
                  color="red"
                  leftSection={<IconBan size={16} aria-hidden />}
                  onClick={confirmRevoke}
                >
                  Revoke
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
