import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { Navigate } from 'react-router';
import { Wordmark } from '../ui/Wordmark';
import { landingPath } from './access';
import { useSignOut } from './session';
import { useViewer } from './viewer';

/** `/`: sends the viewer to their landing page, or, for accounts without staff access (patients,
 * and staff not yet given a role), says the account is ready and where to go next. */
export function Landing() {
  const viewer = useViewer();
  const path = landingPath(viewer);
  if (path) return <Navigate to={path} replace />;
  return <NoAccess />;
}

function NoAccess() {
  const viewer = useViewer();
  const signOut = useSignOut();
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="xs" p="xl" radius="lg" maw={480} w="100%">
        <Stack gap="md">
          <Wordmark />
          <Title order={1} fz={24}>
            Your account is ready
          </Title>
          <Text>
            If you are a patient, continue in the app. If you work here, ask your administrator for
            access.
          </Text>
          <Text c="dimmed" size="sm">
            You are signed in as <strong>{viewer.email ?? viewer.mobile}</strong>. Staff: once an
            administrator has given you a role, sign in again.
          </Text>
          <Button
            leftSection={<IconLogout size={18} />}
            variant="default"
            onClick={() => void signOut()}
          >
            Sign out
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
