import { createTestApp, TestApp, testDatabases } from './support/test-app';

// Reactivation and one-time password resets through the API.

describe.each(testDatabases())('user reactivation and password reset (%s)', (database) => {
  let t: TestApp;
  let admin: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ database });
    admin = await t.token('admin');
  });
  afterAll(async () => t?.close());

  it('deactivates and reactivates a user, journalled', async () => {
    const users = (await t.http.get('/api/users').set(auth(admin)).expect(200)).body as Array<{ id: number; username: string }>;
    const id = users.find((u) => u.username === 'analyst2')!.id;
    await t.http.post(`/api/users/${id}/deactivate`).set(auth(admin)).expect(200);
    await t.http.post('/api/auth/login').send({ username: 'analyst2', password: 'demo' }).expect(401);
    const back = await t.http.post(`/api/users/${id}/reactivate`).set(auth(admin)).expect(200);
    expect(back.body).toMatchObject({ username: 'analyst2', active: true });
    expect((await t.http.post(`/api/users/${id}/reactivate`).set(auth(admin)).expect(409)).body.code).toBe('USER_ACTIVE');
    await t.token('analyst2');
    const history = await t.http.get('/api/history?entity=user&event=USER_REACTIVATED').set(auth(await t.token('auditor'))).expect(200);
    expect(history.body.items.map((i: { entityId: string }) => i.entityId)).toEqual(['analyst2']);
  });

  it('issues a one-time reset token that sets a new password once, and ends old sessions', async () => {
    const users = (await t.http.get('/api/users').set(auth(admin)).expect(200)).body as Array<{ id: number; username: string }>;
    const id = users.find((u) => u.username === 'auditor')!.id;
    const before = await t.token('auditor');
    const issued = await t.http.post(`/api/users/${id}/password-reset`).set(auth(admin)).expect(201);
    expect(issued.body.resetPath).toBe(`/reset-password?token=${issued.body.token}`);
    // Neither the token nor its hash reaches the journal.
    const rows = await t.sql<{ payload: string }>(`SELECT payload FROM journal WHERE event = 'USER_PASSWORD_RESET_ISSUED'`);
    expect(rows.some((r) => String(r.payload).includes(issued.body.token))).toBe(false);
    await t.http.get('/api/cycles').set(auth(before)).expect(401);

    await t.http.post('/api/auth/reset-password').send({ token: issued.body.token, password: 'short' }).expect(400);
    await t.http.post('/api/auth/reset-password').send({ token: issued.body.token, password: 'a new long password' }).expect(204);
    const again = await t.http.post('/api/auth/reset-password').send({ token: issued.body.token, password: 'another long password' }).expect(400);
    expect(again.body.code).toBe('RESET_TOKEN_INVALID');
    await t.http.post('/api/auth/login').send({ username: 'auditor', password: 'demo' }).expect(401);
    await t.token('auditor', 'a new long password');
  });
});
