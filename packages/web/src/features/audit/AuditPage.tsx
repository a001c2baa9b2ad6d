import { Paper } from '@mantine/core';
import { useRequiredScope } from '../../app/scope-context';
import { PageHeader } from '../../ui/PageHeader';
import { AuditLog } from './AuditLog';

/**
 * `/o/:organisationId/audit` and `/o/:organisationId/d/:deploymentId/audit`: the audit log of the
 * organisation, or of one deployment when reached from inside it.
 */
export function AuditPage() {
  const { organisation, deployment } = useRequiredScope();
  return (
    <>
      <PageHeader
        title="Audit"
        description={`Role changes and other events in ${deployment?.name ?? organisation.name}, newest first.`}
      />
      <Paper withBorder radius="md">
        <AuditLog organisationId={organisation.id} deploymentId={deployment?.id ?? null} />
      </Paper>
    </>
  );
}
