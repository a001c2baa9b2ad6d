import { useQuery } from '@apollo/client/react';
import { Badge, Group, Paper, Select, Table, Text, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuildingHospital, IconStack2 } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useRequiredScope } from '../../app/scope-context';
import { graphql } from '../../gql';
import { useInviteStaff } from '../invitations/invite-context';
import { InviteStaffButton } from '../invitations/InviteStaffModal';
import { StaffInviteLinkAction } from '../invite-links/StaffInviteLinkModal';
import type { ScopeType, StaffSort } from '../../gql/graphql';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { SearchField, FilterSelect } from '../../ui/ListControls';
import { StaffRoleSelect } from './StaffRoleSelect';
import { StaffRowActions } from './StaffRowActions';

export const StaffPageQuery = graphql(`
  query StaffPageQuery(
    $organisationId: ID!
    $deploymentId: ID
    $search: String
    $roleId: ID
    $scopeType: ScopeType
    $sort: StaffSort!
    $first: Int!
    $after: String
  ) {
    staffMembers(
      organisationId: $organisationId
      deploymentId: $deploymentId
      search: $search
      roleId: $roleId
      scopeType: $scopeType
      sort: $sort
      first: $first
      after: $after
    ) {
      edges {
        cursor
        node {
          id
          scopeType
          joinedAt
          user {
            id
            fullName
            email
          }
          role {
            id
            key
            name
            isDefault
          }
          deployment {
            id
            name
          }
          viewerCan {
            changeRole
            remove
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

/** The organisation's roles (default and custom), for the "Role" filter. */
export const StaffRoleFilterQuery = graphql(`
  query StaffRoleFilterQuery($organisationId: ID!) {
    roles(organisationId: $organisationId) {
      id
      name
      isDefault
      scopes
    }
  }
`);

export const STAFF_PAGE_SIZE = 50;

/** The "no filter" value of the list filters. */
export const ALL = 'all';

export const STAFF_SORTS: { value: StaffSort; label: string }[] = [
  { value: 'JOINED_DESC', label: 'Newest first' },
  { value: 'JOINED_ASC', label: 'Oldest first' },
  { value: 'NAME_ASC', label: 'Name A–Z' },
  { value: 'NAME_DESC', label: 'Name Z–A' },
  { value: 'EMAIL_ASC', label: 'Email A–Z' },
  { value: 'EMAIL_DESC', label: 'Email Z–A' },
];

const LEVELS: { value: string; label: string }[] = [
  { value: ALL, label: 'All levels' },
  { value: 'ORGANISATION', label: 'Organisation' },
  { value: 'DEPLOYMENT', label: 'Deployment' },
];

/** The "Role" filter's options: every role that can be held here, default roles first as the API lists them. */
export function useRoleFilterOptions(organisationId: string, atDeployment: boolean) {
  const { data } = useQuery(StaffRoleFilterQuery, { variables: { organisationId } });
  return useMemo(() => {
    const roles = (data?.roles ?? []).filter((r) =>
      atDeployment ? r.scopes.includes('DEPLOYMENT') : r.scopes.some((s) => s !== 'PLATFORM'),
    );
    return [
      { value: ALL, label: 'All roles' },
      ...roles.map((r) => ({ value: r.id, label: r.name })),
    ];
  }, [data, atDeployment]);
}

/**
 * `/o/:organisationId/staff` and `/o/:organisationId/d/:deploymentId/staff`: who holds a role here.
 * Filters and order are applied by the API. Each row says what the viewer may do with it
 * (`viewerCan`): change the role in place, or remove the person from the team.
 */
export function StaffPage() {
  const { organisation, deployment } = useRequiredScope();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [roleId, setRoleId] = useState<string>(ALL);
  const [level, setLevel] = useState<string>(ALL);
  const [sort, setSort] = useState<StaffSort>('JOINED_DESC');
  const roleOptions = useRoleFilterOptions(organisation.id, deployment !== null);
  const openInvite = useInviteStaff();
  const filtered = roleId !== ALL || (!deployment && level !== ALL);

  const { data, previousData, loading, error, fetchMore } = useQuery(StaffPageQuery, {
    variables: {
      organisationId: organisation.id,
      deploymentId: deployment?.id ?? null,
      search: debounced || null,
      roleId: roleId === ALL ? null : roleId,
      scopeType: deployment || level === ALL ? null : (level as ScopeType),
      sort,
      first: STAFF_PAGE_SIZE,
    },
  });
  const shown = data ?? previousData;

  return (
    <>
      <PageHeader
        title="Staff"
        description={
          deployment
            ? `People with a role in ${deployment.name}.`
            : `Everyone with a role in ${organisation.name} or one of its deployments.`
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
            label="Search staff"
            placeholder="Search by name or email"
            value={search}
            onChange={setSearch}
            searching={loading && !!shown}
            width={300}
          />
          <FilterSelect
            label="Role"
            data={roleOptions}
            value={roleId}
            onChange={setRoleId}
            width={210}
          />
          {!deployment && (
            <FilterSelect
              label="Level"
              data={LEVELS}
              value={level}
              onChange={setLevel}
              width={150}
            />
          )}
          <Select
            aria-label="Sort"
            data={STAFF_SORTS}
            value={sort}
            onChange={(value) => setSort(value ?? 'JOINED_DESC')}
            allowDeselect={false}
            w={{ base: '100%', sm: 150 }}
          />
        </Group>
        <QueryState loading={loading} error={error} data={shown} inset>
          {({ staffMembers }) => {
            // The actions column only shows when the viewer may act on someone in the list.
            const withActions = staffMembers.edges.some(({ node }) => node.viewerCan.remove);
            return staffMembers.edges.length === 0 ? (
              <EmptyState
                title={
                  debounced
                    ? `No staff members match “${debounced}”.`
                    : filtered
                      ? 'No staff members match these filters.'
                      : 'No staff members yet.'
                }
                description={
                  debounced
                    ? 'Try part of a name or an email address.'
                    : filtered
                      ? 'Choose “All” in a filter to see more.'
                      : undefined
                }
              />
            ) : (
              <>
                <Table.ScrollContainer minWidth={880} type="native">
                  <Table highlightOnHover aria-label="Staff members">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Name</Table.Th>
                        <Table.Th>Email</Table.Th>
                        <Table.Th>Role</Table.Th>
                        <Table.Th>Scope</Table.Th>
                        <Table.Th>Joined</Table.Th>
                        {withActions && (
                          <Table.Th w={56}>
                            <VisuallyHidden>Actions</VisuallyHidden>
                          </Table.Th>
                        )}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {staffMembers.edges.map(({ node }) => {
                        const placeName = node.deployment?.name ?? organisation.name;
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
                              {node.viewerCan.changeRole ? (
                                <StaffRoleSelect organisationId={organisation.id} member={node} />
                              ) : (
                                <Group gap={6} wrap="nowrap">
                                  <Text size="sm">{node.role.name}</Text>
                                  {!node.role.isDefault && (
                                    <Badge size="xs" color="gray">
                                      Custom
                                    </Badge>
                                  )}
                                </Group>
                              )}
                            </Table.Td>
                            <Table.Td>
                              <Group gap={6} wrap="nowrap">
                                {node.deployment ? (
                                  <IconStack2
                                    size={15}
                                    color="var(--mantine-color-gray-6)"
                                    aria-hidden
                                  />
                                ) : (
                                  <IconBuildingHospital
                                    size={15}
                                    color="var(--mantine-color-gray-6)"
                                    aria-hidden
                                  />
                                )}
                                <Text size="sm">{placeName}</Text>
                              </Group>
                            </Table.Td>
                            <Table.Td>
                              <Text size="sm">{formatDate(node.joinedAt)}</Text>
                            </Table.Td>
                            {withActions && (
                              <Table.Td ta="right">
                                {node.viewerCan.remove && (
                                  <StaffRowActions member={node} placeName={placeName} />
                                )}
                              </Table.Td>
                            )}
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <LoadMore pageInfo={staffMembers.pageInfo} fetchMore={fetchMore} />
              </>
            );
          }}
        </QueryState>
      </Paper>
    </>
  );
}
