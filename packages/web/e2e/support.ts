import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RESULTS = path.join(REPO, 'packages/web/test-results');
export const DEMO_PASSWORD = 'porter-demo-password';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the built API exactly as `pnpm start` does, with a throwaway data folder. */
export async function startApp(): Promise<RunningApp> {
  const main = path.join(REPO, 'packages/api/dist/main.js');
  const index = path.join(REPO, 'packages/web/dist/index.html');
  if (!existsSync(main) || !existsSync(index))
    throw new Error('Run `pnpm build` first (pnpm test does).');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'porter-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: url,
      PORTER_DATA_DIR: dataDir,
      PORTER_SEED_DEMO: 'true',
      // No SMTP here: emails land in the development outbox, which the tests read through the SPA.
      PORTER_DEV_OUTBOX: 'true',
      PORTER_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-0000',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('porter ready')) {
    if (child.exitCode !== null) throw new Error(`API exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`API did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium (apt-get install chromium), or CHROMIUM_PATH. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (existsSync(candidate)) return candidate;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH');
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** A test file's running app and browser. */
export interface E2E {
  readonly url: string;
  newPage(options?: Parameters<Browser['newPage']>[0]): Promise<Page>;
}

/** Starts one app and one browser for a test file (registering the hooks) and stops them after. */
export function useApp(): E2E {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  return {
    get url() {
      return app!.url;
    },
    newPage: (options) => browser!.newPage(options),
  };
}

/** Reads the development outbox page until a message to `address` shows, and returns its invitation link. */
export async function linkFromOutbox(
  page: Page,
  baseUrl: string,
  address: string,
): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.goto(`${baseUrl}/dev/outbox`);
    const message = page.getByRole('article').filter({ hasText: address });
    if ((await message.count()) > 0) {
      const href = await message
        .first()
        .getByRole('link', { name: /\/invitations\// })
        .first()
        .getAttribute('href');
      if (href) return href;
    }
    if (Date.now() > deadline) throw new Error(`no email to ${address} in the outbox`);
    await page.waitForTimeout(500);
  }
}

/**
 * Reads the development outbox until the newest message to `address` (an email address or an
 * E.164 mobile) matches `pattern`, and returns its first group: e.g. the code of a sign-in text.
 */
export async function textFromOutbox(
  page: Page,
  baseUrl: string,
  address: string,
  pattern: RegExp,
): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.goto(`${baseUrl}/dev/outbox`);
    const messages = page
      .getByRole('article')
      .filter({ hasText: address })
      .filter({ hasText: pattern });
    if ((await messages.count()) > 0) {
      const match = pattern.exec((await messages.first().textContent()) ?? '');
      if (match?.[1]) return match[1];
    }
    if (Date.now() > deadline)
      throw new Error(`no message to ${address} matching ${pattern} in the outbox`);
    await page.waitForTimeout(500);
  }
}
