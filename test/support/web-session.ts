import request from 'supertest';
import type { TestApp } from './test-app';

/** The anti-forgery token a page's forms carry. */
export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** A signed-in browser session over HTTP (cookie jar), with the form token of the page it lands on. */
export async function signInToPages(t: TestApp, username: string, landing = '/'): Promise<{ agent: ReturnType<typeof request.agent>; csrf: string }> {
  const agent = request.agent(t.app.getHttpServer());
  const form = await agent.get('/login').expect(200);
  await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), username, password: 'demo', next: '/' }).expect(303);
  const page = await agent.get(landing).expect(200);
  return { agent, csrf: csrfOf(page.text) };
}
