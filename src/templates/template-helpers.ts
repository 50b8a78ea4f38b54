import type { HelperDelegate } from 'handlebars';

// Helpers compare and count only; formatting of money and dates belongs in the view models,
// so that Markdown and HTML show the same strings.
export const templateHelpers: Record<string, HelperDelegate> = {
  eq: (a: unknown, b: unknown) => a === b,
  not: (a: unknown) => !a,
  inc: (n: number) => n + 1,
  json: (value: unknown) => JSON.stringify(value),
};
