import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { pageInfo } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import { AUDIT_PAGE_SIZE, AuditLog, AuditPageQuery } from './AuditLog';

function auditMock(action: string | null, nodes: { id: string; action: string; actorEmail: string }[]) {
  return {
    request: {
      query: AuditPageQuery,
      variables: { organisationId: null, deploymentId: null, action, actor: null, first: AUDIT_PAGE_SIZE },
    },
    result: {
      data: {
        auditEvents: {
          __typename: 'AuditEventConnection' as const,
          edges: nodes.map((n) => ({
            __typename: 'AuditEventEdge' as const,
            cursor: n.id,
            node: {
              __typename: 'AuditEvent' as const,
              occurredAt: '2026-03-01T10:15:00.000Z',
              targetType: 'User',
              targetId: 'u-1',
              targetLabel: 'Ada Admin',
              ip: '10.0.0.7',
              ...n,
            },
          })),
          pageInfo: pageInfo(null, false),
        },
      },
    },
  };
}

describe('AuditLog', () => {
  it('lists events and filters them by action on the server', async () => {
    const user = userEvent.setup();
    renderRoutes({
      path: '/',
      routes: [{ path: '/', element: <AuditLog /> }],
      mocks: [
        auditMock(null, [{ id: 'e1', action: 'sign-in.succeeded', actorEmail: 'admin@riverside.example' }]),
        auditMock('role.removed', []),
      ],
    });

    const table = await screen.findByRole('table', { name: 'Audit events' });
    const row = within(table).getByRole('row', { name: /sign-in\.succeeded/ });
    expect(row.textContent).toContain('admin@riverside.example');
    expect(row.textContent).toContain('10.0.0.7');

    await user.click(screen.getByRole('combobox', { name: 'Action' }));
    await user.click(await screen.findByRole('option', { name: 'Role removed' }));

    expect(await screen.findByText('No audit events match.')).toBeTruthy();
  });
});
