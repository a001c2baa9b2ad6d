import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { Navigate } from 'react-router';
import { Wordmark } from '../ui/Wordmark';
import { landingPath } from './access';
import { useSignOut } from './session';
import { useViewer } from './viewer';

/** `/`: sends the viewer to their landing page, or explains that nobody has given them access yet. */
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
            You have no access yet
          </Title>
          <Text>
            You are signed in as <strong>{viewer.email}</strong>, but no organisation or deployment has given you a
            role yet.
          </Text>
          <Text c="dimmed" size="sm">
            Ask the person who invited you, or an administrator of your organisation, to add you. Once they have, sign
            in again.
          </Text>
          <Button leftSection={<IconLogout size={18} />} variant="default" onClick={() => void signOut()}>
            Sign out
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
