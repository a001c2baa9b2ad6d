import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApi, type GraphQLClient, type TestApi } from '../../../test/harness.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { UserEntity } from '../user/user.entity.js';
import { maskMobile, signInTextsSettled } from './sms-sign-in.service.js';

const testApi = useTestApi();
let api: TestApi;
let user: UserEntity;
beforeEach(async () => {
  api = testApi();
  const em = api.orm.em.fork();
  user = em.create(UserEntity, {
    email: null,
    mobile: '+447911120123',
    fullName: 'Sam Smith',
    passwordHash: null,
  });
  await em.flush();
});

const REQUEST = `mutation($mobile: String!) { requestSignInCode(mobile: $mobile) { sentTo expiresAt } }`;
const SIGN_IN = `mutation($mobile: String!, $code: String!) { signInWithCode(mobile: $mobile, code: $code) { id mobile email fullName } }`;

async function requestCode(client: GraphQLClient, mobile = '07911 120123') {
  const { requestSignInCode } = await client.ok(REQUEST, { mobile });
  await signInTextsSettled();
  const sms = api.twilio.messages.at(-1);
  return { ...requestSignInCode, code: sms ? /^(\d{6}) /.exec(sms.body)?.[1] : undefined, sms };
}
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('sign-in by SMS code', () => {
  it('texts a six-digit code to the account’s mobile and opens a session with it, once', async () => {
    const client = api.client();
    const { sentTo, expiresAt, code, sms } = await requestCode(client);
    expect(sentTo).toBe('+44 •••• ••0123');
    expect(new Date(expiresAt).getTime()).toBe(api.clock.now().getTime() + 10 * 60_000);
    expect(sms).toMatchObject({ to: '+447911120123', from: api.twilio.from, statusCallback: null });
    expect(code).toMatch(/^\d{6}$/);

    const { signInWithCode } = await client.ok(SIGN_IN, { mobile: '+44 7911 120123', code });
    expect(signInWithCode).toEqual({
      id: user.id,
      mobile: '+447911120123',
      email: null,
      fullName: 'Sam Smith',
    });
    expect((await client.ok(`{ viewer { id } }`)).viewer.id).toBe(user.id);
    const audited = await api.orm.em
      .fork()
      .find(AuditEventEntity, { action: 'sign-in.succeeded', actorId: user.id });
    expect(audited).toHaveLength(1);
    // Used up.
    expect(await api.client().code(SIGN_IN, { mobile: '07911 120123', code })).toBe('CODE_INVALID');
  });

  it('refuses a wrong code, and kills the code at the fifth wrong try', async () => {
    const { code } = await requestCode(api.client());
    const client = api.client();
    for (let i = 1; i <= 4; i++)
      expect(await client.code(SIGN_IN, { mobile: '07911 120123', code: wrong(code) })).toBe(
        'CODE_INVALID',
      );
    expect(await client.code(SIGN_IN, { mobile: '07911 120123', code: wrong(code) })).toBe(
      'TOO_MANY_ATTEMPTS',
    );
    expect(await client.code(SIGN_IN, { mobile: '07911 120123', code })).toBe('TOO_MANY_ATTEMPTS');
    // A new code works.
    const fresh = await requestCode(api.client());
    expect(
      (await client.ok(SIGN_IN, { mobile: '07911 120123', code: fresh.code })).signInWithCode.id,
    ).toBe(user.id);
  });

  it('refuses a code after ten minutes, and when none was asked for', async () => {
    expect(await api.client().code(SIGN_IN, { mobile: '07911 120123', code: '123456' })).toBe(
      'CODE_INVALID',
    );
    const { code } = await requestCode(api.client());
    api.clock.advance(10 * 60_000 + 1_000);
    expect(await api.client().code(SIGN_IN, { mobile: '07911 120123', code })).toBe('CODE_EXPIRED');
  });

  it('only counts the newest code', async () => {
    const first = await requestCode(api.client());
    const second = await requestCode(api.client());
    if (first.code !== second.code)
      expect(await api.client().code(SIGN_IN, { mobile: '07911 120123', code: first.code })).toBe(
        'CODE_INVALID',
      );
    expect(
      (await api.client().ok(SIGN_IN, { mobile: '07911 120123', code: second.code })).signInWithCode
        .id,
    ).toBe(user.id);
  });

  it('answers the same for a number without an account, and sends nothing', async () => {
    const known = (await api.client().ok(REQUEST, { mobile: '07911 120123' })).requestSignInCode;
    const unknown = (await api.client().ok(REQUEST, { mobile: '07911 130123' })).requestSignInCode;
    expect(Object.keys(unknown)).toEqual(Object.keys(known));
    expect(unknown.sentTo).toBe('+44 •••• ••0123');
    expect(unknown.expiresAt).toBe(known.expiresAt);
    await signInTextsSettled();
    expect(api.twilio.messages.map((m) => m.to)).toEqual(['+447911120123']);
    expect(await api.client().code(SIGN_IN, { mobile: '07911 130123', code: '123456' })).toBe(
      'CODE_INVALID',
    );
    // A disabled account gets nothing either.
    const em = api.orm.em.fork();
    await em.nativeUpdate(UserEntity, { id: user.id }, { disabledAt: api.clock.now() });
    await api.client().ok(REQUEST, { mobile: '07911 120123' });
    await signInTextsSettled();
    expect(api.twilio.messages).toHaveLength(1);
  });

  it('limits codes to three per number per 15 minutes, and ten per client per hour', async () => {
    const client = api.client();
    for (let i = 0; i < 3; i++) await client.ok(REQUEST, { mobile: '07911 120123' });
    expect(await client.code(REQUEST, { mobile: '07911 120123' })).toBe('RATE_LIMITED');
    // Unknown numbers count the same, so the limit tells nothing.
    for (let i = 0; i < 3; i++) await client.ok(REQUEST, { mobile: '07911 130123' });
    expect(await client.code(REQUEST, { mobile: '07911 130123' })).toBe('RATE_LIMITED');
    api.clock.advance(15 * 60_000 + 1_000);
    await client.ok(REQUEST, { mobile: '07911 120123' });
    // 7 so far from this address within the hour; three more numbers make ten.
    for (const n of ['07911 120001', '07911 120002', '07911 120003'])
      await client.ok(REQUEST, { mobile: n });
    expect(await client.code(REQUEST, { mobile: '07911 120004' })).toBe('RATE_LIMITED');
    api.clock.advance(60 * 60_000);
    await client.ok(REQUEST, { mobile: '07911 120004' });
  });

  it('refuses a number that is not a mobile', async () => {
    const result = await api.client().request(REQUEST, { mobile: '12' });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_PHONE',
      details: { field: 'mobile' },
    });
  });
});

describe('maskMobile', () => {
  it('keeps the country code and the last four digits', () => {
    expect(maskMobile('+44 7911 120123')).toBe('+44 •••• ••0123');
    expect(maskMobile('+1 415 555 2671')).toBe('+1 ••• ••• 2671');
  });
});
