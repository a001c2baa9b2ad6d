import { describe, expect, it } from 'vitest';
import { linkFromOutbox, screenshot, signIn, useApp } from './support.js';

const app = useApp();

describe('patients', () => {
  it('revokes a pending invitation: the patient leaves the list and the link says withdrawn', async () => {
    for (const [name, viewport] of [
      ['desktop', { width: 1366, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      const address = `revoked.${name}@riverside.example`;
      const staff = await app.newPage({ viewport });
      await signIn(staff, app.url, 'staff@riverside.example');
      await staff.waitForURL(/\/patients$/);
      await staff.getByRole('button', { name: 'Invite patients' }).click();
      const dialog = staff.getByRole('dialog', { name: 'Invite patients' });
      const emails = dialog.getByRole('textbox', { name: 'Email addresses' });
      await emails.fill(address);
      await emails.press('Enter');
      await dialog.getByRole('button', { name: 'Send invites' }).click();
      await dialog.getByText('Invited', { exact: true }).waitFor();
      await dialog.getByRole('button', { name: 'Done' }).click();
      const link = await linkFromOutbox(staff, app.url, address);

      await staff.goto(`${app.url}/`);
      await staff.waitForURL(/\/patients$/);
      await staff.getByText(address, { exact: true }).first().waitFor();
      await staff.getByRole('button', { name: `Actions for ${address}` }).click();
      await staff.getByRole('menuitem', { name: 'Revoke invitation' }).click();
      const confirm = staff.getByRole('dialog', { name: `Revoke the invitation for ${address}?` });
      await confirm.getByText(/who never joined, is removed from this deployment/).waitFor();
      // The modal fades in; the picture is taken once it has.
      await staff.waitForTimeout(500);
      await screenshot(staff, `patients-revoke-confirm-${name}`);
      await confirm.getByRole('button', { name: 'Revoke' }).click();
      await staff.getByText('Invitation revoked').waitFor();
      await staff.getByText(address, { exact: true }).first().waitFor({ state: 'detached' });
      await screenshot(staff, `patients-revoked-${name}`);
      await staff.close();

      const patient = await app.newPage({ viewport });
      await patient.goto(link);
      await patient.getByRole('heading', { name: 'This invitation was revoked' }).waitFor();
      expect(await patient.getByText(/withdrew it/).count()).toBe(1);
      await screenshot(patient, `invitation-withdrawn-${name}`);
      await patient.close();
    }
  });

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
