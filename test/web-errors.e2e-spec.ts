import request from 'supertest';
import { createTestApp, TestApp } from './support/test-app';

// Error pages in the desk's style on web routes; the JSON shape stays on /api. (No database
// logic here: SQLite only.)

describe('web error pages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '2' } });
  });
  afterAll(async () => t?.close());

  it('answers an unknown page with a 404 page, and an unknown /api route with JSON', async () => {
    const page = await t.http.get('/no-such-page').expect(404);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('<h1>Not found</h1>');
    expect(page.text).toContain('There is no page at this address');
    const api = await t.http.get('/api/no-such-route').expect(404);
    expect(api.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers too many sign-in attempts with a page in plain words', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const attempt = () => agent.post('/login').type('form').send({ _csrf: csrf, username: 'analyst', password: 'wrong', next: '/' });
    await attempt().expect(401);
    await attempt().expect(401);
    const third = await attempt().expect(429);
    expect(third.headers['content-type']).toContain('text/html');
    expect(third.text).toContain('Too many attempts in a short time');
    expect(third.text).not.toContain('ThrottlerException');
  });
});
