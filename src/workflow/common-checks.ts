import { Actor, Check } from './machine-runtime';

export function hasRole<TContext>(role: string, action: string): Check<TContext, { actor: Actor }> {
  return {
    kind: 'forbidden',
    code: 'ROLE_REQUIRED',
    message: `Only a user with the ${role} role may ${action}`,
    test: (_context, event) => event.actor.roles.includes(role),
  };
}

export function requireComment<TContext>(action: string): Check<TContext, { comment?: string }> {
  return {
    kind: 'invalid',
    code: 'COMMENT_REQUIRED',
    message: `${action} requires a comment`,
    test: (_context, event) => typeof event.comment === 'string' && event.comment.trim().length > 0,
  };
}
