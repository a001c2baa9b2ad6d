import { describe, expect, it } from 'vitest';
import { screenshot, signIn, textFromOutbox, useApp } from './support.js';

const app = useApp();
const EMAIL = 'lina.link@riverside.example';

describe('invite links', () => {
  it('creates a link with a QR code; someone joins through it with an emailed code; the links page shows who joined', async () => {
    const admin = await app.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(admin, app.url, 'admin@riverside.example');
    await admin.waitForURL(/\/patients$/);
    await admin.getByRole('button', { name: 'Invite patients' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Invite patients' });
    await dialog.getByRole('tab', { name: 'Invite link' }).click();
    await dialog.getByRole('textbox', { name: 'Maximum uses' }).fill('25');
    await dialog.getByRole('textbox', { name: 'Label' }).fill('Waiting room poster');
    await dialog.getByRole('button', { name: 'Create link' }).click();

    const qr = dialog.getByRole('img', { name: 'QR code for the invite link' });
    await qr.waitFor();
    // The QR image really rendered (an SVG of the link), with both downloads.
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(
      true,
    );
    expect(await dialog.getByRole('link', { name: 'Download PNG' }).getAttribute('download')).toBe(
      'waiting-room-poster-qr.png',
    );
    expect(await dialog.getByRole('link', { name: 'Download SVG' }).getAttribute('download')).toBe(
      'waiting-room-poster-qr.svg',
    );
    const url = await dialog.getByRole('textbox', { name: 'Invite link' }).inputValue();
    expect(url).toMatch(new RegExp(`^${app.url}/join/[A-Za-z0-9_-]{43}$`));
    await screenshot(admin, 'invite-link-qr');
    await dialog.getByRole('button', { name: 'Done' }).click();

    // Someone else, in a fresh browser context, opens the link.
    const visitor = await app.newPage({ viewport: { width: 480, height: 900 } });
    await visitor.goto(url);
    await visitor.getByRole('heading', { name: 'Join Diabetes remote monitoring' }).waitFor();
    await visitor.getByRole('textbox', { name: 'Email' }).fill(EMAIL);
    await visitor.getByRole('button', { name: 'Send code' }).click();
    await visitor.getByRole('textbox', { name: '6-digit code' }).waitFor();
    const outbox = await app.newPage();
    const code = await textFromOutbox(
      outbox,
      app.url,
      EMAIL,
      /Your code to join Diabetes remote monitoring: (\d{6})/,
    );
    await outbox.close();
    await visitor.getByRole('textbox', { name: '6-digit code' }).fill(code);
    await visitor.getByRole('button', { name: 'Verify' }).click();
    await visitor.getByRole('textbox', { name: 'Full name' }).fill('Lina Link');
    await visitor.getByLabel('Password', { exact: true }).fill('a very good password');
    await visitor.getByRole('checkbox', { name: 'I accept the terms of use' }).check();
    await visitor.getByRole('button', { name: 'Join' }).click();
    await visitor.waitForURL(`${app.url}/`);
    await visitor.getByText(/continue in the app/i).waitFor();
    await visitor.close();

    // Back as the Admin: the links page lists the person under "Who joined".
    await admin.getByRole('link', { name: 'Invite links' }).click();
    await admin.waitForURL(/\/invite-links$/);
    const card = admin.getByRole('region', { name: 'Waiting room poster' });
    await card.getByText('1 of 25 uses', { exact: false }).waitFor();
    await card
      .getByRole('table', { name: 'Who joined through Waiting room poster' })
      .getByText('Lina Link')
      .waitFor();
    await card.getByText(EMAIL).waitFor();
    await screenshot(admin, 'invite-links-page');
    await admin.close();
  });
});
