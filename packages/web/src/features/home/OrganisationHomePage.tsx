import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconChevronRight, IconMailForward, IconUsers } from '@tabler/icons-react';
import { Link, Navigate } from 'react-router';
import { can, hasOrganisationLevel, organisationLandingPath } from '../../app/access';
import { useRequiredScope } from '../../app/scope-context';
import { useViewer } from '../../app/viewer';
import { graphql } from '../../gql';
import type { DeploymentStatus } from '../../gql/graphql';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate, humanise } from '../../ui/format';
import { NotFound } from '../../ui/NotFound';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';

export const OrganisationHomePageQuery = graphql(`
  query OrganisationHomePageQuery($organisationId: ID!) {
    organisation(id: $organisationId) {
      id
      name
      kind
      createdAt
      archivedAt
    }
    deployments(organisationId: $organisationId) {
      id
      name
      status
      createdAt
      viewerPermissions
    }
  }
`);

const STATUS_COLOURS: Record<DeploymentStatus, string> = { ACTIVE: 'teal', DRAFT: 'gray', ARCHIVED: 'orange' };

/**
 * `/o/:organisationId`: the organisation's deployments. Members who only work inside some
 * deployments have no organisation level, so they go to their first deployment instead.
 */
export function OrganisationHomePage() {
  const viewer = useViewer();
  const { organisation } = useRequiredScope();
  if (!hasOrganisationLevel(viewer, organisation.id)) {
    const path = organisationLandingPath(viewer, organisation.id);
    return path ? <Navigate to={path} replace /> : <NotFound />;
  }
  return <OrganisationHome organisationId={organisation.id} />;
}

function deploymentPath(organisationId: string, deployment: { id: string; viewerPermissions: readonly string[] }) {
  const base = `/o/${encodeURIComponent(organisationId)}/d/${encodeURIComponent(deployment.id)}`;
  const perms = deployment.viewerPermissions;
  return !perms.includes('patient:view') && perms.includes('staff:view') ? `${base}/staff` : `${base}/patients`;
}

/** The deployment's patient list, filtered to invitations not yet accepted. */
function pendingPatientsPath(organisationId: string, deploymentId: string) {
  return `/o/${encodeURIComponent(organisationId)}/d/${encodeURIComponent(deploymentId)}/patients?type=PENDING`;
}

function OrganisationHome({ organisationId }: { organisationId: string }) {
  const viewer = useViewer();
  const { data, loading, error } = useQuery(OrganisationHomePageQuery, { variables: { organisationId } });
  const staffView = can(viewer, 'staff:view', { organisationId });

  return (
    <QueryState loading={loading} error={error} data={data}>
      {({ organisation, deployments }) => (
        <>
          <PageHeader
            title={organisation.name}
            description={
              <>
                {humanise(organisation.kind)} · on Porter since {formatDate(organisation.createdAt)}
                {organisation.archivedAt && (
                  <Badge color="orange" ml="xs">
                    Archived
                  </Badge>
                )}
              </>
            }
            actions={
              staffView && (
                <>
                  <Button
                    component={Link}
                    to={`/o/${encodeURIComponent(organisation.id)}/invitations`}
                    variant="default"
                    leftSection={<IconMailForward size={18} />}
                  >
                    Pending staff invitations
                  </Button>
                  <Button
                    component={Link}
                    to={`/o/${encodeURIComponent(organisation.id)}/staff`}
                    variant="default"
                    leftSection={<IconUsers size={18} />}
                  >
                    All staff members
                  </Button>
                </>
              )
            }
          />
          <Paper withBorder radius="md">
            <Group px="md" py="sm" justify="space-between">
              <Text fw={600}>Deployments</Text>
              <Text size="sm" c="dimmed">
                {deployments.length === 1 ? '1 deployment' : `${deployments.length} deployments`}
              </Text>
            </Group>
            {deployments.length === 0 ? (
              <EmptyState title="No deployments yet." description="Deployments are the programmes this organisation runs." />
            ) : (
              <Table.ScrollContainer minWidth={560} type="native">
                <Table highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th w={140}>Status</Table.Th>
                      <Table.Th w={160}>Created</Table.Th>
                      <Table.Th w={230}>
                        <VisuallyHidden>Shortcuts</VisuallyHidden>
                      </Table.Th>
                      <Table.Th w={48}>
                        <VisuallyHidden>Open</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {deployments.map((d) => (
                      <Table.Tr key={d.id}>
                        <Table.Td>
                          <Anchor component={Link} to={deploymentPath(organisation.id, d)} fw={500}>
                            {d.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Badge color={STATUS_COLOURS[d.status]}>{humanise(d.status)}</Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{formatDate(d.createdAt)}</Text>
                        </Table.Td>
                        <Table.Td>
                          {d.viewerPermissions.includes('patient:view') && (
                            <Anchor component={Link} to={pendingPatientsPath(organisation.id, d.id)} size="sm">
                              Pending patient invitations
                            </Anchor>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <IconChevronRight size={16} color="var(--mantine-color-gray-5)" aria-hidden />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Paper>
        </>
      )}
    </QueryState>
  );
}
