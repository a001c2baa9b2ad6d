import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderRoutes } from '../../test/render';
import { DevOutboxPageQuery, OUTBOX_SIZE } from './DevOutboxPage';
import { linkify } from './linkify';

function outboxMock(result: object) {
  return {
    request: { query: DevOutboxPageQuery, variables: { first: OUTBOX_SIZE } },
    result,
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

const LINK = 'http://127.0.0.1:4100/invitations/abc_DEF-123';

function message(
  id: string,
  to: string,
  text: string,
  subject: string | null = 'Ada Admin invited you to Riverside Health on Porter',
) {
  return {
    __typename: 'OutboxMessage' as const,
    id,
    channel: subject ? 'EMAIL' : 'SMS',
    to,
    subject,
    text,
    html: null,
    createdAt: new Date(Date.now() - 60_000).toISOString(),
  };
}

describe('DevOutboxPage', () => {
  it('lists the kept messages, newest first, with every URL as a link', async () => {
    renderRoutes({
      path: '/dev/outbox',
      mocks: [
        outboxMock({
          data: {
            devOutbox: [
              message(
                'm2',
                'nora@riverside.example',
                `Create your account: ${LINK}.\nOr visit https://porter.example/help (help).`,
              ),
              message('m1', '+447700900123', 'Your code is 123456', null),
            ],
          },
        }),
      ],
    });

    expect(await screen.findByRole('heading', { name: 'Development outbox' })).toBeTruthy();
    expect(
      screen.getByText(
        'Messages the server kept instead of sending (no SMTP or Twilio configured).',
      ),
    ).toBeTruthy();
    const articles = await screen.findAllByRole('article');
    expect(articles).toHaveLength(2);
    expect(articles[0]!.textContent).toContain('nora@riverside.example');
    expect(articles[0]!.textContent).toContain(
      'Ada Admin invited you to Riverside Health on Porter',
    );

    const invite = within(articles[0]!).getByRole('link', { name: LINK });
    expect(invite.getAttribute('href')).toBe(LINK);
    // The full stop and the bracket after a URL are not part of it.
    expect(
      within(articles[0]!)
        .getByRole('link', { name: 'https://porter.example/help' })
        .getAttribute('href'),
    ).toBe('https://porter.example/help');
    expect(articles[1]!.textContent).toContain('+447700900123');
    expect(within(articles[1]!).queryAllByRole('link')).toHaveLength(0);
  });

  it('says so when the server keeps no outbox', async () => {
    renderRoutes({
      path: '/dev/outbox',
      mocks: [
        outboxMock({
          errors: [{ message: 'Outbox not found', extensions: { code: 'NOT_FOUND' } }],
        }),
      ],
    });
    expect(await screen.findByText('The development outbox is off on this server.')).toBeTruthy();
    expect(screen.queryByRole('article')).toBeNull();
  });
});

describe('linkify', () => {
  it('keeps the text around links as it is', () => {
    const parts = linkify('See https://a.example/x?y=1, then http://b.example.');
    expect(parts.filter((p) => typeof p === 'string')).toEqual(['See ', ', then ', '.']);
    expect(parts).toHaveLength(5);
  });
});
