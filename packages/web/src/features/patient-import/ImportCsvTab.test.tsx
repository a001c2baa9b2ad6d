import { MockedProvider } from '@apollo/client/testing/react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCache } from '../../app/apollo';
import type { ScopeState } from '../../app/scope-context';
import { theme } from '../../app/theme';
import { ImportCsvTab } from './ImportCsvTab';
import {
  PatientImportProgressQuery,
  PatientImportRefusedRowsQuery,
  RecentPatientImportsQuery,
} from './patient-import-api';

const forget = vi.hoisted(() => vi.fn());
vi.mock('../patients/patients-api', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  forgetPatientLists: forget,
}));

const SCOPE = {
  scope: { type: 'DEPLOYMENT', organisationId: 'org-1', deploymentId: 'dep-1' },
  organisation: { id: 'org-1', name: 'Riverside Health' },
  deployment: { id: 'dep-1', name: 'Diabetes remote monitoring' },
  deployments: [],
} as unknown as ScopeState;

function patientImport(id: string, overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'PatientImport' as const,
    id,
    status: 'RUNNING',
    fileName: 'patients.csv',
    totalRows: null,
    processedRows: 0,
    invitedCount: 0,
    refusedCount: 0,
    createdAt: '2026-01-05T09:00:00.000Z',
    finishedAt: null,
    error: null,
    reportUrl: `/api/patient-imports/${id}/report.csv`,
    createdBy: { __typename: 'Inviter' as const, id: 'u-1', fullName: 'Ada Admin' },
    ...overrides,
  };
}

const recentMock = (imports: ReturnType<typeof patientImport>[]) => ({
  request: {
    query: RecentPatientImportsQuery,
    variables: { organisationId: 'org-1', deploymentId: 'dep-1' },
  },
  result: { data: { patientImports: imports } },
  maxUsageCount: 5,
});

const progressMock = (
  overrides: Record<string, unknown>,
  outcomeCounts: { outcome: string; count: number }[] = [],
  maxUsageCount = 1,
) => ({
  request: { query: PatientImportProgressQuery, variables: { id: 'imp-1' } },
  result: {
    data: {
      patientImport: {
        ...patientImport('imp-1', overrides),
        outcomeCounts: outcomeCounts.map((c) => ({
          __typename: 'ImportOutcomeCount' as const,
          ...c,
        })),
      },
    },
  },
  maxUsageCount,
});

const row = (n: number, email: string, outcome: string, message: string) => ({
  __typename: 'PatientImportRow' as const,
  row: n,
  email,
  outcome,
  message,
});
const rowsMock = (
  after: string | null,
  rows: ReturnType<typeof row>[],
  hasNextPage: boolean,
  endCursor: string,
) => ({
  request: { query: PatientImportRefusedRowsQuery, variables: { id: 'imp-1', first: 50, after } },
  result: {
    data: {
      patientImport: {
        __typename: 'PatientImport' as const,
        id: 'imp-1',
        rows: {
          __typename: 'PatientImportRowConnection' as const,
          nodes: rows,
          pageInfo: { __typename: 'PageInfo' as const, hasNextPage, endCursor },
        },
      },
    },
  },
});

function renderTab(mocks: unknown[]) {
  const onClose = vi.fn();
  render(
    <MantineProvider theme={theme} env="test">
      <Notifications />
      <MockedProvider mocks={mocks as never[]} cache={createCache()}>
        <ImportCsvTab scope={SCOPE} onClose={onClose} />
      </MockedProvider>
    </MantineProvider>,
  );
  return { onClose };
}

const csvFile = () =>
  new File(['email,first name,last name\nann@example.org,Ann,Archer\n'], 'patients.csv', {
    type: 'text/csv',
  });

afterEach(() => {
  vi.unstubAllGlobals();
  forget.mockClear();
});

describe('ImportCsvTab', () => {
  it('uploads the file, shows progress, then the report of refused rows with a download link', async () => {
    const user = userEvent.setup();
    const fetchMock = vi.fn(async () => ({
      status: 202,
      json: async () => ({ importId: 'imp-1' }),
    }));
    vi.stubGlobal('fetch', fetchMock);
    renderTab([
      recentMock([
        patientImport('old-1', {
          status: 'DONE',
          fileName: 'last-week.csv',
          totalRows: 3,
          processedRows: 3,
          invitedCount: 2,
          refusedCount: 1,
        }),
      ]),
      progressMock({
        status: 'RUNNING',
        processedRows: 2000,
        invitedCount: 1990,
        refusedCount: 10,
      }),
      progressMock(
        {
          status: 'DONE',
          totalRows: 2051,
          processedRows: 2051,
          invitedCount: 1990,
          refusedCount: 61,
          finishedAt: '2026-01-05T09:00:09.000Z',
        },
        [
          { outcome: 'INVITED', count: 1990 },
          { outcome: 'INVALID', count: 60 },
          { outcome: 'FORMULA', count: 1 },
        ],
        5,
      ),
      rowsMock(
        null,
        [
          row(3, 'not-an-email', 'INVALID', 'Not a valid email address.'),
          row(7, 'cat@example.org', 'FORMULA', 'A cell starts with = + - or @.'),
        ],
        true,
        'c1',
      ),
      rowsMock('c1', [row(12, 'x@', 'INVALID', 'Not a valid email address.')], false, 'c2'),
    ]);

    // Recent imports keep earlier reports reachable.
    const recent = await screen.findByRole('table', { name: 'Recent imports' });
    expect(within(recent).getByText('last-week.csv')).toBeTruthy();
    expect(
      within(recent)
        .getByRole('link', { name: 'Download the report of last-week.csv' })
        .getAttribute('href'),
    ).toBe('/api/patient-imports/old-1/report.csv');

    const start = screen.getByRole('button', { name: 'Start import' });
    expect(start).toHaveProperty('disabled', true);
    const input = screen.getByLabelText('CSV file');
    expect(input.getAttribute('accept')).toBe('.csv,text/csv');
    const file = csvFile();
    await user.upload(input, file);
    await user.click(screen.getByRole('radio', { name: '48 hours' }));
    await user.click(start);

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(
      '/api/patient-imports?organisationId=org-1&deploymentId=dep-1&expiryHours=48&fileName=patients.csv',
    );
    expect(init).toMatchObject({
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'text/csv', 'x-porter-csrf': '1' },
    });
    expect(init.body).toBe(file);

    expect(await screen.findByText('2,000 rows processed')).toBeTruthy();
    expect(screen.getByText('1,990 invited · 10 not invited')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Import progress' })).toBeTruthy();

    // The next poll finds it done.
    expect(await screen.findByText('2,051 of 2,051 rows', {}, { timeout: 3000 })).toBeTruthy();
    const summary = screen.getByRole('table', { name: 'Rows per outcome' });
    expect(within(summary).getByText('Not a valid address')).toBeTruthy();
    expect(within(summary).getByText('60')).toBeTruthy();
    const refused = await screen.findByRole('table', { name: 'Rows not invited' });
    await waitFor(() => expect(within(refused).getByText('not-an-email')).toBeTruthy());
    expect(within(refused).getByText('Looks like a formula')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(refused).getByText('x@')).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

    const download = screen.getByRole('link', { name: 'Download report (CSV)' });
    expect(download.getAttribute('href')).toBe('/api/patient-imports/imp-1/report.csv');
    expect(download.hasAttribute('download')).toBe(true);
    // The patient list is asked again.
    expect(forget).toHaveBeenCalledTimes(1);
  });

  it('shows why an upload was refused', async () => {
    const user = userEvent.setup();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => ({
        status: 413,
        json: async () => ({ code: 'IMPORT_TOO_LARGE', message: 'too large' }),
      })),
    );
    renderTab([recentMock([])]);
    await user.upload(screen.getByLabelText('CSV file'), csvFile());
    await user.click(screen.getByRole('button', { name: 'Start import' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'The file is too large. Split it into files of at most 100,000 rows.',
    );
    expect(screen.getByRole('button', { name: 'Start import' })).toHaveProperty('disabled', false);
  });

  it('shows a failed import with its reason', async () => {
    const user = userEvent.setup();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => ({ status: 202, json: async () => ({ importId: 'imp-1' }) })),
    );
    renderTab([
      recentMock([]),
      progressMock({ status: 'FAILED', error: 'The file has no rows.', totalRows: 0 }, [], 5),
    ]);
    await user.upload(screen.getByLabelText('CSV file'), csvFile());
    await user.click(screen.getByRole('button', { name: 'Start import' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The file has no rows.');
    expect(forget).not.toHaveBeenCalled();
  });
});
