import { Paper, Table } from '@mantine/core';
import { IconHeartbeat } from '@tabler/icons-react';
import { useRequiredScope } from '../../app/scope-context';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

const COLUMNS = ['Patient', 'Status', 'Invited', 'Joined'] as const;

/**
 * `/o/:organisationId/d/:deploymentId/patients`. The API has no patients yet, so the list is
 * honestly empty; the table keeps its columns so the page reads the same once patients arrive.
 */
export function PatientsPage() {
  const { organisation, deployment } = useRequiredScope();
  return (
    <>
      <PageHeader title="Patients" description={`${deployment?.name ?? ''} · ${organisation.name}`} />
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={560} type="native">
          <Table aria-label={`Patients of ${deployment?.name ?? organisation.name}`}>
            <Table.Thead>
              <Table.Tr>
                {COLUMNS.map((c) => (
                  <Table.Th key={c}>{c}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td colSpan={COLUMNS.length}>
                  <EmptyState
                    icon={<IconHeartbeat size={26} stroke={1.5} />}
                    title="No patients in this deployment yet."
                    description="Patients appear here once they have been invited and joined."
                  />
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </>
  );
}
