import { skipToken, useQuery } from '@apollo/client/react';
import {
  Anchor,
  AppShell,
  Box,
  Burger,
  Container,
  Group,
  NavLink,
  ScrollArea,
  Text,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import {
  IconChartBar,
  IconClipboardList,
  IconHeartbeat,
  IconLayoutGrid,
  IconMailForward,
  IconShieldLock,
  IconUsers,
  IconWorld,
  type Icon,
} from '@tabler/icons-react';
import { useEffect, useMemo, type ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { InviteStaffContext } from '../features/invitations/invite-context';
import { InviteStaffModal } from '../features/invitations/InviteStaffModal';
import { InvitePatientsContext } from '../features/patients/invite-patients-context';
import { InvitePatientsModal } from '../features/patients/InvitePatientsModal';
import { graphql } from '../gql';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorCodeOf } from '../ui/errors';
import { NotFound } from '../ui/NotFound';
import { LoadingRows } from '../ui/QueryState';
import { Wordmark } from '../ui/Wordmark';
import {
  canEnterDeployment,
  canEnterOrganisation,
  canInvitePatients,
  canInviteStaff,
  navigationFor,
  scopeFromPath,
  type CurrentScope,
  type NavKey,
} from './access';
import { AccountMenu } from './AccountMenu';
import { ScopeContext, type ScopeState } from './scope-context';
import { ScopeSwitcher } from './ScopeSwitcher';
import { useViewer } from './viewer';

/** Checks the organisation in the URL exists for this viewer and lists the deployments they may enter. */
export const AppShellScopeQuery = graphql(`
  query AppShellScopeQuery($organisationId: ID!) {
    organisation(id: $organisationId) {
      id
      name
    }
    deployments(organisationId: $organisationId) {
      id
      name
      status
    }
  }
`);

const NAV_ICONS: Record<NavKey, Icon> = {
  deployments: IconLayoutGrid,
  patients: IconHeartbeat,
  staff: IconUsers,
  invitations: IconMailForward,
  roles: IconShieldLock,
  audit: IconClipboardList,
  admin: IconWorld,
  dashboard: IconChartBar,
};

type ScopeCheck =
  | { status: 'none' }
  | { status: 'loading' }
  | { status: 'not-found' }
  | { status: 'error'; error: unknown }
  | { status: 'ok'; state: ScopeState };

/** Resolves the URL's scope against the viewer and the API: unknown or forbidden scopes are "not found". */
function useScopeCheck(scope: CurrentScope | null): ScopeCheck {
  const viewer = useViewer();
  const enterable =
    scope !== null &&
    (scope.deploymentId
      ? canEnterDeployment(viewer, scope.organisationId, scope.deploymentId)
      : canEnterOrganisation(viewer, scope.organisationId));
  const { data, loading, error } = useQuery(
    AppShellScopeQuery,
    scope && enterable ? { variables: { organisationId: scope.organisationId } } : skipToken,
  );
  return useMemo((): ScopeCheck => {
    if (!scope) return { status: 'none' };
    if (!enterable) return { status: 'not-found' };
    if (data?.organisation.id === scope.organisationId) {
      const deployment = scope.deploymentId
        ? data.deployments.find((d) => d.id === scope.deploymentId)
        : null;
      if (scope.deploymentId && !deployment) return { status: 'not-found' };
      return {
        status: 'ok',
        state: {
          scope,
          organisation: data.organisation,
          deployment: deployment ?? null,
          deployments: data.deployments,
        },
      };
    }
    if (error)
      return errorCodeOf(error) === 'NOT_FOUND'
        ? { status: 'not-found' }
        : { status: 'error', error };
    if (loading || !data) return { status: 'loading' };
    return { status: 'not-found' };
  }, [scope, enterable, data, loading, error]);
}

function isActive(pathname: string, key: NavKey, to: string): boolean {
  return key === 'deployments' ? pathname === to : pathname === to || pathname.startsWith(`${to}/`);
}

/** The signed-in frame: header (wordmark, scope switcher, account menu), the navbar, and the page. */
export function AppLayout() {
  const viewer = useViewer();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const [inviting, invite] = useDisclosure(false);
  const [invitingPatients, invitePatients] = useDisclosure(false);
  const scope = useMemo(() => scopeFromPath(location.pathname), [location.pathname]);
  const check = useScopeCheck(scope);
  const current = check.status === 'ok' ? check.state : null;
  const nav = navigationFor(
    viewer,
    check.status === 'not-found' || check.status === 'error' ? null : scope,
  );
  // One switcher: in the header on wide screens, at the top of the (burger) navbar otherwise.
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });

  useEffect(close, [location.pathname, close]);
  const { close: closeInvite } = invite;
  const { close: closeInvitePatients } = invitePatients;
  useEffect(closeInvite, [location.pathname, closeInvite]);
  useEffect(closeInvitePatients, [location.pathname, closeInvitePatients]);
  const openInvite = current && canInviteStaff(viewer, current.scope) ? invite.open : null;
  const openInvitePatients =
    current?.deployment && canInvitePatients(viewer, current.scope) ? invitePatients.open : null;

  let content: ReactNode;
  switch (check.status) {
    case 'none':
      content = <Outlet />;
      break;
    case 'loading':
      content = <LoadingRows />;
      break;
    case 'not-found':
      content = <NotFound />;
      break;
    case 'error':
      content = <ErrorAlert error={check.error} />;
      break;
    case 'ok':
      content = (
        <ScopeContext.Provider value={check.state}>
          <Outlet />
        </ScopeContext.Provider>
      );
  }

  return (
    <InviteStaffContext.Provider value={openInvite}>
      <InvitePatientsContext.Provider value={openInvitePatients}>
        <AppShell
          header={{ height: 64 }}
          navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
          padding={{ base: 'md', md: 'xl' }}
        >
          <AppShell.Header>
            <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
              <Group gap="lg" wrap="nowrap">
                <Burger
                  opened={opened}
                  onClick={toggle}
                  hiddenFrom="sm"
                  size="sm"
                  aria-label="Toggle navigation"
                />
                <Anchor component={Link} to="/" underline="never" aria-label="Porter, start page">
                  <Wordmark />
                </Anchor>
                {wide && <ScopeSwitcher current={current} />}
              </Group>
              <AccountMenu />
            </Group>
          </AppShell.Header>

          <AppShell.Navbar p="sm" aria-label="Main">
            {!wide && (
              <AppShell.Section mb="sm">
                <ScopeSwitcher current={current} vertical />
              </AppShell.Section>
            )}
            {current && (
              <Box px="sm" pt="xs" pb="sm">
                <Text size="xs" tt="uppercase" fw={600} c="dimmed" lts={0.4}>
                  {current.deployment ? 'Deployment' : 'Organisation'}
                </Text>
                <Text size="sm" fw={500} lineClamp={2}>
                  {current.deployment?.name ?? current.organisation.name}
                </Text>
              </Box>
            )}
            <AppShell.Section grow component={ScrollArea}>
              {nav.map((item) => {
                const ItemIcon = NAV_ICONS[item.key];
                return (
                  <NavLink
                    key={item.key}
                    component={Link}
                    to={item.to}
                    label={item.label}
                    leftSection={<ItemIcon size={18} stroke={1.6} aria-hidden />}
                    active={isActive(location.pathname, item.key, item.to)}
                    variant="light"
                    mb={2}
                    style={{ borderRadius: 'var(--mantine-radius-md)' }}
                  />
                );
              })}
            </AppShell.Section>
          </AppShell.Navbar>

          <AppShell.Main bg="gray.0">
            <Container size="xl" px={0}>
              {content}
            </Container>
          </AppShell.Main>
        </AppShell>
        {current && (
          <InviteStaffModal
            opened={inviting && openInvite !== null}
            onClose={invite.close}
            scope={current}
          />
        )}
        {current?.deployment && (
          <InvitePatientsModal
            opened={invitingPatients && openInvitePatients !== null}
            onClose={invitePatients.close}
            scope={current}
          />
        )}
      </InvitePatientsContext.Provider>
    </InviteStaffContext.Provider>
  );
}
