import { skipToken, useQuery } from '@apollo/client/react';
import { Select, Stack, Group } from '@mantine/core';
import { IconBuildingHospital, IconStack2 } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { graphql } from '../gql';
import {
  hasOrganisationLevel,
  memberOrganisations,
  organisationLandingPath,
  switchScopePath,
} from './access';
import type { ScopeState } from './scope-context';
import { useViewer } from './viewer';

/** Platform staff can enter every organisation; the switcher offers the first page of them, by name. */
export const ScopeSwitcherOrganisationsQuery = graphql(`
  query ScopeSwitcherOrganisationsQuery {
    organisations(first: 100) {
      edges {
        cursor
        node {
          id
          name
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

const ALL_DEPLOYMENTS = '__all__';

export interface ScopeSwitcherProps {
  /** The checked current scope, or null outside an organisation. */
  current: ScopeState | null;
  /** Stack the two selects (narrow screens, in the navbar). */
  vertical?: boolean;
}

/**
 * Two selects: the organisation, then "All deployments" (organisation level, for those who may
 * work there) or one deployment. Choosing navigates to that scope, keeping the section when the
 * viewer may use it there.
 */
export function ScopeSwitcher({ current, vertical = false }: ScopeSwitcherProps) {
  const viewer = useViewer();
  const navigate = useNavigate();
  const location = useLocation();
  const { data } = useQuery(
    ScopeSwitcherOrganisationsQuery,
    viewer.isPlatformStaff ? {} : skipToken,
  );

  const organisations = useMemo(() => {
    const byId = new Map<string, string>();
    for (const o of memberOrganisations(viewer)) byId.set(o.id, o.name);
    for (const edge of data?.organisations.edges ?? []) byId.set(edge.node.id, edge.node.name);
    if (current) byId.set(current.organisation.id, current.organisation.name);
    return [...byId]
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [viewer, data, current]);

  const organisationId = current?.organisation.id ?? null;
  const orgLevel = organisationId ? hasOrganisationLevel(viewer, organisationId) : false;
  const deploymentOptions = current
    ? [
        ...(orgLevel ? [{ value: ALL_DEPLOYMENTS, label: 'All deployments' }] : []),
        ...current.deployments.map((d) => ({ value: d.id, label: d.name })),
      ]
    : [];

  function chooseOrganisation(id: string | null) {
    if (!id || id === organisationId) return;
    void navigate(organisationLandingPath(viewer, id) ?? `/o/${encodeURIComponent(id)}`);
  }

  function chooseDeployment(value: string | null) {
    if (!value || !organisationId) return;
    const deploymentId = value === ALL_DEPLOYMENTS ? null : value;
    if (deploymentId === (current?.deployment?.id ?? null)) return;
    void navigate(switchScopePath(viewer, location.pathname, { organisationId, deploymentId }));
  }

  const selects = (
    <>
      <Select
        aria-label="Organisation"
        placeholder="Choose an organisation"
        data={organisations}
        value={organisationId}
        onChange={chooseOrganisation}
        searchable={organisations.length > 7}
        allowDeselect={false}
        nothingFoundMessage="No organisation matches"
        leftSection={<IconBuildingHospital size={16} aria-hidden />}
        w={vertical ? '100%' : 240}
        comboboxProps={{ width: 300, position: 'bottom-start' }}
      />
      {current && (
        <Select
          aria-label="Deployment"
          placeholder="Choose a deployment"
          data={deploymentOptions}
          value={current.deployment?.id ?? (orgLevel ? ALL_DEPLOYMENTS : null)}
          onChange={chooseDeployment}
          allowDeselect={false}
          nothingFoundMessage="No deployments"
          leftSection={<IconStack2 size={16} aria-hidden />}
          w={vertical ? '100%' : 290}
          comboboxProps={{ width: 320, position: 'bottom-start' }}
        />
      )}
    </>
  );
  return vertical ? (
    <Stack gap="xs">{selects}</Stack>
  ) : (
    <Group gap="xs" wrap="nowrap">
      {selects}
    </Group>
  );
}
