import type { ReactElement } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { AdminPage } from '../features/admin/AdminPage';
import { AuditPage } from '../features/audit/AuditPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { DevOutboxPage } from '../features/dev/DevOutboxPage';
import { OrganisationHomePage } from '../features/home/OrganisationHomePage';
import { AcceptInvitationPage } from '../features/invitations/AcceptInvitationPage';
import { InvitationsPage } from '../features/invitations/InvitationsPage';
import { InviteLinksPage } from '../features/invite-links/InviteLinksPage';
import { JoinPage } from '../features/invite-links/JoinPage';
import { PatientsPage } from '../features/patients/PatientsPage';
import { RolesPage } from '../features/roles/RolesPage';
import { SignInPage } from '../features/sign-in/SignInPage';
import { StaffPage } from '../features/staff/StaffPage';
import { NotFound } from '../ui/NotFound';
import { deploymentLandingPath, type NavKey } from './access';
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

/** A section behind the same rule that shows its navbar link. */
const gated = (section: NavKey, page: ReactElement) => <Gate section={section}>{page}</Gate>;

/** Sections that exist at organisation level and again inside each deployment. */
const SCOPED_SECTIONS: RouteObject[] = [
  { path: 'staff', element: gated('staff', <StaffPage />) },
  { path: 'invitations', element: gated('invitations', <InvitationsPage />) },
  { path: 'roles', element: gated('roles', <RolesPage />) },
  { path: 'audit', element: gated('audit', <AuditPage />) },
  { path: 'dashboard', element: gated('dashboard', <DashboardPage />) },
];

/**
 * Every route. The scope (organisation, deployment) comes from the URL and is checked by the
 * shell; each section is gated by the same rule that shows its navbar link. Sign-in, invitation
 * links and the development outbox are public: they sit outside the auth guard.
 */
export const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/invitations/:token', element: <AcceptInvitationPage /> },
  { path: '/join/:token', element: <JoinPage /> },
  { path: '/dev/outbox', element: <DevOutboxPage /> },
  {
    element: <RequireViewer />,
    children: [
      { index: true, element: <Landing /> },
      {
        element: <AppLayout />,
        children: [
          { path: 'admin', element: gated('admin', <AdminPage />) },
          { path: 'dashboard', element: gated('dashboard', <DashboardPage />) },
          {
            path: 'o/:organisationId',
            children: [
              { index: true, element: <OrganisationHomePage /> },
              ...SCOPED_SECTIONS,
              {
                path: 'd/:deploymentId',
                children: [
                  { index: true, element: <DeploymentIndex /> },
                  { path: 'patients', element: gated('patients', <PatientsPage />) },
                  { path: 'invite-links', element: gated('patients', <InviteLinksPage />) },
                  ...SCOPED_SECTIONS,
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
