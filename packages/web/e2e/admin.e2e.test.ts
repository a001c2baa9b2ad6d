import { describe, expect, it } from 'vitest';
import { linkFromOutbox, screenshot, signIn, textFromOutbox, useApp } from './support.js';

const app = useApp();
const ADMIN = 'ada.first@meadow.example';
const COLLEAGUE = 'colin.colleague@meadow.example';
const PASSWORD = 'a very good password';

describe('setting up a new organisation', () => {
  it('Super Admin creates an organisation and a deployment and invites its Admin; the Admin joins from the email and brings a colleague through a multi-use link', async () => {
    const root = await app.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(root, app.url, 'superadmin@porter.example');
    await root.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await root.goto(`${app.url}/admin`);

    // A new organisation…
    await root.getByRole('button', { name: 'New organisation' }).click();
    const orgDialog = root.getByRole('dialog', { name: 'New organisation' });
    await orgDialog.getByRole('textbox', { name: 'Name' }).fill('Meadow Clinic');
    await orgDialog
      .getByRole('textbox', { name: 'Terms of use' })
      .fill('https://meadow.example/terms');
    await orgDialog.getByRole('button', { name: 'Create organisation' }).click();
    await orgDialog.waitFor({ state: 'detached' });
    const organisations = root.getByRole('table', { name: 'Organisations' });
    await organisations.getByRole('row', { name: /Meadow Clinic/ }).waitFor();

    // …with a deployment, made from its row.
    await root.getByRole('button', { name: 'Actions for Meadow Clinic' }).click();
    await root.getByRole('menuitem', { name: 'New deployment' }).click();
    const depDialog = root.getByRole('dialog', { name: 'New deployment' });
    await depDialog.getByRole('textbox', { name: 'Name' }).fill('Asthma programme');
    await depDialog.getByRole('button', { name: 'Create deployment' }).click();
    await depDialog.waitFor({ state: 'detached' });

    // From the deployment's row, invite its first Admin; the confirmation shows the link and its QR code.
    await root.getByRole('tab', { name: 'Deployments' }).click();
    const deployments = root.getByRole('table', { name: 'Deployments' });
    await deployments.getByRole('row', { name: /Asthma programme/ }).waitFor();
    await root.getByRole('button', { name: 'Actions for Asthma programme' }).click();
    await root.getByRole('menuitem', { name: 'Invite Admin' }).click();
    const invite = root.getByRole('dialog', { name: 'Invite an Admin to Asthma programme' });
    const emails = invite.getByRole('textbox', { name: 'Email addresses' });
    await emails.fill(ADMIN);
    await emails.press('Enter');
    await invite.getByRole('button', { name: 'Review' }).click();
    await invite.getByText('Send 1 staff member invite?').waitFor();
    await invite.getByRole('button', { name: 'Send invites' }).click();
    const personal = invite.getByRole('textbox', { name: 'Invitation link' });
    await personal.waitFor();
    const qr = invite.getByRole('img', { name: `QR code of the invitation for ${ADMIN}` });
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(
      true,
    );
    const shown = await personal.inputValue();
    await screenshot(root, 'admin-invite-confirmation');
    await invite.getByRole('button', { name: 'Done' }).click();
    // The emailed link is the one the confirmation showed.
    expect(await linkFromOutbox(root, app.url, ADMIN)).toBe(shown);
    await root.close();

    // The new Admin accepts and lands on the deployment's patients.
    const admin = await app.newPage({ viewport: { width: 1280, height: 900 } });
    await admin.goto(shown);
    await admin.getByText('Asthma programme').first().waitFor();
    await admin.getByRole('textbox', { name: 'Full name' }).fill('Ada First');
    await admin.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await admin.getByRole('checkbox', { name: /I accept the terms/ }).check();
    await admin.getByRole('button', { name: 'Create account' }).click();
    await admin.waitForURL(/\/patients$/);

    // She makes a multi-use link for Deployment Staff and copies it.
    await admin.getByRole('navigation').getByRole('link', { name: 'Staff', exact: true }).click();
    await admin.getByRole('button', { name: 'Copy invite link' }).click();
    const links = admin.getByRole('dialog', { name: 'Copy invite link' });
    await links.getByRole('combobox', { name: 'Role' }).click();
    await admin.getByRole('option', { name: 'Deployment Staff', exact: true }).click();
    await links.getByRole('button', { name: 'Create link' }).click();
    const linkField = links.getByRole('textbox', { name: 'Invite link' });
    await linkField.waitFor();
    const url = await linkField.inputValue();
    expect(url).toMatch(new RegExp(`^${app.url}/join/[A-Za-z0-9_-]{43}$`));
    await screenshot(admin, 'staff-invite-link');

    // The colleague opens it, confirms his email with the code and joins as Deployment Staff.
    const colleague = await app.newPage({ viewport: { width: 480, height: 900 } });
    await colleague.goto(url);
    await colleague.getByRole('heading', { name: 'Join Asthma programme' }).waitFor();
    await colleague.getByText('Deployment Staff').first().waitFor();
    await colleague.getByRole('textbox', { name: 'Email' }).fill(COLLEAGUE);
    await colleague.getByRole('button', { name: 'Send code' }).click();
    await colleague.getByRole('textbox', { name: '6-digit code' }).waitFor();
    const reader = await app.newPage();
    const code = await textFromOutbox(
      reader,
      app.url,
      COLLEAGUE,
      /Your code to join Asthma programme: (\d{6})/,
    );
    await reader.close();
    await colleague.getByRole('textbox', { name: '6-digit code' }).fill(code);
    await colleague.getByRole('button', { name: 'Verify' }).click();
    await colleague.getByRole('textbox', { name: 'Full name' }).fill('Colin Colleague');
    await colleague.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await colleague.getByRole('checkbox', { name: 'I accept the terms of use' }).check();
    await colleague.getByRole('button', { name: 'Join' }).click();
    await colleague.waitForURL(/\/patients$/);
    await colleague.close();

    // Opened again, the link's row says who joined; the staff list has him with his role.
    await links.getByRole('button', { name: 'Create another' }).click();
    await admin.keyboard.press('Escape');
    await links.waitFor({ state: 'detached' });
    await admin.getByRole('button', { name: 'Copy invite link' }).click();
    await links
      .getByRole('table', { name: 'Staff invite links for Asthma programme' })
      .getByText('Colin Colleague')
      .first()
      .waitFor();
    await screenshot(admin, 'staff-invite-link-joined');
    await admin.keyboard.press('Escape');
    await admin.reload();
    const staff = admin.getByRole('row', { name: /Colin Colleague/ });
    await staff.waitFor();
    expect(
      await staff.getByRole('combobox', { name: 'Role of Colin Colleague' }).inputValue(),
    ).toBe('Deployment Staff');

    // The deployment's dashboard counts both of them, and removes Colin from its users list.
    await admin
      .getByRole('navigation')
      .getByRole('link', { name: 'Dashboard', exact: true })
      .click();
    const users = admin.getByRole('group', { name: 'Users', exact: true });
    await users.getByText('2', { exact: true }).waitFor();
    const byRole = admin.getByRole('table', { name: 'Users by role' });
    await byRole.getByRole('row', { name: /Deployment Staff\s*1/ }).waitFor();
    await byRole.getByRole('row', { name: /Admin\s*1/ }).waitFor();
    await screenshot(admin, 'admin-dashboard');
    await admin
      .getByRole('table', { name: 'Users' })
      .getByRole('button', { name: 'Actions for Colin Colleague' })
      .click();
    await admin.getByRole('menuitem', { name: 'Remove from team' }).click();
    await admin
      .getByRole('dialog', { name: 'Remove Colin Colleague from the team?' })
      .getByRole('button', { name: 'Remove', exact: true })
      .click();
    await admin
      .getByRole('table', { name: 'Users' })
      .getByText('Colin Colleague')
      .waitFor({ state: 'detached' });
    await users.getByText('1', { exact: true }).waitFor();
    await admin.close();
  });
});
