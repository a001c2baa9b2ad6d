import { useQuery } from '@apollo/client/react';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Paper,
  Switch,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  IconArchive,
  IconDots,
  IconPencil,
  IconPlus,
  IconRestore,
  IconServer,
  IconTrash,
  IconUserPlus,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { EmptyState } from '../../ui/EmptyState';
import { formatCount, formatDate, humanise } from '../../ui/format';
import { SearchField } from '../../ui/ListControls';
import { LoadMore } from '../../ui/LoadMore';
import { QueryState } from '../../ui/QueryState';
import { AdminInviteModal, type AdminInviteTarget } from './AdminInvite';
import { DeploymentFormModal } from './DeploymentModals';
import {
  ArchiveOrganisationModal,
  DeleteOrganisationModal,
  OrganisationFormModal,
  type AdminOrganisation,
} from './OrganisationModals';

export const AdminPageQuery = graphql(`
  query AdminPageQuery($search: String, $first: Int!, $after: String, $includeArchived: Boolean!) {
    organisations(
      search: $search
      first: $first
      after: $after
      includeArchived: $includeArchived
    ) {
      edges {
        cursor
        node {
          ...AdminOrganisationFields
          deploymentCount
          staffCount
          patientCount
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

export interface OrganisationsTabProps {
  /** May create organisations and see archived ones (platform `platform:organisations`). */
  manage: boolean;
  /** Opens the Deployments tab filtered to one organisation. */
  onShowDeployments: (organisationId: string) => void;
}

/** The admin area's organisations: counts per row, and a row menu for everything the viewer may do to each. */
export function OrganisationsTab({ manage, onShowDeployments }: OrganisationsTabProps) {
  const [search, setSearch] = useState('');
  const [showArchived, setShowArchived] = useState(true);
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const includeArchived = manage && showArchived;
  const { data, previousData, loading, error, fetchMore } = useQuery(AdminPageQuery, {
    variables: { search: debounced || null, first: ORGANISATIONS_PAGE_SIZE, includeArchived },
  });
  const shown = data ?? previousData;
  const [editing, setEditing] = useState<AdminOrganisation | null>(null);
  const [creating, setCreating] = useState(false);
  const [archiving, setArchiving] = useState<AdminOrganisation | null>(null);
  const [deleting, setDeleting] = useState<AdminOrganisation | null>(null);
  const [inviting, setInviting] = useState<AdminInviteTarget | null>(null);
  const [newDeploymentIn, setNewDeploymentIn] = useState<{ id: string; name: string } | null>(null);

  return (
    <Paper withBorder radius="md">
      <Group px="md" py="sm" justify="space-between">
        <Group>
          <SearchField
            label="Search organisations"
            placeholder="Search by name"
            value={search}
            onChange={setSearch}
            searching={loading && !!shown}
            width={340}
          />
          {manage && (
            <Switch
              label="Show archived"
              checked={showArchived}
              onChange={(e) => setShowArchived(e.currentTarget.checked)}
            />
          )}
        </Group>
        {manage && (
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setCreating(true)}
          >
            New organisation
          </Button>
        )}
      </Group>
      <QueryState loading={loading} error={error} data={shown} inset>
        {({ organisations }) =>
          organisations.edges.length === 0 ? (
            <EmptyState
              title={
                debounced ? `No organisation matches “${debounced}”.` : 'No organisations yet.'
              }
              description={
                !debounced && manage
                  ? 'Create the first one, then invite its administrators.'
                  : undefined
              }
            />
          ) : (
            <>
              <Table.ScrollContainer minWidth={860} type="native">
                <Table highlightOnHover aria-label="Organisations">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Kind</Table.Th>
                      <Table.Th ta="right">Deployments</Table.Th>
                      <Table.Th ta="right">Staff</Table.Th>
                      <Table.Th ta="right">Patients</Table.Th>
                      <Table.Th w={140}>Created</Table.Th>
                      <Table.Th w={110}>Status</Table.Th>
                      <Table.Th w={56}>
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {organisations.edges.map(({ node }) => (
                      <Table.Tr key={node.id}>
                        <Table.Td>
                          {node.archivedAt ? (
                            <Text fw={500} size="sm">
                              {node.name}
                            </Text>
                          ) : (
                            <Anchor
                              component={Link}
                              to={`/o/${encodeURIComponent(node.id)}`}
                              fw={500}
                              size="sm"
                            >
                              {node.name}
                            </Anchor>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{humanise(node.kind)}</Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Anchor
                            component="button"
                            type="button"
                            size="sm"
                            onClick={() => onShowDeployments(node.id)}
                          >
                            {formatCount(node.deploymentCount)}
                          </Anchor>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Text size="sm">{formatCount(node.staffCount)}</Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Text size="sm">{formatCount(node.patientCount)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{formatDate(node.createdAt)}</Text>
                        </Table.Td>
                        <Table.Td>
                          {node.archivedAt ? (
                            <Badge color="orange">Archived</Badge>
                          ) : (
                            <Badge color="teal">Active</Badge>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                aria-label={`Actions for ${node.name}`}
                              >
                                <IconDots size={18} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              {node.viewerCan.inviteStaff && (
                                <Menu.Item
                                  leftSection={<IconUserPlus size={16} />}
                                  onClick={() => setInviting({ organisation: node })}
                                >
                                  Invite administrator
                                </Menu.Item>
                              )}
                              {node.viewerCan.edit && (
                                <Menu.Item
                                  leftSection={<IconPencil size={16} />}
                                  onClick={() => setEditing(node)}
                                >
                                  Edit
                                </Menu.Item>
                              )}
                              {node.viewerCan.createDeployment && (
                                <Menu.Item
                                  leftSection={<IconPlus size={16} />}
                                  onClick={() => setNewDeploymentIn(node)}
                                >
                                  New deployment
                                </Menu.Item>
                              )}
                              <Menu.Item
                                leftSection={<IconServer size={16} />}
                                onClick={() => onShowDeployments(node.id)}
                              >
                                Show deployments
                              </Menu.Item>
                              {(node.viewerCan.archive ||
                                node.viewerCan.restore ||
                                node.viewerCan.delete) && <Menu.Divider />}
                              {node.viewerCan.archive && (
                                <Menu.Item
                                  leftSection={<IconArchive size={16} />}
                                  color="orange"
                                  onClick={() => setArchiving(node)}
                                >
                                  Archive
                                </Menu.Item>
                              )}
                              {node.viewerCan.restore && (
                                <Menu.Item
                                  leftSection={<IconRestore size={16} />}
                                  onClick={() => setArchiving(node)}
                                >
                                  Restore
                                </Menu.Item>
                              )}
                              {node.viewerCan.delete && (
                                <Menu.Item
                                  leftSection={<IconTrash size={16} />}
                                  color="red"
                                  onClick={() => setDeleting(node)}
                                >
                                  Delete
                                </Menu.Item>
                              )}
                            </Menu.Dropdown>
                          </Menu>
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
      <OrganisationFormModal
        opened={creating || editing !== null}
        organisation={editing}
        onClose={() => (setCreating(false), setEditing(null))}
      />
      <ArchiveOrganisationModal organisation={archiving} onClose={() => setArchiving(null)} />
      <DeleteOrganisationModal organisation={deleting} onClose={() => setDeleting(null)} />
      <AdminInviteModal target={inviting} onClose={() => setInviting(null)} />
      <DeploymentFormModal
        opened={newDeploymentIn !== null}
        deployment={null}
        organisation={newDeploymentIn}
        onClose={() => setNewDeploymentIn(null)}
      />
    </Paper>
  );
}
