import { Navigate, type RouteObject } from 'react-router';
import { AdminPage } from '../features/admin/AdminPage';
import { AuditPage } from '../features/audit/AuditPage';
import { DevOutboxPage } from '../features/dev/DevOutboxPage';
import { OrganisationHomePage } from '../features/home/OrganisationHomePage';
import { AcceptInvitationPage } from '../features/invitations/AcceptInvitationPage';
import { InvitationsPage } from '../features/invitations/InvitationsPage';
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
 * shell; each section is gated by the same rule that shows its navbar link. Sign-in, invitation
 * links and the development outbox are public: they sit outside the auth guard.
 */
export const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/invitations/:token', element: <AcceptInvitationPage /> },
  { path: '/dev/outbox', element: <DevOutboxPage /> },
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
                path: 'invitations',
                element: (
                  <Gate section="invitations">
                    <InvitationsPage />
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
                    path: 'invitations',
                    element: (
                      <Gate section="invitations">
                        <InvitationsPage />
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
