import { Paper, Tabs } from '@mantine/core';
import { IconBuildingHospital, IconClipboardList, IconServer } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { can } from '../../app/access';
import { useViewer } from '../../app/viewer';
import { PageHeader } from '../../ui/PageHeader';
import { AuditLog } from '../audit/AuditLog';
import { DeploymentsTab } from './DeploymentsTab';
import { OrganisationsTab } from './OrganisationsTab';

type Tab = 'organisations' | 'deployments' | 'audit';

/**
 * `/admin`: organisations and deployments on the platform (create, edit, archive, invite their
 * first administrators) and, for holders of platform `audit:view`, the platform audit log.
 * `?tab=deployments&organisation=<id>` opens the deployments of one organisation.
 */
export function AdminPage() {
  const viewer = useViewer();
  const [params, setParams] = useSearchParams();
  const platformAudit = can(viewer, 'audit:view', null);
  const requested = params.get('tab');
  const tab: Tab =
    requested === 'deployments'
      ? 'deployments'
      : platformAudit && requested === 'audit'
        ? 'audit'
        : 'organisations';
  const organisationFilter = params.get('organisation');

  return (
    <>
      <PageHeader
        title="Admin"
        description="Organisations and deployments on Porter, and what happens across the platform."
      />
      <Tabs
        value={tab}
        onChange={(value) =>
          setParams(value && value !== 'organisations' ? { tab: value } : {}, { replace: true })
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="organisations" leftSection={<IconBuildingHospital size={16} />}>
            Organisations
          </Tabs.Tab>
          <Tabs.Tab value="deployments" leftSection={<IconServer size={16} />}>
            Deployments
          </Tabs.Tab>
          {platformAudit && (
            <Tabs.Tab value="audit" leftSection={<IconClipboardList size={16} />}>
              Platform audit
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="organisations">
          <OrganisationsTab
            manage={can(viewer, 'platform:organisations', null)}
            onShowDeployments={(organisationId) =>
              setParams({ tab: 'deployments', organisation: organisationId })
            }
          />
        </Tabs.Panel>
        <Tabs.Panel value="deployments">
          <DeploymentsTab
            canCreate={can(viewer, 'deployment:create', null)}
            organisationId={organisationFilter}
            onOrganisationChange={(organisationId) =>
              setParams(
                organisationId
                  ? { tab: 'deployments', organisation: organisationId }
                  : { tab: 'deployments' },
                { replace: true },
              )
            }
          />
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
