import { useQuery } from '@apollo/client/react';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Paper,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconDots,
  IconMailForward,
  IconPencil,
  IconPlus,
  IconTrash,
  IconUsers,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import {
  can,
  deploymentStartPath,
  hasOrganisationLevel,
  organisationLandingPath,
} from '../../app/access';
import { useRequiredScope } from '../../app/scope-context';
import { useViewer } from '../../app/viewer';
import { graphql } from '../../gql';
import { EmptyState } from '../../ui/EmptyState';
import { formatCount, formatDate, humanise } from '../../ui/format';
import { DEPLOYMENT_STATUS_COLOURS } from '../admin/admin-api';
import { NotFound } from '../../ui/NotFound';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { DeploymentRowMenu } from '../admin/DeploymentsTab';
import {
  ArchiveDeploymentModal,
  DeploymentFormModal,
  type AdminDeployment,
} from '../admin/DeploymentModals';
import {
  DeleteOrganisationModal,
  OrganisationFormModal,
  type AdminOrganisation,
} from '../admin/OrganisationModals';

export const OrganisationHomePageQuery = graphql(`
  query OrganisationHomePageQuery($organisationId: ID!) {
    organisation(id: $organisationId) {
      ...AdminOrganisationFields
    }
    deployments(organisationId: $organisationId) {
      ...AdminDeploymentFields
      viewerPermissions
      staffCount
      patientCount
    }
  }
`);

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

/** The deployment's patient list, filtered to invitations not yet accepted. */
function pendingPatientsPath(organisationId: string, deploymentId: string) {
  return `/o/${encodeURIComponent(organisationId)}/d/${encodeURIComponent(deploymentId)}/patients?type=PENDING`;
}

function OrganisationHome({ organisationId }: { organisationId: string }) {
  const viewer = useViewer();
  const { data, loading, error } = useQuery(OrganisationHomePageQuery, {
    variables: { organisationId },
  });
  const staffView = can(viewer, 'staff:view', { organisationId });
  const navigate = useNavigate();
  const [editing, setEditing] = useState<AdminOrganisation | null>(null);
  const [deleting, setDeleting] = useState<AdminOrganisation | null>(null);
  const [creating, setCreating] = useState(false);
  const [configuring, setConfiguring] = useState<AdminDeployment | null>(null);
  const [archiving, setArchiving] = useState<AdminDeployment | null>(null);

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
              <>
                {staffView && (
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
                )}
                {organisation.viewerCan.createDeployment && (
                  <Button
                    leftSection={<IconPlus size={18} aria-hidden />}
                    onClick={() => setCreating(true)}
                  >
                    New deployment
                  </Button>
                )}
                {(organisation.viewerCan.edit || organisation.viewerCan.delete) && (
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon variant="default" size="lg" aria-label="Organisation settings">
                        <IconDots size={18} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      {organisation.viewerCan.edit && (
                        <Menu.Item
                          leftSection={<IconPencil size={16} />}
                          onClick={() => setEditing(organisation)}
                        >
                          Edit organisation
                        </Menu.Item>
                      )}
                      {organisation.viewerCan.delete && (
                        <Menu.Item
                          leftSection={<IconTrash size={16} />}
                          color="red"
                          onClick={() => setDeleting(organisation)}
                        >
                          Delete organisation
                        </Menu.Item>
                      )}
                    </Menu.Dropdown>
                  </Menu>
                )}
              </>
            }
          />
          <OrganisationFormModal
            opened={editing !== null}
            organisation={editing}
            onClose={() => setEditing(null)}
          />
          <DeleteOrganisationModal
            organisation={deleting}
            onClose={() => setDeleting(null)}
            onDeleted={() => void navigate('/', { replace: true })}
          />
          <DeploymentFormModal
            opened={creating}
            deployment={null}
            organisation={organisation}
            onClose={() => setCreating(false)}
          />
          <DeploymentFormModal
            opened={configuring !== null}
            deployment={configuring}
            onClose={() => setConfiguring(null)}
          />
          <ArchiveDeploymentModal deployment={archiving} onClose={() => setArchiving(null)} />
          <Paper withBorder radius="md">
            <Group px="md" py="sm" justify="space-between">
              <Text fw={600}>Deployments</Text>
              <Text size="sm" c="dimmed">
                {deployments.length === 1 ? '1 deployment' : `${deployments.length} deployments`}
              </Text>
            </Group>
            {deployments.length === 0 ? (
              <EmptyState
                title="No deployments yet."
                description="Deployments are the programmes this organisation runs."
              />
            ) : (
              <Table.ScrollContainer minWidth={720} type="native">
                <Table highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th w={120}>Status</Table.Th>
                      <Table.Th w={90} ta="right">
                        Patients
                      </Table.Th>
                      <Table.Th w={90} ta="right">
                        Staff
                      </Table.Th>
                      <Table.Th w={160}>Created</Table.Th>
                      <Table.Th w={230}>
                        <VisuallyHidden>Shortcuts</VisuallyHidden>
                      </Table.Th>
                      <Table.Th w={48}>
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {deployments.map((d) => (
                      <Table.Tr key={d.id}>
                        <Table.Td>
                          <Anchor
                            component={Link}
                            to={deploymentStartPath(organisation.id, d.id, d.viewerPermissions)}
                            fw={500}
                          >
                            {d.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Badge color={DEPLOYMENT_STATUS_COLOURS[d.status]}>
                            {humanise(d.status)}
                          </Badge>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Text size="sm">{formatCount(d.patientCount)}</Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Text size="sm">{formatCount(d.staffCount)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{formatDate(d.createdAt)}</Text>
                        </Table.Td>
                        <Table.Td>
                          {d.viewerPermissions.includes('patient:view') && (
                            <Anchor
                              component={Link}
                              to={pendingPatientsPath(organisation.id, d.id)}
                              size="sm"
                            >
                              Pending patient invitations
                            </Anchor>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <DeploymentRowMenu
                            deployment={d}
                            onConfigure={() => setConfiguring(d)}
                            onArchive={() => setArchiving(d)}
                          />
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
