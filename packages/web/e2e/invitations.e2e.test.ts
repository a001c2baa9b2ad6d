import { describe, expect, it } from 'vitest';
import { linkFromOutbox, screenshot, signIn, useApp } from './support.js';

const app = useApp();

describe('staff invitations', () => {
  it('lets an Admin invite two colleagues; one joins from the emailed link, the other is revoked', async () => {
    const admin = await app.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(admin, app.url, 'admin@riverside.example');
    await admin.waitForURL(/\/patients$/);
    await admin.getByRole('navigation').getByRole('link', { name: 'Staff', exact: true }).click();
    await admin.getByRole('button', { name: 'Invite staff' }).click();

    const dialog = admin.getByRole('dialog', { name: 'Invite staff members' });
    const emails = dialog.getByRole('textbox', { name: 'Email addresses' });
    await emails.fill('nora.nurse@riverside.example');
    await emails.press('Enter');
    await emails.fill('tom.temp@riverside.example');
    await emails.press('Enter');
    await dialog.getByRole('combobox', { name: 'Role' }).click();
    await admin.getByRole('option', { name: 'Deployment Staff', exact: true }).click();
    await dialog.getByRole('button', { name: 'Review' }).click();
    await dialog.getByText('Send 2 staff member invites?').waitFor();
    await dialog.getByRole('button', { name: 'Send invites' }).click();
    await dialog.getByText('nora.nurse@riverside.example').waitFor();
    expect(await dialog.getByText('Invited', { exact: true }).count()).toBe(2);
    await screenshot(admin, 'invite-summary');
    await dialog.getByRole('button', { name: 'Done' }).click();

    // Nora follows the link from her email, creates her account and is signed in.
    const link = await linkFromOutbox(admin, app.url, 'nora.nurse@riverside.example');
    const nora = await app.newPage();
    await nora.goto(link);
    await nora.getByText('Diabetes remote monitoring').first().waitFor();
    await nora.getByRole('textbox', { name: 'Full name' }).fill('Nora Nurse');
    await nora.getByLabel('Password', { exact: true }).fill('a very good password');
    await nora.getByRole('checkbox', { name: /I accept the terms/ }).check();
    await nora.getByRole('button', { name: 'Create account' }).click();
    await nora.waitForURL(/\/patients$/);
    await expect(nora.getByRole('button', { name: /Nora Nurse/ }).isVisible()).resolves.toBe(true);
    await screenshot(nora, 'invite-accepted');

    // Tom's invitation is revoked from the pending list; his link then says so.
    const tomLink = await linkFromOutbox(admin, app.url, 'tom.temp@riverside.example');
    await admin.goto(`${app.url}/`);
    await admin.waitForURL(/\/patients$/);
    await admin
      .getByRole('navigation')
      .getByRole('link', { name: 'Invitations', exact: true })
      .click();
    await admin.getByText('tom.temp@riverside.example').waitFor();
    expect(await admin.getByText('nora.nurse@riverside.example').count()).toBe(0);
    await admin.getByRole('button', { name: 'Actions for tom.temp@riverside.example' }).click();
    await admin.getByRole('menuitem', { name: 'Revoke' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
    await admin.getByText('tom.temp@riverside.example').waitFor({ state: 'detached' });

    const tom = await app.newPage();
    await tom.goto(tomLink);
    await tom.getByRole('heading', { name: /revoked/i }).waitFor();
    await screenshot(tom, 'invite-revoked');
    for (const page of [admin, nora, tom]) await page.close();
  });
});
