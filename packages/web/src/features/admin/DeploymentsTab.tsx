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
  IconPlus,
  IconRestore,
  IconSettings,
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
import { AdminOrganisationNameQuery, DEPLOYMENT_STATUS_COLOURS } from './admin-api';
import { OrganisationPicker } from './OrganisationPicker';
import { AdminInviteModal, type AdminInviteTarget } from './AdminInvite';
import {
  ArchiveDeploymentModal,
  DeploymentFormModal,
  type AdminDeployment,
} from './DeploymentModals';

export const AdminDeploymentsQuery = graphql(`
  query AdminDeploymentsQuery(
    $organisationId: ID
    $search: String
    $includeArchived: Boolean!
    $first: Int!
    $after: String
  ) {
    deploymentPage(
      organisationId: $organisationId
      search: $search
      includeArchived: $includeArchived
      first: $first
      after: $after
    ) {
      edges {
        cursor
        node {
          ...AdminDeploymentFields
          organisation {
            id
            name
          }
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

export const DEPLOYMENTS_PAGE_SIZE = 50;

export interface DeploymentsTabProps {
  /** May create deployments anywhere (platform `deployment:create`). */
  canCreate: boolean;
  organisationId: string | null;
  onOrganisationChange: (organisationId: string | null) => void;
}

/** The admin area's deployments, filterable by organisation, with Configure, Invite Admin and Archive per row. */
export function DeploymentsTab({
  canCreate,
  organisationId,
  onOrganisationChange,
}: DeploymentsTabProps) {
  const [search, setSearch] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const { data: filter } = useQuery(AdminOrganisationNameQuery, {
    variables: { id: organisationId ?? '' },
    skip: !organisationId,
  });
  const { data, previousData, loading, error, fetchMore } = useQuery(AdminDeploymentsQuery, {
    variables: {
      organisationId,
      search: debounced || null,
      includeArchived,
      first: DEPLOYMENTS_PAGE_SIZE,
    },
  });
  const shown = data ?? previousData;
  const [creating, setCreating] = useState(false);
  const [configuring, setConfiguring] = useState<AdminDeployment | null>(null);
  const [archiving, setArchiving] = useState<AdminDeployment | null>(null);
  const [inviting, setInviting] = useState<AdminInviteTarget | null>(null);
  const filtered =
    organisationId && filter?.organisation.id === organisationId ? filter.organisation : null;

  return (
    <Paper withBorder radius="md">
      <Group px="md" py="sm" justify="space-between" align="flex-end">
        <Group align="flex-end">
          <OrganisationPicker
            label="Organisation"
            placeholder="All organisations"
            clearable
            w={260}
            value={organisationId}
            onChange={onOrganisationChange}
          />
          <SearchField
            label="Search deployments"
            placeholder="Search by name"
            value={search}
            onChange={setSearch}
            searching={loading && !!shown}
            width={260}
          />
          <Switch
            label="Show archived"
            checked={includeArchived}
            onChange={(e) => setIncludeArchived(e.currentTarget.checked)}
            mb={8}
          />
        </Group>
        {canCreate && (
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setCreating(true)}
          >
            New deployment
          </Button>
        )}
      </Group>
      <QueryState loading={loading} error={error} data={shown} inset>
        {({ deploymentPage }) =>
          deploymentPage.edges.length === 0 ? (
            <EmptyState
              title={
                debounced
                  ? `No deployment matches “${debounced}”.`
                  : filtered
                    ? `${filtered.name} has no deployments yet.`
                    : 'No deployments yet.'
              }
              description="Deployments are the programmes an organisation runs, e.g. “Diabetes remote monitoring”."
            />
          ) : (
            <>
              <Table.ScrollContainer minWidth={860} type="native">
                <Table highlightOnHover aria-label="Deployments">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Organisation</Table.Th>
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
                    {deploymentPage.edges.map(({ node }) => (
                      <Table.Tr key={node.id}>
                        <Table.Td>
                          <Anchor
                            component={Link}
                            to={`/o/${encodeURIComponent(node.organisation.id)}/d/${encodeURIComponent(node.id)}/staff`}
                            fw={500}
                            size="sm"
                          >
                            {node.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{node.organisation.name}</Text>
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
                          <Badge color={DEPLOYMENT_STATUS_COLOURS[node.status]}>
                            {humanise(node.status)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <DeploymentRowMenu
                            deployment={node}
                            onConfigure={() => setConfiguring(node)}
                            onArchive={() => setArchiving(node)}
                            onInvite={() =>
                              setInviting({ organisation: node.organisation, deployment: node })
                            }
                          />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <LoadMore pageInfo={deploymentPage.pageInfo} fetchMore={fetchMore} />
            </>
          )
        }
      </QueryState>
      <DeploymentFormModal
        opened={creating}
        deployment={null}
        organisation={filtered}
        onClose={() => setCreating(false)}
      />
      <DeploymentFormModal
        opened={configuring !== null}
        deployment={configuring}
        onClose={() => setConfiguring(null)}
      />
      <ArchiveDeploymentModal deployment={archiving} onClose={() => setArchiving(null)} />
      <AdminInviteModal target={inviting} onClose={() => setInviting(null)} />
    </Paper>
  );
}

export interface DeploymentRowMenuProps {
  deployment: AdminDeployment;
  onConfigure: () => void;
  onArchive: () => void;
  onInvite?: () => void;
}

/** Configure, Invite Admin, Archive/Restore: only what the viewer may do to this deployment. */
export function DeploymentRowMenu({
  deployment,
  onConfigure,
  onArchive,
  onInvite,
}: DeploymentRowMenuProps) {
  const can = deployment.viewerCan;
  if (!can.configure && !can.archive && !can.restore && !(onInvite && can.inviteStaff)) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${deployment.name}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {onInvite && can.inviteStaff && (
          <Menu.Item leftSection={<IconUserPlus size={16} />} onClick={onInvite}>
            Invite Admin
          </Menu.Item>
        )}
        {can.configure && (
          <Menu.Item leftSection={<IconSettings size={16} />} onClick={onConfigure}>
            Configure
          </Menu.Item>
        )}
        {can.archive && (
          <Menu.Item leftSection={<IconArchive size={16} />} color="orange" onClick={onArchive}>
            Archive
          </Menu.Item>
        )}
        {can.restore && (
          <Menu.Item leftSection={<IconRestore size={16} />} onClick={onArchive}>
            Restore
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
