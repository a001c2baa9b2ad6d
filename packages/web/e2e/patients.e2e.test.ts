import { describe, expect, it } from 'vitest';
import { linkFromOutbox, screenshot, signIn, useApp } from './support.js';

const app = useApp();

describe('patients', () => {
  it('invites a patient by email, who activates from the link; staff then offboard and reactivate them', async () => {
    const staff = await app.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(staff, app.url, 'staff@riverside.example');
    await staff.waitForURL(/\/patients$/);
    await staff.getByRole('button', { name: 'Invite patients' }).click();
    const dialog = staff.getByRole('dialog', { name: 'Invite patients' });
    const emails = dialog.getByRole('textbox', { name: 'Email addresses' });
    await emails.fill('pat.patient@riverside.example');
    await emails.press('Enter');
    await dialog.getByRole('button', { name: 'Send invites' }).click();
    await dialog.getByText('Invited', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The patient shows as a pending invitation.
    await staff.getByRole('combobox', { name: 'Patient type' }).click();
    await staff.getByRole('option', { name: 'Pending invitations' }).click();
    await staff.getByText('pat.patient@riverside.example', { exact: true }).waitFor();

    const link = await linkFromOutbox(staff, app.url, 'pat.patient@riverside.example');
    const patient = await app.newPage();
    await patient.goto(link);
    await patient.getByRole('textbox', { name: 'Full name' }).fill('Pat Patient');
    await patient.getByLabel('Password', { exact: true }).fill('a very good password');
    await patient.getByRole('checkbox', { name: /I accept the terms/ }).check();
    await patient.getByRole('button', { name: 'Create account' }).click();
    await patient.getByText(/continue in the app/i).waitFor();
    await patient.close();

    await staff.goto(`${app.url}/`);
    await staff.waitForURL(/\/patients$/);
    await staff.getByRole('combobox', { name: 'Patient type' }).click();
    await staff.getByRole('option', { name: 'Active' }).click();
    await staff.getByText('pat.patient@riverside.example', { exact: true }).waitFor();

    await staff
      .getByRole('button', { name: /^Actions for / })
      .first()
      .click();
    await staff.getByRole('menuitem', { name: 'Stop monitoring patient' }).click();
    const offboard = staff.getByRole('dialog', { name: /^Stop monitoring/ });
    await offboard.getByRole('combobox', { name: 'Reason' }).click();
    await staff.getByRole('option', { name: 'Completed the programme' }).click();
    await offboard.getByRole('button', { name: 'Stop monitoring' }).click();
    await staff
      .getByText('pat.patient@riverside.example', { exact: true })
      .waitFor({ state: 'detached' });

    await staff.getByRole('combobox', { name: 'Patient type' }).click();
    await staff.getByRole('option', { name: 'Offboarded' }).click();
    await staff.getByText('pat.patient@riverside.example', { exact: true }).waitFor();
    await screenshot(staff, 'patients-offboarded');
    await staff
      .getByRole('button', { name: /^Actions for / })
      .first()
      .click();
    await staff.getByRole('menuitem', { name: 'Reactivate patient' }).click();
    await staff
      .getByRole('dialog', { name: /^Reactivate/ })
      .getByRole('button', { name: 'Reactivate' })
      .click();
    await staff
      .getByText('pat.patient@riverside.example', { exact: true })
      .waitFor({ state: 'detached' });
    expect(await staff.getByRole('button', { name: /^Actions for / }).count()).toBe(0);
    await staff.close();
  });
});
