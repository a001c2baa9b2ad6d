import { useMutation, useQuery } from '@apollo/client/react';
import {
  Badge,
  Button,
  CopyButton,
  Divider,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import {
  IconArrowLeft,
  IconBan,
  IconCheck,
  IconCopy,
  IconLink,
  IconQrcode,
  IconRefresh,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { can } from '../../app/access';
import { useRequiredScope } from '../../app/scope-context';
import { useViewer } from '../../app/viewer';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate, formatDateTime } from '../../ui/format';
import { NotFound } from '../../ui/NotFound';
import { notifyError, notifySuccess } from '../../ui/notify';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import {
  InviteLinksPageQuery,
  LINK_STATE,
  RevokeInviteLinkMutation,
  RotateInviteLinkMutation,
  usesLabel,
  type InviteLinkRow,
} from './invite-links-api';
import { InviteLinkField, InviteLinkQr } from './InviteLinkShare';
import { InviteLinkTab } from './InviteLinkTab';

const titleOf = (link: InviteLinkRow) =>
  link.label ?? `Invite link of ${formatDate(link.createdAt)}`;

/**
 * `/o/:organisationId/d/:deploymentId/invite-links`: the deployment's multi-use patient invite
 * links, each with its state, uses, expiry and who joined through it; copy, show the QR code,
 * rotate or revoke. Needs `patient:manage` (the API checks again).
 */
export function InviteLinksPage() {
  const viewer = useViewer();
  const state = useRequiredScope();
  const { organisation, deployment, scope } = state;
  const [creating, setCreating] = useState(false);
  const allowed = deployment !== null && can(viewer, 'patient:manage', scope);
  const { data, loading, error } = useQuery(InviteLinksPageQuery, {
    variables: { organisationId: organisation.id, deploymentId: deployment?.id ?? '' },
    skip: !allowed,
    // People join while the page is closed: each visit asks again.
    fetchPolicy: 'cache-and-network',
  });
  if (!allowed) return <NotFound />;

  return (
    <>
      <PageHeader
        title="Invite links"
        description={`${deployment.name} · ${organisation.name}`}
        actions={
          <>
            <Button
              component={Link}
              to={`/o/${organisation.id}/d/${deployment.id}/patients`}
              variant="default"
              leftSection={<IconArrowLeft size={18} aria-hidden />}
            >
              Patients
            </Button>
            <Button
              leftSection={<IconLink size={18} aria-hidden />}
              onClick={() => setCreating(true)}
            >
              New invite link
            </Button>
          </>
        }
      />
      <QueryState loading={loading} error={error} data={data}>
        {({ patientInviteLinks: links }) =>
          links.length === 0 ? (
            <Paper withBorder radius="md">
              <EmptyState
                icon={<IconQrcode size={26} stroke={1.5} />}
                title="No invite links yet."
                description="Create one to let many people join with the same link or QR code."
              />
            </Paper>
          ) : (
            <Stack gap="md">
              {links.map((link) => (
                <InviteLinkCard key={link.id} link={link} />
              ))}
            </Stack>
          )
        }
      </QueryState>
      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title="New invite link"
        size="lg"
        centered
      >
        <InviteLinkTab scope={state} onClose={() => setCreating(false)} />
      </Modal>
    </>
  );
}

function InviteLinkCard({ link }: { link: InviteLinkRow }) {
  const [showQr, setShowQr] = useState(false);
  const [revoke, { loading: revoking }] = useMutation(RevokeInviteLinkMutation);
  const [rotate, { loading: rotating }] = useMutation(RotateInviteLinkMutation);
  const title = titleOf(link);
  const state = LINK_STATE[link.state];
  const past = new Date(link.expiresAt).getTime() <= Date.now();

  function confirmRotate() {
    modals.openConfirmModal({
      title: `Rotate “${title}”?`,
      centered: true,
      children: (
        <Text size="sm">
          It gets a new address and QR code. The old link stops working at once: posters and
          messages that carry it must be replaced. Expiry, uses and who joined stay.
        </Text>
      ),
      labels: { confirm: 'Rotate', cancel: 'Cancel' },
      onConfirm: () => {
        rotate({ variables: { id: link.id } }).then(
          () => notifySuccess('Link rotated', 'The old link no longer works; share the new one.'),
          (error: unknown) => notifyError('The link was not rotated', error),
        );
      },
    });
  }

  function confirmRevoke() {
    modals.openConfirmModal({
      title: `Revoke “${title}”?`,
      centered: true,
      children: (
        <Text size="sm">
          The link stops working at once; nobody else can join through it. People who already joined
          stay.
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
    <Paper component="section" withBorder radius="md" p="md" aria-label={title}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={2} fz="lg">
              {title}
            </Title>
            <Badge color={state.color} variant="light">
              {state.label}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {usesLabel(link)} · {past ? 'Expired' : 'Expires'} {formatDateTime(link.expiresAt)} ·
            Created by {link.createdBy?.fullName ?? 'a former member'} on{' '}
            {formatDate(link.createdAt)}
          </Text>
        </Stack>
        <Group gap="xs">
          <CopyButton value={link.url} timeout={2000}>
            {({ copied, copy }) => (
              <Button
                variant="default"
                size="xs"
                onClick={copy}
                disabled={link.state === 'REVOKED'}
                leftSection={
                  copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />
                }
              >
                {copied ? 'Copied' : 'Copy link'}
              </Button>
            )}
          </CopyButton>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconQrcode size={14} aria-hidden />}
            onClick={() => setShowQr(true)}
            disabled={link.state === 'REVOKED'}
          >
            Show QR code
          </Button>
          {link.state !== 'REVOKED' && (
            <>
              <Button
                variant="default"
                size="xs"
                leftSection={<IconRefresh size={14} aria-hidden />}
                onClick={confirmRotate}
                loading={rotating}
              >
                Rotate
              </Button>
              <Button
                variant="light"
                color="red"
                size="xs"
                leftSection={<IconBan size={14} aria-hidden />}
                onClick={confirmRevoke}
                loading={revoking}
              >
                Revoke
              </Button>
            </>
          )}
        </Group>
      </Group>
      <Divider my="sm" />
      <Stack gap="xs">
        <Title order={3} fz="sm">
          Who joined
        </Title>
        {link.joins.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nobody has joined through this link yet.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table verticalSpacing={4} aria-label={`Who joined through ${title}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Joined</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {link.joins.map((j) => (
                  <Table.Tr key={j.id}>
                    <Table.Td>{j.fullName}</Table.Td>
                    <Table.Td>{j.email ?? '—'}</Table.Td>
                    <Table.Td>{formatDateTime(j.joinedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {link.useCount > link.joins.length && (
          <Text size="xs" c="dimmed">
            Showing the latest {link.joins.length} of {link.useCount}.
          </Text>
        )}
        {link.unfinishedCount > 0 && (
          <Text size="sm" c="dimmed">
            {link.unfinishedCount === 1
              ? '1 person started but did not finish.'
              : `${link.unfinishedCount} started but did not finish.`}
          </Text>
        )}
      </Stack>
      <Modal opened={showQr} onClose={() => setShowQr(false)} title={`QR code: ${title}`} centered>
        <Stack gap="md">
          <InviteLinkQr link={link} size={260} />
          <InviteLinkField link={link} />
        </Stack>
      </Modal>
    </Paper>
  );
}
