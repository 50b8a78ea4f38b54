import { createTestApp, TestApp, testDatabases } from './support/test-app';

// Every /api route the running app serves, for every demo role and for an anonymous caller,
// against the table below. Routes are DISCOVERED from the Express router at run time: a new
// route missing from the table fails this test, so none can slip through unguarded.

type Access = 'public' | 'signedIn' | readonly string[];

const SWAGGER: Record<string, Access> = Object.fromEntries(
  ['/api/docs', '/api/docs/', '/api/docs/index.html', '/api/docs/LICENSE', '/api/docs/swagger-ui-init.js', '/api/docs/docs/swagger-ui-init.js', '/api/docs-json', '/api/docs-yaml']
    .map((path) => [`GET ${path}`, 'public' as const]),
);

const EXPECTED: Record<string, Access> = {
  ...SWAGGER,
  'POST /api/auth/login': 'public',
  'GET /api/health': 'public',
  'POST /api/auth/logout': 'signedIn',
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'PUT /api/users/:id/roles': ['admin'],
  'POST /api/users/:id/deactivate': ['admin'],
  'POST /api/users/:id/reactivate': ['admin'],
  'POST /api/users/:id/password-reset': ['admin'],
  'POST /api/auth/reset-password': 'public',
  'GET /api/statutes': 'signedIn',
  'GET /api/statutes/:id': 'signedIn',
  'GET /api/statutes/:id/versions': 'signedIn',
  'GET /api/statutes/:id/diff': 'signedIn',
  'GET /api/trends/:statuteId/:recipient': 'signedIn',
  'GET /api/trends/:statuteId/:recipient/csv': 'signedIn',
  'GET /api/cycles/:id/carry-forward': 'signedIn',
  'POST /api/cycles/:id/carry-forward': ['analyst'],
  'GET /api/cycles': 'signedIn',
  'POST /api/cycles': ['manager'],
  'GET /api/cycles/:id': 'signedIn',
  'POST /api/cycles/:id/events': ['manager'],
  'GET /api/cycles/:id/history': 'signedIn',
  'GET /api/cycles/:id/memo': 'signedIn',
  'GET /api/cycles/:id/report': 'signedIn',
  'GET /api/cases/:id': 'signedIn',
  'POST /api/cases/:id/events': ['analyst', 'reviewer', 'manager'],
  'PUT /api/cases/:id/proposed-finding': ['analyst'],
  'GET /api/cases/:id/history': 'signedIn',
  'GET /api/cases/:caseId/evidence': 'signedIn',
  'POST /api/cases/:caseId/evidence': ['analyst'],
  'GET /api/evidence/:id': 'signedIn',
  'GET /api/evidence/:id/revisions': 'signedIn',
  'PUT /api/evidence/:id': ['analyst'],
  'POST /api/evidence/:id/retract': ['analyst'],
  'GET /api/audit/verify': ['auditor'],
  'GET /api/audit/reconcile': ['auditor'],
  'GET /api/audit/export': ['auditor'],
  'GET /api/audit/verify/stream': ['auditor'],
  'GET /api/audit/public-key': ['auditor', 'manager'],
  'GET /api/audit/checkpoint': ['auditor', 'manager'],
  'GET /api/audit/proof/inclusion': ['auditor', 'manager'],
  'GET /api/audit/proof/consistency': ['auditor', 'manager'],
  'GET /api/history': ['auditor', 'manager'],
  'GET /api/me/work': 'signedIn',
  'GET /api/me/notifications': 'signedIn',
  'POST /api/me/notifications/read': ['analyst', 'reviewer', 'manager', 'admin'],
  'GET /api/cases/:id/assignment': 'signedIn',
  'PUT /api/cases/:id/assignment': ['manager'],
};

// The web pages: the same roles as the API routes they mirror. Anonymous callers are sent
// to the sign-in page; a refused role gets a 403 page.
const WEB_EXPECTED: Record<string, Access> = {
  'GET /login': 'public',
  'POST /login': 'public',
  'POST /logout': 'signedIn',
  'GET /': 'signedIn',
  'GET /cycles/new': ['manager'],
  'POST /cycles/new': ['manager'],
  'GET /cycles/:id': 'signedIn',
  'POST /cycles/:id/events': ['manager'],
  'GET /cycles/:id/memo': 'signedIn',
  'GET /cycles/:id/report': 'signedIn',
  'GET /cycles/:id/memo/document': 'signedIn',
  'GET /cycles/:id/report/document': 'signedIn',
  'GET /cycles/:id/carry-forward': 'signedIn',
  'POST /cycles/:id/carry-forward': ['analyst'],
  'GET /trends/:statuteId/:recipient': 'signedIn',
  'GET /trends/:statuteId/:recipient/csv': 'signedIn',
  'GET /cases/:id': 'signedIn',
  'POST /cases/:id/evidence': ['analyst'],
  'POST /cases/:id/proposed-finding': ['analyst'],
  'POST /cases/:id/events': ['analyst', 'reviewer', 'manager'],
  'POST /cases/:id/evidence/:evidenceId/revise': ['analyst'],
  'POST /cases/:id/evidence/:evidenceId/retract': ['analyst'],
  'GET /audit': ['auditor', 'manager'],
  'GET /audit/': ['auditor', 'manager'],
  'GET /audit/export': ['auditor'],
  'GET /audit/evidence/:id/compare': ['auditor', 'manager'],
  'GET /cycles': 'signedIn',
  'GET /inbox': 'signedIn',
  'POST /inbox/read': ['analyst', 'reviewer', 'manager', 'admin'],
  'POST /cases/:id/assignment': ['manager'],
  'POST /cycles/:id/confirm': ['manager'],
  'GET /admin/users': ['admin'],
  'POST /admin/users': ['admin'],
  'POST /admin/users/:id/roles': ['admin'],
  'POST /admin/users/:id/deactivate': ['admin'],
  'POST /admin/users/:id/reactivate': ['admin'],
  'POST /admin/users/:id/password-reset': ['admin'],
  'GET /reset-password': 'public',
  'POST /reset-password': 'public',
};

const DEMO_USERS: Record<string, readonly string[]> = {
  analyst: ['analyst'],
  analyst2: ['analyst'],
  reviewer: ['reviewer'],
  'reviewer-analyst': ['analyst', 'reviewer'],
  manager: ['manager'],
  auditor: ['auditor'],
  admin: ['admin'],
};

function allowed(access: Access, roles: readonly string[] | null): boolean {
  if (access === 'public') return true;
  if (roles === null) return false;
  return access === 'signedIn' || access.some((role) => roles.includes(role));
}

const SIGN_OUT = 'POST /api/auth/logout';

/** `METHOD /path` for every route on the app's Express router. */
function discoverRoutes(t: TestApp): string[] {
  const express = t.app.getHttpAdapter().getInstance();
  const stack = (express.router ?? express._router).stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>;
  const routes = new Set<string>();
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) routes.add(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${layer.route.path}`);
  }
  return [...routes].sort();
}


describe.each(testDatabases())('route access matrix (%s)', (database) => {
  let t: TestApp;
  let routes: string[];
  let headBefore: number;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp({ database });
    routes = discoverRoutes(t).filter((route) => route.split(' ')[1].startsWith('/api'));
    for (const username of Object.keys(DEMO_USERS)) tokens.set(username, await t.token(username));
    headBefore = Number((await t.sql('SELECT seq FROM journal_head WHERE id = 1'))[0].seq);
  }, 60_000);
  afterAll(async () => t?.close());

  it('discovers the routes, and every /api route is in the table (and no stale entry is)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
    expect(routes).toContain('GET /api/audit/verify');
    expect(routes.filter((route) => !(route in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('never lets the auditor reach a mutating route', () => {
    // Signing out ends the caller's own session; it changes no record of the desk.
    const mutating = routes.filter((route) => !route.startsWith('GET ') && EXPECTED[route] !== 'public' && route !== SIGN_OUT);
    expect(mutating.length).toBeGreaterThan(5);
    expect(mutating.filter((route) => allowed(EXPECTED[route], DEMO_USERS.auditor))).toEqual([]);
  });

  it('answers every route x role as the table says: refused = 401/403, allowed = anything else but 5xx', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(' ');
      // Unknown ids and empty bodies: an allowed call is refused later (400/404) and changes nothing.
      const url = path.replace(/:[A-Za-z]+/g, 'ROUTE-MATRIX-NONE');
      const callers: Array<[string, readonly string[] | null]> = [['anonymous', null], ...Object.entries(DEMO_USERS)];
      for (const [who, roles] of callers) {
        let request = t.http[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch'](url);
        // Signing out revokes the token it is sent with: that probe gets a token of its own.
        if (roles) request = request.set('Authorization', `Bearer ${route === SIGN_OUT ? await t.token(who) : tokens.get(who)}`);
        if (method !== 'GET') request = request.send({});
        const { status } = await request;
        const expectAllowed = allowed(EXPECTED[route], roles);
        const refusedAs = roles === null ? 401 : 403;
        const ok = expectAllowed ? status !== 401 && status !== 403 && status < 500 : status === refusedAs;
        if (!ok) mismatches.push(`${route} as ${who}: got ${status}, expected ${expectAllowed ? 'allowed' : refusedAs}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('every web page route is in the web table (and no stale entry is)', () => {
    const web = discoverRoutes(t).filter((route) => !route.split(' ')[1].startsWith('/api'));
    expect(web.filter((route) => !(route in WEB_EXPECTED))).toEqual([]);
    expect(Object.keys(WEB_EXPECTED).filter((route) => !web.includes(route))).toEqual([]);
    // Signing in and out, and spending a reset token, are the person's own acts, open to an auditor too.
    const mutating = web.filter((route) => route.startsWith('POST ') && !['POST /login', 'POST /logout', 'POST /reset-password'].includes(route));
    expect(mutating.filter((route) => allowed(WEB_EXPECTED[route], DEMO_USERS.auditor))).toEqual([]);
  });

  it('answers every web route x role as the table says: anonymous to sign-in, refused = 403 page', async () => {
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const mismatches: string[] = [];
    // POST /login and POST /reset-password are public but need the sign-in form's own anti-forgery token: covered by the web specs.
    // Signing out revokes the session: it goes last, on a session of its own per caller.
    const web = Object.keys(WEB_EXPECTED).filter((route) => route !== 'POST /login' && route !== 'POST /reset-password' && route !== 'POST /logout').concat('POST /logout');
    const callers: Array<[string, readonly string[] | null]> = [['anonymous', null], ...Object.entries(DEMO_USERS)];
    for (const [who, roles] of callers) {
      const cookie = roles ? `cd_session=${await t.token(who)}` : '';
      // The anti-forgery token is bound to the session: read it from a page, as a browser would.
      const csrf = roles ? csrfOf((await t.http.get('/').set('Cookie', cookie)).text) : '';
      if (roles) expect(csrf).not.toBe('');
      for (const route of web) {
        const [method, path] = route.split(' ');
        const url = path.replace(/:[A-Za-z]+/g, 'ROUTE-MATRIX-NONE');
        let request = method === 'GET' ? t.http.get(url) : t.http.post(url).type('form').send({ _csrf: csrf });
        if (cookie) request = request.set('Cookie', cookie);
        const res = await request;
        // Signing out also ends on /login, with ?signedOut=1: that is the allowed outcome, not a refusal.
        const location = String(res.headers.location ?? '');
        const toSignIn = res.status === 303 && location.startsWith('/login') && !location.includes('signedOut=1');
        const expectAllowed = allowed(WEB_EXPECTED[route], roles);
        const ok = expectAllowed
          ? !toSignIn && res.status !== 401 && res.status !== 403 && res.status < 500
          : roles === null
            ? toSignIn
            : res.status === 403 && String(res.headers['content-type']).includes('text/html');
        if (!ok) mismatches.push(`${route} as ${who}: got ${res.status} ${res.headers.location ?? ''}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('changed nothing while probing: the journal head did not move and the chain is intact', async () => {
    const [head] = await t.sql('SELECT seq FROM journal_head WHERE id = 1');
    expect(Number(head.seq)).toBe(headBefore);
    const verify = await t.http.get('/api/audit/verify').set('Authorization', `Bearer ${tokens.get('auditor')}`).expect(200);
    expect(verify.body).toMatchObject({ ok: true, checked: headBefore });
  });
});
