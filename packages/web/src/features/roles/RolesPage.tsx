import { useQuery } from '@apollo/client/react';
import { Paper } from '@mantine/core';
import { useRequiredScope } from '../../app/scope-context';
import { graphql } from '../../gql';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { RolesMatrix } from './RolesMatrix';

export const RolesPageQuery = graphql(`
  query RolesPageQuery($organisationId: ID!) {
    permissions {
      key
      label
      description
      group
      platformOnly
    }
    roles(organisationId: $organisationId) {
      id
      key
      name
      description
      isDefault
      scopes
      permissions
    }
  }
`);

/**
 * `/o/:organisationId/roles`: what each role of the organisation may do. Platform roles and
 * platform-only permissions cannot be given inside an organisation, so they are left out here.
 */
export function RolesPage() {
  const { organisation } = useRequiredScope();
  const { data, loading, error } = useQuery(RolesPageQuery, { variables: { organisationId: organisation.id } });
  return (
    <>
      <PageHeader
        title="Roles"
        description={`The default roles and ${organisation.name}’s own roles, with the permissions each one holds.`}
      />
      <Paper withBorder radius="md">
        <QueryState loading={loading} error={error} data={data} skeletonRows={8} inset>
          {({ roles, permissions }) => (
            <RolesMatrix
              roles={roles.filter((r) => r.scopes.some((s) => s !== 'PLATFORM'))}
              permissions={permissions.filter((p) => !p.platformOnly)}
            />
          )}
        </QueryState>
      </Paper>
    </>
  );
}
