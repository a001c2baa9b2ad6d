import { describe, expect, it } from 'vitest';
import { screenshot, signIn, useApp } from './support.js';

const app = useApp();

describe('signing in to the shell', () => {
  it('takes a deployment Admin to their patient list with the navigation their role allows', async () => {
    const page = await app.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, app.url, 'admin@riverside.example');
    await page.waitForURL(/\/o\/[^/]+\/d\/[^/]+\/patients/);
    const nav = page.getByRole('navigation');
    for (const name of ['Patients', 'Staff', 'Roles', 'Audit'])
      await expect(nav.getByRole('link', { name, exact: true }).isVisible()).resolves.toBe(true);
    expect(await nav.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);
    await expect(page.getByRole('button', { name: /Ada Admin/ }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'shell-admin');

    // The staff page shows real staff from the API.
    await nav.getByRole('link', { name: 'Staff', exact: true }).click();
    await page.getByText('staff@riverside.example', { exact: true }).waitFor();
    await page.close();
  });

  it('shows a Contributor no staff, roles or audit sections', async () => {
    const page = await app.newPage();
    await signIn(page, app.url, 'contributor@riverside.example');
    await page.waitForURL(/\/patients/);
    const nav = page.getByRole('navigation');
    await expect(
      nav.getByRole('link', { name: 'Patients', exact: true }).isVisible(),
    ).resolves.toBe(true);
    for (const name of ['Staff', 'Roles', 'Audit', 'Admin'])
      expect(await nav.getByRole('link', { name, exact: true }).count(), name).toBe(0);
    await page.close();
  });

  it('lands an Organisation Owner on the organisation home, and signs out', async () => {
    const page = await app.newPage();
    await signIn(page, app.url, 'owner@riverside.example');
    await page.waitForURL(/\/o\/[^/]+$/);
    await page.getByText('Diabetes remote monitoring').first().waitFor();
    await page.getByRole('button', { name: /Olivia Owner/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    // The session is gone on the server too: reloading stays on the sign-in page.
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/sign-in/);
    await page.close();
  });

  it('refuses a wrong password with the shared message', async () => {
    const page = await app.newPage();
    await page.goto(`${app.url}/sign-in`);
    await page.getByLabel('Email', { exact: true }).fill('admin@riverside.example');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('The email or password is not right.').waitFor();
    await page.close();
  });
});
