import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** A desk server in its own process (from the TypeScript sources), for faults a test app in Jest cannot show. */
export interface ServerProcess {
  base: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<number | null>;
}

/** Starts `src/main.ts` with this environment (as in test apps, no printing on store unless it says so); resolves once `/api/health` answers, rejects with its output if it exits. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 150_000): Promise<ServerProcess> {
  const port = env.PORT ?? String(20000 + Math.floor(Math.random() * 40000));
  const child = spawn(process.execPath, ['-r', 'ts-node/register', path.join(root, 'src', 'main.ts')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', LOGIN_RATE_LIMIT: '100000', LOGIN_ADDRESS_RATE_LIMIT: '100000', DOCUMENTS_PRINT_ON_STORE: 'false', TS_NODE_TRANSPILE_ONLY: '1', TS_NODE_PROJECT: path.join(root, 'tsconfig.json'), HOST: '127.0.0.1', ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    base,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`server did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits for a process to exit by itself; its exit code. */
export async function exitOf(env: Record<string, string>, timeoutMs = 150_000): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', path.join(root, 'src', 'main.ts')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', DOCUMENTS_PRINT_ON_STORE: 'false', TS_NODE_TRANSPILE_ONLY: '1', TS_NODE_PROJECT: path.join(root, 'tsconfig.json'), HOST: '127.0.0.1', PORT: String(20000 + Math.floor(Math.random() * 40000)), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output };
}

export async function api(base: string, method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(base + url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, body: parsed };
}

export async function signIn(base: string, username: string): Promise<string> {
  const response = await api(base, 'POST', '/api/auth/login', undefined, { username, password: 'demo' });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.accessToken as string;
}
