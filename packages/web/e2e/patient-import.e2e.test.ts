import { describe, expect, it } from 'vitest';
import { linkFromOutbox, screenshot, signIn, useApp } from './support.js';

const app = useApp();

// Two good rows, then one of each kind of bad row; the header is recognised and skipped.
const CSV = [
  'Email,First name,Last name',
  'grace.hopper@example.org,Grace,Hopper',
  'alan.turing@example.org,Alan,Turing',
  'not-an-address,Nobody,Here',
  'GRACE.HOPPER@example.org,Grace,Again',
  '=HYPERLINK("http://evil.example"),Evil,Cell',
  ',Missing,Email',
].join('\r\n');

describe('inviting patients from a CSV file', () => {
  it('Admin uploads a file with good and bad rows, sees the per-row report, downloads it, and the invited patients get their emails', async () => {
    const admin = await app.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(admin, app.url, 'admin@riverside.example');
    await admin.waitForURL(/\/patients$/);
    await admin.getByRole('button', { name: 'Invite patients' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Invite patients' });
    await dialog.getByRole('tab', { name: 'CSV file' }).click();
    const panel = dialog.getByRole('tabpanel', { name: 'CSV file' });
    await panel
      .locator('input[type=file]')
      .setInputFiles({ name: 'clinic-list.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await dialog.getByRole('button', { name: 'Start import' }).click();

    // The worker picks the import up; the dialog polls until it is done.
    await dialog.getByText('2 invited · 4 not invited').waitFor({ timeout: 30_000 });
    const outcomes = dialog.getByRole('table', { name: 'Rows per outcome' });
    // The counts can show (while the import finishes) a poll before the outcome table does.
    await outcomes.getByRole('row', { name: /Invited 2/ }).waitFor();
    await expect(outcomes.getByRole('row', { name: /Invited 2/ }).count()).resolves.toBe(1);
    const refused = dialog.getByRole('table', { name: 'Rows not invited' });
    await refused.getByRole('row', { name: /not-an-address/ }).waitFor();
    // File rows count the header as row 1, as a spreadsheet does.
    expect(
      await refused.getByRole('row', { name: /^4 not-an-address Not a valid address/ }).count(),
    ).toBe(1);
    expect(
      await refused
        .getByRole('row', { name: /^5 GRACE\.HOPPER@example\.org Repeated in the file/i })
        .count(),
    ).toBe(1);
    expect(await refused.getByRole('row', { name: /^6 .*Looks like a formula/ }).count()).toBe(1);
    expect(await refused.getByRole('row', { name: /^7 .*No email address/ }).count()).toBe(1);
    await screenshot(admin, 'patient-import-report');

    // The report downloads as CSV with the session cookie, formula cells neutralised.
    const href = await dialog
      .getByRole('link', { name: /Download/ })
      .first()
      .getAttribute('href');
    expect(href).toMatch(/^\/api\/patient-imports\/[0-9a-f-]{36}\/report\.csv$/);
    const report = await admin.request.get(`${app.url}${href}`);
    expect(report.status()).toBe(200);
    expect(report.headers()['content-type']).toContain('text/csv');
    const text = await report.text();
    expect(text).toContain('grace.hopper@example.org');
    expect(text).toMatch(/alan\.turing@example\.org.*INVITED|alan\.turing@example\.org.*Invited/);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    // Someone else's browser without the session cannot fetch it.
    const stranger = await app.newPage();
    expect((await stranger.request.get(`${app.url}${href}`)).status()).toBe(401);
    await stranger.close();

    await dialog.getByRole('button', { name: 'Done' }).click();
    // The invited patients are pending, and their emails went out with personal links.
    await admin.getByRole('button', { name: 'Pending invitations' }).click();
    await admin.getByRole('row', { name: /alan\.turing@example\.org/ }).waitFor();
    const link = await linkFromOutbox(admin, app.url, 'alan.turing@example.org');
    expect(link).toMatch(new RegExp(`^${app.url}/invitations/[A-Za-z0-9_-]{43}$`));
    await admin.close();
  });
});
