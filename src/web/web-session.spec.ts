import type { Response } from 'express';
import { loadConfig } from '../config/app-config';
import { LOGIN_COOKIE, safeNext, SESSION_COOKIE, WebRequest, WebSession } from './web-session';

function fakeResponse() {
  const cookies: Array<{ name: string; value: string; options: Record<string, unknown> }> = [];
  const res = {
    cookie: (name: string, value: string, options: Record<string, unknown>) => cookies.push({ name, value, options }),
    clearCookie: () => undefined,
  } as unknown as Response;
  return { res, cookies };
}

describe('WebSession', () => {
  const dev = new WebSession(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'a-test-secret-of-some-length' }));

  it('keeps the session in an httpOnly, SameSite=Lax cookie, Secure in production', () => {
    const prod = new WebSession(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATABASE_PATH: '/tmp/x.sqlite', JOURNAL_SIGNING_KEY: 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz' }));
    for (const [session, secure] of [[dev, false], [prod, true]] as const) {
      const { res, cookies } = fakeResponse();
      session.start(res, 'jwt');
      expect(cookies[0]).toMatchObject({ name: SESSION_COOKIE, value: 'jwt', options: { httpOnly: true, sameSite: 'lax', secure, path: '/' } });
    }
  });

  it('accepts only the token derived from this session', () => {
    const req = (sessionToken: string, sent: unknown) => ({ user: { username: 'a' }, sessionToken, cookies: {}, body: { _csrf: sent } }) as unknown as WebRequest;
    const token = dev.tokenFor(req('session-a', ''));
    expect(dev.verify(req('session-a', token))).toBe(true);
    expect(dev.verify(req('session-b', token))).toBe(false);
    expect(dev.verify(req('session-a', token.slice(1)))).toBe(false);
    expect(dev.verify(req('session-a', undefined))).toBe(false);
    expect(dev.verify(req('session-a', [token]))).toBe(false);
    // Another server secret gives other tokens.
    const other = new WebSession(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'another-secret-entirely' }));
    expect(other.verify(req('session-a', token))).toBe(false);
  });

  it('binds the sign-in form to a pre-session cookie', () => {
    const { res, cookies } = fakeResponse();
    const token = dev.loginToken({ cookies: {} } as WebRequest, res);
    expect(cookies[0].name).toBe(LOGIN_COOKIE);
    const nonce = cookies[0].value;
    expect(dev.verify({ cookies: { [LOGIN_COOKIE]: nonce }, body: { _csrf: token } } as unknown as WebRequest)).toBe(true);
    expect(dev.verify({ cookies: { [LOGIN_COOKIE]: `${nonce}x` }, body: { _csrf: token } } as unknown as WebRequest)).toBe(false);
    expect(dev.verify({ cookies: {}, body: { _csrf: token } } as unknown as WebRequest)).toBe(false);
  });

  it('redirects only to local pages after sign-in', () => {
    expect(safeNext('/cases/X?done=1')).toBe('/cases/X?done=1');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil', '/api/cycles', undefined, 42]) expect(safeNext(bad)).toBe('/');
  });
});
