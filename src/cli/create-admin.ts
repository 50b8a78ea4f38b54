import 'reflect-metadata';
import { loadConfig } from '../config/app-config';
import { UsersService } from '../auth/users.service';
import { parseArgs } from './cli-args';
import { commandContext } from './cli-context';
import { failCommand } from './fail-command';

const USAGE = 'Usage: ADMIN_PASSWORD=... npm run create-admin -- --username NAME [--display-name "Full Name"]';

// Creates the first admin of a production desk (where no demo user exists). The password
// comes from the environment, never from argv, so it does not land in shell history.
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const password = process.env.ADMIN_PASSWORD ?? '';
  if (!args.username || !password) throw new Error(USAGE);
  const config = loadConfig();
  const app = await commandContext(config);
  try {
    const users = app.get(UsersService);
    if ((await users.list()).some((user) => user.active && user.roles.includes('admin'))) {
      throw new Error('An active admin exists already; create further users through the API as that admin');
    }
    const admin = await users.create(
      { username: 'cli:create-admin' },
      { username: args.username, displayName: args['display-name'] || args.username, password, roles: ['admin'] },
    );
    console.log(`Created admin '${admin.username}' (id ${admin.id})`);
  } finally {
    await app.close();
  }
}

main().catch(failCommand('create-admin'));
