import { useQuery } from '@apollo/client/react';
import {
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useScopeState } from '../../app/scope-context';
import { graphql } from '../../gql';
import type { InvitationKind } from '../../gql/graphql';
import { EmptyState } from '../../ui/EmptyState';
import { LoadMore } from '../../ui/LoadMore';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { STAFF_PAGE_SIZE, StaffPageQuery } from '../staff/StaffPage';
import { StaffRowActions } from '../staff/StaffRowActions';
import { WeeklyChart } from './WeeklyChart';

export const DashboardPageQuery = graphql(`
  query DashboardPageQuery($organisationId: ID, $deploymentId: ID, $kind: InvitationKind) {
    adminDashboard(organisationId: $organisationId, deploymentId: $deploymentId, kind: $kind) {
      scopeType
      staff
      activeStaff
      activeDays
      acceptedInWindow
      medianSecondsToAccept
      medianWindowDays
      usersByRole {
        assignments
        role {
          id
          name
          isDefault
        }
      }
      pendingInvitations {
        kind
        pending
      }
      weeks {
        weekStart
        sent
        accepted
        expired
      }
    }
  }
`);

const KINDS: { value: string; label: string }[] = [
  { value: 'ALL', label: 'All' },
  { value: 'STAFF', label: 'Staff' },
  { value: 'PATIENT', label: 'Patients' },
  { value: 'PROXY', label: 'Helpers' },
];

/** "3 h 20 min", "2 days 4 h", "45 min", "under a minute". */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return `${days} ${days === 1 ? 'day' : 'days'}${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

function StatCard({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder radius="md" p="md" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.3}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** The people of the scope with their role; the "…" menu removes someone (same mutation and guard as the staff list). */
function DashboardUsers({
  organisationId,
  organisationName,
  deploymentId,
}: {
  organisationId: string;
  organisationName: string;
  deploymentId: string | null;
}) {
  const { data, previousData, loading, error, fetchMore } = useQuery(StaffPageQuery, {
    variables: {
      organisationId,
      deploymentId,
      search: null,
      roleId: null,
      scopeType: null,
      sort: 'JOINED_DESC',
      first: STAFF_PAGE_SIZE,
    },
  });
  const shown = data ?? previousData;
  return (
    <QueryState loading={loading} error={error} data={shown} inset>
      {({ staffMembers }) =>
        staffMembers.edges.length === 0 ? (
          <EmptyState title="No users yet." />
        ) : (
          <>
            <Table.ScrollContainer minWidth={640} type="native">
              <Table highlightOnHover aria-label="Users">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Email</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Scope</Table.Th>
                    <Table.Th w={56}>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {staffMembers.edges.map(({ node }) => {
                    const placeName = node.deployment?.name ?? organisationName;
                    return (
                      <Table.Tr key={node.id}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {node.user.fullName}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed">
                            {node.user.email}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{node.role.name}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{placeName}</Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          {node.viewerCan.remove && (
                            <StaffRowActions member={node} placeName={placeName} />
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <LoadMore pageInfo={staffMembers.pageInfo} fetchMore={fetchMore} />
          </>
        )
      }
    </QueryState>
  );
}

/**
 * `/o/:organisationId/dashboard`, `/o/:organisationId/d/:deploymentId/dashboard` and (platform staff)
 * `/dashboard`: who holds which role, who is active, pending invitations, invitations per week
 * (chart or table), the median time to accept, and the users list with "Remove from team".
 */
export function DashboardPage() {
  const current = useScopeState();
  const organisation = current?.organisation ?? null;
  const deployment = current?.deployment ?? null;
  const [kind, setKind] = useState('ALL');
  const { data, previousData, loading, error } = useQuery(DashboardPageQuery, {
    variables: {
      organisationId: organisation?.id ?? null,
      deploymentId: deployment?.id ?? null,
      kind: kind === 'ALL' ? null : (kind as InvitationKind),
    },
  });
  const shown = data ?? previousData;
  const place = deployment?.name ?? organisation?.name ?? 'the whole platform';

  return (
    <>
      <PageHeader title="Dashboard" description={`People and invitations in ${place}.`} />
      <QueryState loading={loading} error={error} data={shown}>
        {({ adminDashboard: d }) => {
          const pending = (k: string) =>
            d.pendingInvitations.find((p) => p.kind === k)?.pending ?? 0;
          return (
            <Stack gap="lg">
              <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
                <StatCard label="Users" value={String(d.staff)} hint="people with a role here" />
                <StatCard
                  label="Active users"
                  value={String(d.activeStaff)}
                  hint={`signed in within ${d.activeDays} days`}
                />
                <StatCard label="Pending staff invitations" value={String(pending('STAFF'))} />
                <StatCard
                  label="Pending patient invitations"
                  value={String(pending('PATIENT'))}
                  hint={
                    pending('PROXY')
                      ? `and ${pending('PROXY')} for helpers`
                      : 'helpers included separately'
                  }
                />
              </SimpleGrid>
              <Paper withBorder radius="md" p="md">
                <Group justify="space-between" mb="sm" wrap="wrap">
                  <Title order={2} fz="lg">
                    Invitations per week
                  </Title>
                  <SegmentedControl
                    size="xs"
                    aria-label="Invitation kind"
                    data={KINDS}
                    value={kind}
                    onChange={setKind}
                  />
                </Group>
                <WeeklyChart weeks={d.weeks} />
                <Text size="sm" mt="sm" aria-label="Median time to accept">
                  Median time to accept:{' '}
                  <Text span fw={600}>
                    {d.medianSecondsToAccept === null
                      ? 'no acceptances'
                      : formatDuration(d.medianSecondsToAccept)}
                  </Text>{' '}
                  <Text span c="dimmed">
                    ({d.acceptedInWindow} accepted in the last {d.medianWindowDays} days)
                  </Text>
                </Text>
              </Paper>
              <SimpleGrid cols={{ base: 1, md: 3 }}>
                <Paper withBorder radius="md" p="md">
                  <Title order={2} fz="lg" mb="sm">
                    Users by role
                  </Title>
                  {d.usersByRole.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No roles held here yet.
                    </Text>
                  ) : (
                    <Table aria-label="Users by role">
                      <Table.Tbody>
                        {d.usersByRole.map((r) => (
                          <Table.Tr key={r.role.id}>
                            <Table.Td>{r.role.name}</Table.Td>
                            <Table.Td ta="right" fw={600}>
                              {r.assignments}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                </Paper>
                <Paper withBorder radius="md" style={{ gridColumn: 'span 2' }}>
                  <Title order={2} fz="lg" p="md" pb={0}>
                    Users
                  </Title>
                  {organisation ? (
                    <DashboardUsers
                      organisationId={organisation.id}
                      organisationName={organisation.name}
                      deploymentId={deployment?.id ?? null}
                    />
                  ) : (
                    <Text size="sm" c="dimmed" p="md">
                      Open an organisation’s dashboard to see and remove its users.
                    </Text>
                  )}
                </Paper>
              </SimpleGrid>
            </Stack>
          );
        }}
      </QueryState>
    </>
  );
}
