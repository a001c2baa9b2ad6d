import { useQuery } from '@apollo/client/react';
import {
  Anchor,
  Badge,
  Box,
  Button,
  Center,
  Collapse,
  Container,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowLeft, IconInbox } from '@tabler/icons-react';
import { CHANNEL_INFO, isChannel } from '@porter/shared';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { DevOutboxPageQueryQuery } from '../../gql/graphql';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { errorCodeOf } from '../../ui/errors';
import { formatDateTime, formatRelative } from '../../ui/format';
import { Wordmark } from '../../ui/Wordmark';
import { linkify } from './linkify';

export const DevOutboxPageQuery = graphql(`
  query DevOutboxPageQuery($first: Int!) {
    devOutbox(first: $first) {
      id
      channel
      to
      subject
      text
      html
      createdAt
    }
  }
`);

export const OUTBOX_SIZE = 50;
export const OUTBOX_POLL_MS = 2000;

type OutboxMessage = DevOutboxPageQueryQuery['devOutbox'][number];

/**
 * `/dev/outbox`, public: the emails and texts a development server kept instead of sending, newest
 * first, refreshed every two seconds. Links in a message work, so invitations can be followed.
 */
export function DevOutboxPage() {
  const { data, loading, error } = useQuery(DevOutboxPageQuery, {
    variables: { first: OUTBOX_SIZE },
    pollInterval: OUTBOX_POLL_MS,
  });
  const off = errorCodeOf(error) === 'NOT_FOUND';

  let content;
  if (off) {
    content = (
      <EmptyState
        title="The development outbox is off on this server."
        description="Messages are sent for real here."
      />
    );
  } else if (data) {
    content =
      data.devOutbox.length === 0 ? (
        <EmptyState
          icon={<IconInbox size={26} stroke={1.5} />}
          title="No messages yet."
          description="Invite someone by email or text message; what would have been sent shows up here."
        />
      ) : (
        <Stack gap="md">
          {data.devOutbox.map((message) => (
            <OutboxEntry key={message.id} message={message} />
          ))}
        </Stack>
      );
  } else if (error) {
    content = <ErrorAlert error={error} />;
  } else if (loading) {
    content = (
      <Center py="xl">
        <Loader aria-label="Loading messages" />
      </Center>
    );
  }

  return (
    <Box mih="100vh" bg="gray.0" py="xl" px="md">
      <Container size="md" px={0}>
        <Group justify="space-between" mb="lg">
          <Anchor component={Link} to="/" underline="never" aria-label="Porter, start page">
            <Wordmark />
          </Anchor>
          <Button
            component={Link}
            to="/"
            variant="subtle"
            size="xs"
            leftSection={<IconArrowLeft size={14} aria-hidden />}
          >
            Back to Porter
          </Button>
        </Group>
        <Stack gap={4} mb="lg">
          <Title order={1} fz={26}>
            Development outbox
          </Title>
          <Text c="dimmed" size="sm">
            Messages the server kept instead of sending (no SMTP or Twilio configured).
          </Text>
        </Stack>
        {content}
      </Container>
    </Box>
  );
}

function OutboxEntry({ message }: { message: OutboxMessage }) {
  const [showHtml, html] = useDisclosure(false);
  const channel = isChannel(message.channel) ? CHANNEL_INFO[message.channel] : null;
  const title = message.subject ?? `${channel?.messageNoun ?? 'Message'} to ${message.to}`;
  return (
    <Paper component="article" withBorder radius="md" p="md" aria-label={title}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Text fw={600}>{title}</Text>
            <Text size="sm">
              <Text span c="dimmed">
                To:{' '}
              </Text>
              {message.to}
            </Text>
            {message.subject && (
              <Text size="sm">
                <Text span c="dimmed">
                  Subject:{' '}
                </Text>
                {message.subject}
              </Text>
            )}
          </Stack>
          <Stack gap={4} align="flex-end">
            <Badge color={channel?.address === 'mobile' ? 'grape' : 'blue'} tt="none">
              {channel?.label ?? message.channel}
            </Badge>
            <Text size="xs" c="dimmed" title={formatDateTime(message.createdAt)}>
              <time dateTime={message.createdAt}>{formatRelative(message.createdAt)}</time>
            </Text>
          </Stack>
        </Group>
        <Text
          size="sm"
          component="div"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          bg="gray.0"
          p="sm"
        >
          {linkify(message.text)}
        </Text>
        {message.html && (
          <>
            <Group>
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={html.toggle}
                aria-expanded={showHtml}
              >
                {showHtml ? 'Hide the HTML version' : 'Show the HTML version'}
              </Button>
            </Group>
            <Collapse expanded={showHtml}>
              {showHtml && (
                <iframe
                  title={`HTML version of ${title}`}
                  sandbox=""
                  srcDoc={message.html}
                  style={{
                    width: '100%',
                    height: 520,
                    border: '1px solid var(--mantine-color-gray-3)',
                    borderRadius: 8,
                    background: 'white',
                  }}
                />
              )}
            </Collapse>
          </>
        )}
      </Stack>
    </Paper>
  );
}
