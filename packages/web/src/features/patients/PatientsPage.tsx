import { useApolloClient, useQuery } from '@apollo/client/react';
import {
  ActionIcon,
  Badge,
  Button,
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
import { CHANNEL_INFO, CHANNELS, OFFBOARD_REASONS, type Channel } from '@porter/shared';
import {
  IconBan,
  IconDots,
  IconHeartbeat,
  IconHourglass,
  IconMailForward,
  IconPlayerPlay,
  IconPlayerStop,
  IconQrcode,
  IconRefresh,
  IconUserPlus,
  IconUsers,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { can } from '../../app/access';
import { useRequiredScope } from '../../app/scope-context';
import { useViewer } from '../../app/viewer';
import type { DeliveryStatus, PatientChannel, PatientStatus, PatientType } from '../../gql/graphql';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate, formatDateTime, formatRelative } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { notifyError, notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { SearchField } from '../../ui/ListControls';
import { useInvitationActions } from '../invitations/invitation-actions';
import { inviteLinksPath } from '../invite-links/invite-links-api';
import { useInvitePatients } from './invite-patients-context';
import { OffboardPatientModal } from './OffboardPatientModal';
import { PatientHelpersModal } from './PatientHelpersModal';
import { PendingInvitationsTable } from './PendingInvitationsTable';
import {
  forgetPatientLists,
  isPatientType,
  PATIENT_TYPES,
  PATIENTS_PAGE_SIZE,
  PatientsPageQuery,
  ReactivatePatientMutation,
  type PatientRow,
} from './patients-api';

const STATUS: Record<PatientStatus, { label: string; color: string }> = {
  INVITED: { label: 'Invited', color: 'blue' },
  ACTIVE: { label: 'Active', color: 'green' },
  OFFBOARDED: { label: 'Offboarded', color: 'gray' },
};

/** How the patient came: an invitation's channel (labels from @porter/shared), or an invite link. */
const CHANNEL: Record<PatientChannel, string> = {
  ...(Object.fromEntries(CHANNELS.map((c) => [c, CHANNEL_INFO[c].label])) as Record<
    Channel,
    string
  >),
  LINK: 'Invite link',
};

const DELIVERY: Record<DeliveryStatus, { label: string; color: string }> = {
  QUEUED: { label: 'Queued', color: 'gray' },
  SENT: { label: 'Sent', color: 'blue' },
  DELIVERED: { label: 'Delivered', color: 'green' },
  FAILED: { label: 'Failed', color: 'red' },
};

const EMPTY: Record<PatientType, { title: string; description: string }> = {
  ALL: {
    title: 'No patients in this deployment yet.',
    description: 'Patients appear here once they have been invited.',
  },
  ACTIVE: {
    title: 'No active patients.',
    description: 'Invited patients become active when they accept their invitation.',
  },
  PENDING: {
    title: 'No pending invitations.',
    description: 'Invitations appear here until they are accepted or revoked.',
  },
  OFFBOARDED: {
    title: 'No offboarded patients.',
    description: 'Patients whose monitoring has stopped appear here.',
  },
};

const REASON_LABELS: Record<string, string> = Object.fromEntries(
  OFFBOARD_REASONS.map((r) => [r.key, r.label]),
);

/** Confirmations close without fading out: the row they name leaves the list as soon as the API answers. */
const CLOSE_AT_ONCE = { exitDuration: 0 };

const showsHelpers = (row: PatientRow) => row.viewerCan.manageHelpers || row.helpers.length > 0;
const hasActions = (row: PatientRow) =>
  row.viewerCan.offboard ||
  row.viewerCan.reactivate ||
  (row.viewerCan.manageInvitation && row.invitation !== null) ||
  showsHelpers(row);

/**
 * `/o/:organisationId/d/:deploymentId/patients`: the deployment's patients, filtered by type
 * (kept in the URL as `?type=`, so other pages can link to pending invitations) and searched on
 * the server. Rows offer what the viewer may do: stop monitoring, reactivate, resend or revoke,
 * retry a failed message with the same link.
 */
export function PatientsPage() {
  const viewer = useViewer();
  const { organisation, deployment, scope } = useRequiredScope();
  const client = useApolloClient();
  const openInvite = useInvitePatients();
  const { resend, retry, revoke } = useInvitationActions();
  const [params, setParams] = useSearchParams();
  const typeParam = params.get('type');
  const type: PatientType = isPatientType(typeParam) ? typeParam : 'ALL';
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [offboarding, setOffboarding] = useState<PatientRow | null>(null);
  const [helping, setHelping] = useState<PatientRow | null>(null);
  const identifiers = can(viewer, 'patient:view-identifiers', scope);

  const { data, previousData, loading, error, fetchMore } = useQuery(PatientsPageQuery, {
    variables: {
      organisationId: organisation.id,
      deploymentId: deployment!.id,
      type,
      search: debounced || null,
      first: PATIENTS_PAGE_SIZE,
    },
    // Patients accept invitations while the list is closed: each visit asks the server again.
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const shown = data ?? previousData;

  function setType(next: PatientType) {
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (next === 'ALL') updated.delete('type');
        else updated.set('type', next);
        return updated;
      },
      { replace: true },
    );
  }

  const refresh = () => forgetPatientLists(client.cache);

  async function onResend(row: PatientRow) {
    const done = await resend(
      [row.invitation!.id],
      new Map([[row.invitation!.id, row.displayName]]),
    );
    if (done.length > 0) refresh();
  }

  async function onRetry(row: PatientRow) {
    const done = await retry(
      [row.invitation!.id],
      new Map([[row.invitation!.id, row.displayName]]),
    );
    if (done.length > 0) refresh();
  }

  function confirmRevoke(row: PatientRow) {
    modals.openConfirmModal({
      title: `Revoke the invitation for ${row.displayName}?`,
      centered: true,
      children: (
        <Text size="sm">
          Its link stops working at once, and {row.displayName}, who never joined, is removed from
          this deployment. You can invite them again later.
        </Text>
      ),
      labels: { confirm: 'Revoke', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      transitionProps: CLOSE_AT_ONCE,
      onConfirm: () => {
        void revoke([row.invitation!.id], new Map([[row.invitation!.id, row.displayName]])).then(
          (done) => {
            if (done.length > 0) refresh();
          },
        );
      },
    });
  }

  function confirmReactivate(row: PatientRow) {
    modals.openConfirmModal({
      title: `Reactivate ${row.displayName}?`,
      centered: true,
      children: (
        <Text size="sm">
          Monitoring of {row.displayName} starts again, and they are listed as active.
        </Text>
      ),
      labels: { confirm: 'Reactivate', cancel: 'Cancel' },
      transitionProps: CLOSE_AT_ONCE,
      onConfirm: () => {
        void client
          .mutate({
            mutation: ReactivatePatientMutation,
            variables: { patientId: row.id },
            update: forgetPatientLists,
          })
          .then(
            () => notifySuccess('Patient reactivated', 'Monitoring has started again.'),
            (failure: unknown) => notifyError('Patient not reactivated', failure),
          );
      },
    });
  }

  return (
    <>
      <PageHeader
        title="Patients"
        description={`${deployment?.name ?? ''} · ${organisation.name}`}
        actions={
          <>
            <Button
              variant={type === 'PENDING' ? 'light' : 'default'}
              leftSection={<IconHourglass size={18} aria-hidden />}
              onClick={() => setType('PENDING')}
              aria-pressed={type === 'PENDING'}
            >
              Pending invitations
            </Button>
            {can(viewer, 'patient:manage', scope) && (
              <Button
                component={Link}
                to={inviteLinksPath(organisation.id, deployment!.id)}
                variant="default"
                leftSection={<IconQrcode size={18} aria-hidden />}
              >
                Invite links
              </Button>
            )}
            {openInvite && (
              <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={openInvite}>
                Invite patients
              </Button>
            )}
          </>
        }
      />
      <Paper withBorder radius="md">
        <Group px="md" py="sm" gap="sm" wrap="wrap">
          <SearchField
            label="Search patients"
            placeholder={identifiers ? 'Search by name, email or phone' : 'Search by patient id'}
            value={search}
            onChange={setSearch}
            searching={loading && !!shown}
            width={300}
          />
          <Select
            aria-label="Patient type"
            data={PATIENT_TYPES}
            value={type}
            onChange={(value) => setType(isPatientType(value) ? value : 'ALL')}
            allowDeselect={false}
            w={{ base: '100%', sm: 210 }}
          />
        </Group>
        <QueryState loading={loading} error={error} data={shown} inset>
          {({ patients }) =>
            patients.edges.length === 0 ? (
              <EmptyState
                icon={<IconHeartbeat size={26} stroke={1.5} />}
                title={debounced ? 'No patients match this search.' : EMPTY[type].title}
                description={
                  debounced
                    ? identifiers
                      ? 'Try part of a name, email address or phone number.'
                      : 'Search by a full patient id.'
                    : EMPTY[type].description
                }
              />
            ) : type === 'PENDING' ? (
              <>
                <PendingInvitationsTable
                  rows={patients.edges.map((e) => e.node)}
                  label={`Pending invitations of ${deployment?.name ?? organisation.name}`}
                  onChanged={refresh}
                />
                <LoadMore pageInfo={patients.pageInfo} fetchMore={fetchMore} />
              </>
            ) : (
              <>
                <Table.ScrollContainer minWidth={960} type="native" pos="relative">
                  <Table
                    highlightOnHover
                    aria-label={`Patients of ${deployment?.name ?? organisation.name}`}
                  >
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th miw={220}>Patient</Table.Th>
                        <Table.Th>Status</Table.Th>
                        <Table.Th>Channel</Table.Th>
                        <Table.Th>Invited</Table.Th>
                        <Table.Th>Joined</Table.Th>
                        <Table.Th miw={200}>Invitation</Table.Th>
                        <Table.Th w={56}>
                          <VisuallyHidden>Actions</VisuallyHidden>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {patients.edges.map(({ node }) => (
                        <PatientTableRow
                          key={node.id}
                          row={node}
                          onOffboard={() => setOffboarding(node)}
                          onReactivate={() => confirmReactivate(node)}
                          onResend={() => void onResend(node)}
                          onRetry={() => void onRetry(node)}
                          onRevoke={() => confirmRevoke(node)}
                          onHelpers={() => setHelping(node)}
                        />
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <LoadMore pageInfo={patients.pageInfo} fetchMore={fetchMore} />
              </>
            )
          }
        </QueryState>
      </Paper>
      <OffboardPatientModal patient={offboarding} onClose={() => setOffboarding(null)} />
      <PatientHelpersModal patient={helping} onClose={() => setHelping(null)} />
    </>
  );
}

function When({ iso, prefix = '' }: { iso: string; prefix?: string }) {
  return (
    <Text size="sm" title={formatDateTime(iso)} span>
      {prefix}
      {formatRelative(iso)}
    </Text>
  );
}

function InvitationState({ invitation }: { invitation: NonNullable<PatientRow['invitation']> }) {
  const delivery = DELIVERY[invitation.deliveryStatus];
  const expired = invitation.expired || new Date(invitation.expiresAt).getTime() <= Date.now();
  const badge = (
    <Badge
      size="sm"
      color={delivery.color}
      tt="none"
      tabIndex={invitation.deliveryError ? 0 : undefined}
    >
      {delivery.label}
      {invitation.deliveryError && <VisuallyHidden>: {invitation.deliveryError}</VisuallyHidden>}
    </Badge>
  );
  return (
    <Stack gap={2}>
      <Group gap={6} wrap="nowrap">
        {invitation.lastSentAt ? (
          <Text size="sm" title={formatDateTime(invitation.lastSentAt)}>
            Sent {formatRelative(invitation.lastSentAt)}
            {invitation.sentCount > 1 ? ` (${invitation.sentCount} times)` : ''}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Not sent yet
          </Text>
        )}
        {invitation.deliveryError ? (
          <Tooltip
            label={invitation.deliveryError}
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
      </Group>
      {expired ? (
        <Group gap={6}>
          <Badge
            size="sm"
            color="red"
            tt="none"
            title={`Expired ${formatDateTime(invitation.expiresAt)}`}
          >
            Expired
          </Badge>
        </Group>
      ) : (
        <Text size="xs" c="dimmed" title={formatDateTime(invitation.expiresAt)}>
          Expires {formatRelative(invitation.expiresAt)}
        </Text>
      )}
      {invitation.remindedAt && (
        <Text size="xs" c="dimmed" title={formatDateTime(invitation.remindedAt)}>
          Reminder sent {formatRelative(invitation.remindedAt)}
        </Text>
      )}
    </Stack>
  );
}

interface PatientTableRowProps {
  row: PatientRow;
  onOffboard: () => void;
  onReactivate: () => void;
  onResend: () => void;
  onRetry: () => void;
  onRevoke: () => void;
  onHelpers: () => void;
}

function PatientTableRow({
  row,
  onOffboard,
  onReactivate,
  onResend,
  onRetry,
  onRevoke,
  onHelpers,
}: PatientTableRowProps) {
  const status = STATUS[row.status];
  const offboarded = row.status === 'OFFBOARDED';
  const details = [row.email, row.mobile].filter((v): v is string => !!v && v !== row.displayName);
  const manage = row.viewerCan.manageInvitation && row.invitation !== null;
  const liveHelpers = row.helpers.filter((h) => h.status !== 'REMOVED').length;
  return (
    <Table.Tr
      style={offboarded ? { opacity: 0.6 } : undefined}
      data-offboarded={offboarded || undefined}
    >
      <Table.Td>
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {row.displayName}
        </Text>
        {details.map((d) => (
          <Text key={d} size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {d}
          </Text>
        ))}
        {liveHelpers > 0 && (
          <Text size="xs" c="dimmed">
            {liveHelpers === 1 ? '1 helper' : `${liveHelpers} helpers`}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <Badge color={status.color} tt="none" variant={offboarded ? 'outline' : 'light'}>
            {status.label}
          </Badge>
          {offboarded && row.offboardReason && (
            <Text size="xs" c="dimmed" title={row.offboardNote ?? undefined}>
              {REASON_LABELS[row.offboardReason] ?? row.offboardReason}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{CHANNEL[row.channel]}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" title={formatDateTime(row.invitedAt)}>
          {formatDate(row.invitedAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        {row.joinedAt ? (
          <Text size="sm" title={formatDateTime(row.joinedAt)}>
            {formatDate(row.joinedAt)}
          </Text>
        ) : (
          <Text size="sm">—</Text>
        )}
      </Table.Td>
      <Table.Td>
        {row.status === 'INVITED' && row.invitation ? (
          <InvitationState invitation={row.invitation} />
        ) : offboarded && row.offboardedAt ? (
          <When iso={row.offboardedAt} prefix="Stopped " />
        ) : (
          <Text size="sm">—</Text>
        )}
      </Table.Td>
      <Table.Td ta="right">
        {hasActions(row) && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Actions for ${row.displayName}`}
              >
                <IconDots size={18} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {row.viewerCan.retryDelivery && row.invitation !== null && (
                <Menu.Item leftSection={<IconRefresh size={16} aria-hidden />} onClick={onRetry}>
                  Retry delivery
                </Menu.Item>
              )}
              {manage && (
                <Menu.Item
                  leftSection={<IconMailForward size={16} aria-hidden />}
                  onClick={onResend}
                >
                  Resend invitation
                </Menu.Item>
              )}
              {manage && (
                <Menu.Item
                  color="red"
                  leftSection={<IconBan size={16} aria-hidden />}
                  onClick={onRevoke}
                >
                  Revoke invitation
                </Menu.Item>
              )}
              {showsHelpers(row) && (
                <Menu.Item leftSection={<IconUsers size={16} aria-hidden />} onClick={onHelpers}>
                  Helpers
                </Menu.Item>
              )}
              {row.viewerCan.reactivate && (
                <Menu.Item
                  leftSection={<IconPlayerPlay size={16} aria-hidden />}
                  onClick={onReactivate}
                >
                  Reactivate patient
                </Menu.Item>
              )}
              {row.viewerCan.offboard && (
                <Menu.Item
                  color="red"
                  leftSection={<IconPlayerStop size={16} aria-hidden />}
                  onClick={onOffboard}
                >
                  Stop monitoring patient
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
