import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../smtp.js';
import {
  emailsFor,
  killAll,
  seededDatabase,
  signInAdmin,
  startApi,
  terminate,
  type Seeded,
} from './support.js';

let db: Seeded;
let sink: SmtpSink;

beforeAll(async () => {
  db = await seededDatabase();
  sink = await startSmtpSink();
}, 120_000);

afterAll(async () => {
  await killAll();
  await sink?.close();
  await db?.orm.close();
});

interface Answer {
  status: number;
  body: string;
}

/** One POST on a connection of its own; resolves once the whole request is written. */
function post(url: string, cookie: string, body: object) {
  const payload = JSON.stringify(body);
  let written!: () => void;
  const sent = new Promise<void>((resolve) => (written = resolve));
  const answer = new Promise<Answer>((resolve, reject) => {
    const request = http.request(
      `${url}/graphql`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          cookie,
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload, written);
  });
  return { sent, answer };
}

const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { results { invitationId } } }`;
const VIEWER = `{ viewer { id } }`;

describe('an API stopped under load', () => {
  it('SIGTERM: answers every request in flight, refuses new ones, exits 0', async () => {
    const api = await startApi({ DATABASE_URL: db.url, SMTP_URL: sink.url });
    const admin = await signInAdmin(api.url);
    const cookie = admin.cookie!;

    // Steady load: four clients asking in a loop, each on fresh connections.
    let stopping = false;
    const answered: Answer[] = [];
    const refused: string[] = [];
    const loop = async () => {
      while (!stopping) {
        try {
          answered.push(await post(api.url, cookie, { query: VIEWER }).answer);
        } catch (error) {
          // Once the server has stopped listening a new connection is refused: not in flight.
          refused.push((error as NodeJS.ErrnoException).code ?? String(error));
          return;
        }
      }
    };
    const loops = Array.from({ length: 4 }, loop);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    // Eight slow writes (300 invitations each) in flight when the signal comes.
    const slow = Array.from({ length: 8 }, (_, i) =>
      post(api.url, cookie, {
        query: INVITE,
        variables: {
          input: {
            organisationId: db.world.home.organisation.id,
            deploymentId: db.world.home.first.id,
            emails: emailsFor(`stop-${i}-`, 300),
            roleId: db.staffRoleId,
          },
        },
      }),
    );
    await Promise.all(slow.map((s) => s.sent));
    // Read by the server and running (each takes well over this).
    await new Promise((resolve) => setTimeout(resolve, 50));
    const exit = terminate(api.process);
    const slowAnswers = await Promise.all(slow.map((s) => s.answer));
    stopping = true;
    await Promise.all(loops);
    const { code, ms } = await exit;

    for (const answer of slowAnswers) {
      expect(answer.status).toBe(200);
      const body = JSON.parse(answer.body) as {
        errors?: unknown[];
        data: { inviteStaff: { results: unknown[] } };
      };
      expect(body.errors).toBeUndefined();
      expect(body.data.inviteStaff.results).toHaveLength(300);
    }
    // Every request the server took was answered in full, none with an error.
    expect(answered.length).toBeGreaterThan(10);
    for (const answer of answered) {
      expect(answer.status).toBe(200);
      expect(answer.body).not.toMatch(/"errors"/);
    }
    // A loop's next connection, once the server stops listening: refused, or reset from the
    // accept queue before a byte of it was read.
    expect(refused.every((c) => c === 'ECONNREFUSED' || c === 'ECONNRESET')).toBe(true);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(25_000);
    expect(api.process.output()).toMatch(/stopped in \d+ ms/);
    // The writes it answered are kept.
    const [counted] = await db.orm.em
      .getConnection()
      .execute<{ n: string }[]>(`select count(*) as n from invitation where address like 'stop-%'`);
    expect(Number(counted!.n)).toBe(8 * 300);
  });
});
