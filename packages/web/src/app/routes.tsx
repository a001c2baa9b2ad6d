import { Navigate, type RouteObject } from 'react-router';
import { AdminPage } from '../features/admin/AdminPage';
import { AuditPage } from '../features/audit/AuditPage';
import { OrganisationHomePage } from '../features/home/OrganisationHomePage';
import { PatientsPage } from '../features/patients/PatientsPage';
import { RolesPage } from '../features/roles/RolesPage';
import { SignInPage } from '../features/sign-in/SignInPage';
import { StaffPage } from '../features/staff/StaffPage';
import { NotFound } from '../ui/NotFound';
import { deploymentLandingPath } from './access';
import { AppLayout } from './AppLayout';
import { Gate } from './Gate';
import { Landing } from './Landing';
import { RequireViewer } from './RequireViewer';
import { useRequiredScope } from './scope-context';
import { useViewer } from './viewer';

/** `/o/:organisationId/d/:deploymentId`: the deployment's first section the viewer may use. */
function DeploymentIndex() {
  const viewer = useViewer();
  const { organisation, deployment } = useRequiredScope();
  if (!deployment) return <NotFound />;
  return <Navigate to={deploymentLandingPath(viewer, organisation.id, deployment.id)} replace />;
}

/**
 * Every route. The scope (organisation, deployment) comes from the URL and is checked by the
 * shell; each section is gated by the same rule that shows its navbar link.
 */
export const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <RequireViewer />,
    children: [
      { index: true, element: <Landing /> },
      {
        element: <AppLayout />,
        children: [
          {
            path: 'admin',
            element: (
              <Gate section="admin">
                <AdminPage />
              </Gate>
            ),
          },
          {
            path: 'o/:organisationId',
            children: [
              { index: true, element: <OrganisationHomePage /> },
              {
                path: 'staff',
                element: (
                  <Gate section="staff">
                    <StaffPage />
                  </Gate>
                ),
              },
              {
                path: 'roles',
                element: (
                  <Gate section="roles">
                    <RolesPage />
                  </Gate>
                ),
              },
              {
                path: 'audit',
                element: (
                  <Gate section="audit">
                    <AuditPage />
                  </Gate>
                ),
              },
              {
                path: 'd/:deploymentId',
                children: [
                  { index: true, element: <DeploymentIndex /> },
                  {
                    path: 'patients',
                    element: (
                      <Gate section="patients">
                        <PatientsPage />
                      </Gate>
                    ),
                  },
                  {
                    path: 'staff',
                    element: (
                      <Gate section="staff">
                        <StaffPage />
                      </Gate>
                    ),
                  },
                  {
                    path: 'roles',
                    element: (
                      <Gate section="roles">
                        <RolesPage />
                      </Gate>
                    ),
                  },
                  {
                    path: 'audit',
                    element: (
                      <Gate section="audit">
                        <AuditPage />
                      </Gate>
                    ),
                  },
                ],
              },
            ],
          },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];
