import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Group, Paper, Table, Tabs, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuildingHospital, IconClipboardList } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { can } from '../../app/access';
import { useViewer } from '../../app/viewer';
import { graphql } from '../../gql';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate, humanise } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { SearchField } from '../../ui/ListControls';
import { AuditLog } from '../audit/AuditLog';

export const AdminPageQuery = graphql(`
  query AdminPageQuery($search: String, $first: Int!, $after: String, $includeArchived: Boolean!) {
    organisations(search: $search, first: $first, after: $after, includeArchived: $includeArchived) {
      edges {
        cursor
        node {
          id
          name
          kind
          createdAt
          archivedAt
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const ORGANISATIONS_PAGE_SIZE = 50;

/** `/admin`: every organisation on the platform and, for holders of platform `audit:view`, the platform audit log. */
export function AdminPage() {
  const viewer = useViewer();
  const [params, setParams] = useSearchParams();
  const platformAudit = can(viewer, 'audit:view', null);
  const tab = platformAudit && params.get('tab') === 'audit' ? 'audit' : 'organisations';

  return (
    <>
      <PageHeader title="Admin" description="Organisations on Porter and what happens across the platform." />
      <Tabs
        value={tab}
        onChange={(value) => setParams(value === 'audit' ? { tab: 'audit' } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="organisations" leftSection={<IconBuildingHospital size={16} />}>
            Organisations
          </Tabs.Tab>
          {platformAudit && (
            <Tabs.Tab value="audit" leftSection={<IconClipboardList size={16} />}>
              Platform audit
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="organisations">
          <Organisations includeArchived={can(viewer, 'platform:organisations', null)} />
        </Tabs.Panel>
        {platformAudit && (
          <Tabs.Panel value="audit">
            <Paper withBorder radius="md">
              <AuditLog />
            </Paper>
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}

function Organisations({ includeArchived }: { includeArchived: boolean }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const { data, previousData, loading, error, fetchMore } = useQuery(AdminPageQuery, {
    variables: { search: debounced || null, first: ORGANISATIONS_PAGE_SIZE, includeArchived },
  });
  const shown = data ?? previousData;

  return (
    <Paper withBorder radius="md">
      <Group px="md" py="sm">
        <SearchField
          label="Search organisations"
          placeholder="Search by name"
          value={search}
          onChange={setSearch}
          searching={loading && !!shown}
          width={340}
        />
      </Group>
      <QueryState loading={loading} error={error} data={shown} inset>
        {({ organisations }) =>
          organisations.edges.length === 0 ? (
            <EmptyState title={debounced ? `No organisation matches “${debounced}”.` : 'No organisations yet.'} />
          ) : (
            <>
              <Table.ScrollContainer minWidth={640} type="native">
                <Table highlightOnHover aria-label="Organisations">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Kind</Table.Th>
                      <Table.Th w={160}>Created</Table.Th>
                      <Table.Th w={120}>Status</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {organisations.edges.map(({ node }) => (
                      <Table.Tr key={node.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/o/${encodeURIComponent(node.id)}`} fw={500} size="sm">
                            {node.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{humanise(node.kind)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{formatDate(node.createdAt)}</Text>
                        </Table.Td>
                        <Table.Td>
                          {node.archivedAt ? <Badge color="orange">Archived</Badge> : <Badge color="teal">Active</Badge>}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <LoadMore pageInfo={organisations.pageInfo} fetchMore={fetchMore} />
            </>
          )
        }
      </QueryState>
    </Paper>
  );
}
