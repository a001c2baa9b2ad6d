import { useQuery } from '@apollo/client/react';
import { Badge, Group, Loader, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuildingHospital, IconSearch, IconStack2 } from '@tabler/icons-react';
import { useState } from 'react';
import { useRequiredScope } from '../../app/scope-context';
import { graphql } from '../../gql';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';

export const StaffPageQuery = graphql(`
  query StaffPageQuery($organisationId: ID!, $deploymentId: ID, $search: String, $first: Int!, $after: String) {
    staffMembers(organisationId: $organisationId, deploymentId: $deploymentId, search: $search, first: $first, after: $after) {
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
            name
            isDefault
          }
          deployment {
            id
            name
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

export const STAFF_PAGE_SIZE = 50;

/** `/o/:organisationId/staff` and `/o/:organisationId/d/:deploymentId/staff`: who holds a role here. */
export function StaffPage() {
  const { organisation, deployment } = useRequiredScope();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const { data, previousData, loading, error, fetchMore } = useQuery(StaffPageQuery, {
    variables: {
      organisationId: organisation.id,
      deploymentId: deployment?.id ?? null,
      search: debounced || null,
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
      />
      <Paper withBorder radius="md">
        <Group px="md" py="sm">
          <TextInput
            aria-label="Search staff"
            placeholder="Search by name or email"
            leftSection={<IconSearch size={16} aria-hidden />}
            rightSection={loading && shown ? <Loader size={14} aria-label="Searching" /> : null}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={{ base: '100%', sm: 340 }}
          />
        </Group>
        <QueryState loading={loading} error={error} data={shown} inset>
          {({ staffMembers }) =>
            staffMembers.edges.length === 0 ? (
              <EmptyState
                title={debounced ? `No staff members match “${debounced}”.` : 'No staff members yet.'}
                description={debounced ? 'Try part of a name or an email address.' : undefined}
              />
            ) : (
              <>
                <Table.ScrollContainer minWidth={760} type="native">
                  <Table highlightOnHover aria-label="Staff members">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Name</Table.Th>
                        <Table.Th>Email</Table.Th>
                        <Table.Th>Role</Table.Th>
                        <Table.Th>Scope</Table.Th>
                        <Table.Th>Joined</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {staffMembers.edges.map(({ node }) => (
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
                            <Group gap={6} wrap="nowrap">
                              <Text size="sm">{node.role.name}</Text>
                              {!node.role.isDefault && (
                                <Badge size="xs" color="gray">
                                  Custom
                                </Badge>
                              )}
                            </Group>
                          </Table.Td>
                          <Table.Td>
                            <Group gap={6} wrap="nowrap">
                              {node.deployment ? (
                                <IconStack2 size={15} color="var(--mantine-color-gray-6)" aria-hidden />
                              ) : (
                                <IconBuildingHospital size={15} color="var(--mantine-color-gray-6)" aria-hidden />
                              )}
                              <Text size="sm">{node.deployment?.name ?? organisation.name}</Text>
                            </Group>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{formatDate(node.joinedAt)}</Text>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <Stack pb="md">
                  <LoadMore
                    hasNextPage={staffMembers.pageInfo.hasNextPage}
                    onLoadMore={() => fetchMore({ variables: { after: staffMembers.pageInfo.endCursor } })}
                  />
                </Stack>
              </>
            )
          }
        </QueryState>
      </Paper>
    </>
  );
}
