import { describe, expect, it } from 'vitest';
import { linkFromOutbox, screenshot, signIn, textFromOutbox, useApp } from './support.js';

const app = useApp();
const MOBILE = '+447911123456';

describe('patients invited by text message', () => {
  it('Admin previews and sends an SMS invitation; the patient joins without a password and later signs in with a texted code', async () => {
    const admin = await app.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(admin, app.url, 'admin@riverside.example');
    await admin.waitForURL(/\/patients$/);
    await admin.getByRole('button', { name: 'Invite patients' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Invite patients' });
    await dialog.getByRole('tab', { name: 'SMS' }).click();
    await dialog.getByRole('textbox', { name: 'First name' }).fill('Sam');
    await dialog.getByRole('textbox', { name: 'Last name' }).fill('Smith');
    await dialog.getByRole('textbox', { name: /Mobile number/ }).fill('07911 123456');
    await dialog.getByRole('button', { name: 'Preview text message' }).click();

    const preview = dialog.getByRole('region', { name: 'Text message preview' });
    await preview.getByText('To +44 7911 123456').waitFor();
    const text = (await preview.getByTestId('sms-text').textContent()) ?? '';
    expect(text).toContain(
      'Hi Sam, Riverside Health invited you to join Diabetes remote monitoring.',
    );
    expect(text).toContain(`${app.url}/invitations/…`);
    await screenshot(admin, 'patient-sms-preview');

    await dialog.getByRole('button', { name: 'Send text message' }).click();
    await dialog.getByRole('status').getByText('Invited', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The text carries the personal link where the preview showed "…".
    const link = await linkFromOutbox(admin, app.url, MOBILE);
    expect(link).toMatch(new RegExp(`^${app.url}/invitations/[A-Za-z0-9_-]{43}$`));
    await admin.close();

    const patient = await app.newPage({ viewport: { width: 420, height: 860 } });
    await patient.goto(link);
    await patient.getByRole('heading', { name: 'Join Diabetes remote monitoring' }).waitFor();
    expect(await patient.getByRole('textbox', { name: 'First name' }).inputValue()).toBe('Sam');
    expect(await patient.getByRole('textbox', { name: 'Last name' }).inputValue()).toBe('Smith');
    expect(await patient.getByLabel('Password').count()).toBe(0);
    await patient.getByRole('checkbox', { name: /I accept the terms/ }).check();
    await patient.getByRole('button', { name: 'Accept and join' }).click();
    await patient.getByRole('heading', { name: 'Your account is ready' }).waitFor();
    await patient.getByText(MOBILE).waitFor();
    await screenshot(patient, 'patient-sms-joined');

    await patient.getByRole('button', { name: 'Sign out' }).click();
    await patient.waitForURL(/\/sign-in/);
    await patient.getByRole('button', { name: 'Sign in with a text message instead' }).click();
    await patient.getByRole('textbox', { name: 'Mobile number' }).fill('07911 123456');
    await patient.getByRole('button', { name: 'Text me a code' }).click();
    await patient.getByText(/a six-digit code is on its way/).waitFor();
    const reader = await app.newPage();
    const code = await textFromOutbox(
      reader,
      app.url,
      MOBILE,
      /(\d{6}) is your Porter sign-in code/,
    );
    await reader.close();
    await patient.getByRole('textbox', { name: 'Code' }).fill(code);
    await patient.getByRole('button', { name: 'Sign in' }).click();
    await patient.getByRole('heading', { name: 'Your account is ready' }).waitFor();
    await patient.close();
  });
});
