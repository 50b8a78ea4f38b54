import * as argon2 from 'argon2';

// argon2id with the library's defaults (OWASP-recommended family); the hash string carries its parameters.
export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
