import type { ValueTransformer } from 'typeorm';

// PostgreSQL returns BIGINT as a string; money in cents and sequence numbers stay well
// inside Number.MAX_SAFE_INTEGER, so they are handled as numbers in the domain.
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value)),
  from: (value: string | null) => (value === null || value === undefined ? null : JSON.parse(value)),
};
