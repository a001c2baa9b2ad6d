import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, signIn, useApp } from './support.js';

const app = useApp();

async function openStaff(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Staff', exact: true }).click();
  await page.waitForURL(/\/staff$/);
  await page.getByText('staff@riverside.example', { exact: true }).waitFor();
}

describe('managing staff', () => {
  // Runs first: the next test changes Oscar Orgstaff's role.
  it('shows Organisation Staff the list without any management control', async () => {
    const page = await app.newPage();
    await signIn(page, app.url, 'orgstaff@riverside.example');
    await page.waitForURL(/\/o\/[^/]+$/);
    await page.getByRole('navigation').getByRole('link', { name: 'Staff', exact: true }).click();
    await page.getByText('admin@riverside.example').waitFor();
    expect(await page.getByRole('combobox', { name: /^Role of / }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Actions for / }).count()).toBe(0);
    await page.close();
  });

  it('lets an Access Controller change one role and remove someone, and shows both in the audit log', async () => {
    const page = await app.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, app.url, 'access@riverside.example');
    await page.waitForURL(/\/o\/[^/]+$/);
    await openStaff(page);

    // Organisation Staff → Access Controller, from the inline dropdown.
    await page.getByRole('combobox', { name: 'Role of Oscar Orgstaff' }).click();
    await page.getByRole('option', { name: 'Access Controller', exact: true }).click();
    await page.getByText('Oscar Orgstaff is now Access Controller.').waitFor();

    // An Admin's role is beyond an Access Controller: no control on that row.
    expect(await page.getByRole('combobox', { name: 'Role of Ada Admin' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Actions for Ada Admin' }).count()).toBe(0);

    // Remove Deployment Staff, after confirming.
    await page.getByRole('button', { name: 'Actions for Dana Deployment' }).click();
    await page.getByRole('menuitem', { name: 'Remove from team' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove Dana Deployment from the team?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByText('staff@riverside.example', { exact: true }).waitFor({ state: 'detached' });
    await screenshot(page, 'staff-access-controller');

    await page.getByRole('navigation').getByRole('link', { name: 'Audit', exact: true }).click();
    await page.getByText('Organisation Staff → Access Controller').waitFor();
    await page.getByText('Removed Deployment Staff').waitFor();
    await screenshot(page, 'audit-after-changes');
    await page.close();
  });

  it('gives a Contributor no way into staff management', async () => {
    const page = await app.newPage();
    await signIn(page, app.url, 'contributor@riverside.example');
    await page.waitForURL(/\/patients$/);
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: 'Staff', exact: true }).count()).toBe(0);
    // Typing the address gets no further: the page says so and shows no controls.
    await page.goto(page.url().replace(/\/patients$/, '/staff'));
    await page
      .getByText(/permission|not found/i)
      .first()
      .waitFor();
    expect(await page.getByRole('combobox', { name: /^Role of / }).count()).toBe(0);
    await page.close();
  });
});
