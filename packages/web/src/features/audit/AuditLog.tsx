import { useQuery } from '@apollo/client/react';
import { Badge, Group, Table, Text, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {} from '@tabler/icons-react';
import { useState } from 'react';
import { graphql } from '../../gql';
import { EmptyState } from '../../ui/EmptyState';
import { formatDateTime } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { QueryState } from '../../ui/QueryState';
import { SearchField } from '../../ui/ListControls';
import { AUDIT_ACTION_OPTIONS, actionColour, actionLabel, auditDetails } from './actions';

export const AuditPageQuery = graphql(`
  query AuditPageQuery(
    $organisationId: ID
    $deploymentId: ID
    $action: String
    $actor: String
    $first: Int!
    $after: String
  ) {
    auditEvents(
      organisationId: $organisationId
      deploymentId: $deploymentId
      action: $action
      actor: $actor
      first: $first
      after: $after
    ) {
      edges {
        cursor
        node {
          id
          occurredAt
          action
          actorEmail
          targetType
          targetId
          targetLabel
          before
          after
          ip
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const AUDIT_PAGE_SIZE = 50;

export interface AuditLogProps {
  /** An organisation's events; omit for every event on the platform. */
  organisationId?: string;
  /** Only this deployment's events (with its organisation). */
  deploymentId?: string | null;
}

/** The audit table with its filters (action, actor) and "Load more"; newest first. */
export function AuditLog({ organisationId, deploymentId }: AuditLogProps) {
  const [action, setAction] = useState<string | null>(null);
  const [actor, setActor] = useState('');
  const [debouncedActor] = useDebouncedValue(actor.trim(), 300);
  const { data, previousData, loading, error, fetchMore } = useQuery(AuditPageQuery, {
    variables: {
      organisationId: organisationId ?? null,
      deploymentId: deploymentId ?? null,
      action,
      actor: debouncedActor || null,
      first: AUDIT_PAGE_SIZE,
    },
    // Events keep coming (a role changed on the Staff page a moment ago): show the cache, then the latest.
    fetchPolicy: 'cache-and-network',
  });
  const shown = data ?? previousData;

  return (
    <>
      <Group px="md" py="sm" gap="sm" align="flex-end">
        <Select
          aria-label="Action"
          placeholder="All actions"
          data={AUDIT_ACTION_OPTIONS}
          value={action}
          onChange={setAction}
          clearable
          w={{ base: '100%', sm: 240 }}
        />
        <SearchField
          label="Actor"
          placeholder="Actor email contains…"
          value={actor}
          onChange={setActor}
          searching={loading && !!shown}
          width={280}
        />
      </Group>
      <QueryState loading={loading} error={error} data={shown} inset>
        {({ auditEvents }) =>
          auditEvents.edges.length === 0 ? (
            <EmptyState
              title="No audit events match."
              description={
                action || debouncedActor
                  ? 'Clear a filter to see more.'
                  : 'Events appear here as people sign in and roles change.'
              }
            />
          ) : (
            <>
              <Table.ScrollContainer minWidth={1000} type="native">
                <Table highlightOnHover aria-label="Audit events">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={200}>When</Table.Th>
                      <Table.Th miw={180} style={{ whiteSpace: 'nowrap' }}>
                        Action
                      </Table.Th>
                      <Table.Th>Actor</Table.Th>
                      <Table.Th>Target</Table.Th>
                      <Table.Th>Details</Table.Th>
                      <Table.Th w={140}>IP</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {auditEvents.edges.map(({ node }) => (
                      <Table.Tr key={node.id}>
                        <Table.Td>
                          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                            {formatDateTime(node.occurredAt)}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge
                            color={actionColour(node.action)}
                            tt="none"
                            fw={500}
                            title={node.action}
                            // Labels like "Removed from team" must be read whole, not cut to "Removed…".
                            styles={{
                              root: { maxWidth: 'none' },
                              label: { overflow: 'visible', textOverflow: 'clip' },
                            }}
                          >
                            {actionLabel(node.action)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{node.actorEmail ?? '—'}</Text>
                        </Table.Td>
                        <Table.Td>
                          {node.targetType || node.targetLabel ? (
                            <>
                              <Text size="sm">{node.targetLabel ?? node.targetId}</Text>
                              {node.targetType && (
                                <Text size="xs" c="dimmed">
                                  {node.targetType}
                                </Text>
                              )}
                            </>
                          ) : (
                            <Text size="sm" c="dimmed">
                              —
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <AuditDetailsCell details={auditDetails(node)} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" ff="monospace" c="dimmed">
                            {node.ip ?? '—'}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <LoadMore pageInfo={auditEvents.pageInfo} fetchMore={fetchMore} />
            </>
          )
        }
      </QueryState>
    </>
  );
}

function AuditDetailsCell({ details }: { details: string | null }) {
  return details ? (
    <Text size="sm">{details}</Text>
  ) : (
    <Text size="sm" c="dimmed">
      —
    </Text>
  );
}
