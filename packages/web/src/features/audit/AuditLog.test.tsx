import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { pageInfo } from '../../test/mocks';
import { renderRoutes } from '../../test/render';
import { auditDetails } from './actions';
import { AUDIT_PAGE_SIZE, AuditLog, AuditPageQuery } from './AuditLog';

interface TestEvent {
  id: string;
  action: string;
  actorEmail: string;
  targetType?: string;
  targetLabel?: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

function auditMock(action: string | null, nodes: TestEvent[]) {
  return {
    request: {
      query: AuditPageQuery,
      variables: {
        organisationId: null,
        deploymentId: null,
        action,
        actor: null,
        first: AUDIT_PAGE_SIZE,
      },
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
              targetLabel: 'ada@riverside.example',
              ip: '10.0.0.7',
              before: null,
              after: null,
              ...n,
            },
          })),
          pageInfo: pageInfo(null, false),
        },
      },
    },
  };
}

function renderLog(mocks: ReturnType<typeof auditMock>[]) {
  renderRoutes({ path: '/', routes: [{ path: '/', element: <AuditLog /> }], mocks });
  return screen.findByRole('table', { name: 'Audit events' });
}

describe('AuditLog', () => {
  it('lists events with readable action names and filters them by the API’s action on the server', async () => {
    const user = userEvent.setup();
    const table = await renderLog([
      auditMock(null, [
        { id: 'e1', action: 'sign-in.succeeded', actorEmail: 'admin@riverside.example' },
      ]),
      auditMock('role.removed', []),
    ]);

    const row = within(table).getByRole('row', { name: /Sign-in/ });
    expect(row.textContent).toContain('admin@riverside.example');
    expect(row.textContent).toContain('10.0.0.7');
    expect(row.textContent).not.toContain('sign-in.succeeded');

    await user.click(screen.getByRole('combobox', { name: 'Action' }));
    await user.click(await screen.findByRole('option', { name: 'Removed from team' }));

    expect(await screen.findByText('No audit events match.')).toBeTruthy();
  });

  it('says what a role event changed', async () => {
    const table = await renderLog([
      auditMock(null, [
        {
          id: 'e1',
          action: 'role.changed',
          actorEmail: 'access@riverside.example',
          before: { role: 'Deployment Staff', roleId: 'r1' },
          after: { role: 'Contributor', roleId: 'r2' },
        },
        {
          id: 'e2',
          action: 'role.removed',
          actorEmail: 'access@riverside.example',
          before: { role: 'Admin', roleId: 'r3' },
        },
        {
          id: 'e3',
          action: 'role.updated',
          actorEmail: 'access@riverside.example',
          targetType: 'Role',
          targetLabel: 'Care coordinator',
          before: {
            name: 'Care coordinator',
            description: '',
            permissions: ['patient:view', 'patient:export'],
            scopes: [],
          },
          after: {
            name: 'Care coordinator',
            description: '',
            permissions: ['patient:view', 'patient:contact'],
            scopes: [],
          },
        },
        { id: 'e4', action: 'sign-out', actorEmail: 'access@riverside.example' },
      ]),
    ]);

    const changed = within(table).getByRole('row', { name: /Role changed/ });
    expect(within(changed).getByText('Deployment Staff → Contributor')).toBeTruthy();
    const removed = within(table).getByRole('row', { name: /Removed from team/ });
    expect(within(removed).getByText('Removed Admin')).toBeTruthy();
    const updated = within(table).getByRole('row', { name: /Role updated/ });
    expect(
      within(updated).getByText(
        'Care coordinator: added Contact patient; removed Export patient data',
      ),
    ).toBeTruthy();
    const signOut = within(table).getByRole('row', { name: /Sign-out/ });
    expect(signOut.textContent).not.toContain('→');
  });
});

describe('auditDetails', () => {
  it('names created, renamed and deleted roles, and leaves other events alone', () => {
    expect(
      auditDetails({
        action: 'role.created',
        after: { name: 'Reviewer', permissions: ['patient:view'] },
      }),
    ).toBe('Reviewer');
    expect(auditDetails({ action: 'role.deleted', before: { name: 'Reviewer' } })).toBe('Reviewer');
    expect(
      auditDetails({
        action: 'role.updated',
        before: { name: 'Reviewer', permissions: ['patient:view'] },
        after: { name: 'Auditor', permissions: ['patient:view'] },
      }),
    ).toBe('Auditor: renamed from Reviewer');
    expect(
      auditDetails({ action: 'sign-in.failed', after: { reason: 'wrong-password' } }),
    ).toBeNull();
  });
});
