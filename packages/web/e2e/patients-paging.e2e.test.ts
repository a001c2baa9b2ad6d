import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, signIn, useApp } from './support.js';

const app = useApp();

const INVITED = 121;
const emails = Array.from(
  { length: INVITED },
  (_, i) => `paged.patient.${String(i).padStart(3, '0')}@riverside.example`,
);

/** Calls the API from the signed-in page, with its session cookie. */
async function graphql<T>(
  page: Page,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const body = await page.evaluate(
    async ({ query, variables }) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: unknown; errors?: unknown };
    },
    { query, variables },
  );
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

/** How many patients of `type` the server lists, paging 50 at a time as the SPA does. */
async function countOnServer(
  page: Page,
  organisationId: string,
  deploymentId: string,
  type: string,
): Promise<number> {
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const data: {
      patients: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    } = await graphql(
      page,
      `
        query ($o: ID!, $d: ID!, $t: PatientType!, $after: String) {
          patients(organisationId: $o, deploymentId: $d, type: $t, first: 50, after: $after) {
            edges {
              cursor
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      `,
      { o: organisationId, d: deploymentId, t: type, after },
    );
    count += data.patients.edges.length;
    if (!data.patients.pageInfo.hasNextPage) return count;
    after = data.patients.pageInfo.endCursor;
  }
}

/** Clicks "Load more" until it is gone, checking that each click adds a page of rows. */
async function loadEverything(page: Page, table: string, expected: number): Promise<void> {
  const rows = page.getByRole('table', { name: table }).locator('tbody tr');
  await rows.first().waitFor();
  expect(await rows.count()).toBe(50);
  for (let shown = 50; shown < expected;) {
    await page.getByRole('button', { name: 'Load more' }).click();
    const next = Math.min(shown + 50, expected);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(next);
    shown = next;
  }
  await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });
  expect(await rows.count()).toBe(expected);
}

describe('paging the patient lists', () => {
  it('"Load more" adds rows to Patients and to pending invitations until every one of over 100 patients shows, and select-all takes them all', async () => {
    const admin = await app.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(admin, app.url, 'admin@riverside.example');
    await admin.waitForURL(/\/o\/[^/]+\/d\/[^/]+\/patients$/);
    const [, organisationId, deploymentId] = /\/o\/([^/]+)\/d\/([^/]+)\/patients$/.exec(
      admin.url(),
    )!;

    const invited = await graphql<{ invitePatientsByEmail: { results: { outcome: string }[] } }>(
      admin,
      `
        mutation ($input: InvitePatientsInput!) {
          invitePatientsByEmail(input: $input) {
            results {
              outcome
            }
          }
        }
      `,
      { input: { organisationId, deploymentId, emails } },
    );
    expect(
      invited.invitePatientsByEmail.results.filter((r) => r.outcome === 'INVITED'),
    ).toHaveLength(INVITED);
    const all = await countOnServer(admin, organisationId!, deploymentId!, 'ALL');
    const pending = await countOnServer(admin, organisationId!, deploymentId!, 'PENDING');
    expect(all).toBeGreaterThan(100);
    expect(pending).toBeGreaterThan(100);

    await admin.reload();
    await loadEverything(admin, 'Patients of Diabetes remote monitoring', all);
    for (const email of [emails[0]!, emails[60]!, emails[INVITED - 1]!]) {
      await admin
        .getByRole('table', { name: 'Patients of Diabetes remote monitoring' })
        .getByText(email, { exact: true })
        .waitFor();
    }
    await screenshot(admin, 'patients-paged');

    await admin.getByRole('button', { name: 'Pending invitations' }).click();
    await loadEverything(admin, 'Pending invitations of Diabetes remote monitoring', pending);
    await admin.getByRole('checkbox', { name: 'Select all' }).check();
    await admin
      .getByRole('toolbar', { name: 'Selected invitations' })
      .getByText(`${pending} selected`, { exact: true })
      .waitFor();
    await admin.close();
  });
});
