import { z } from 'zod';

/**
 * The client-side rules for choosing a password (the server checks its full policy, e.g. common
 * passwords and the last five): shared by the password change and the reset pages.
 */
export const newPasswordField = z.string().min(1, 'Enter a new password').max(1024, 'The password is too long');
export const confirmPasswordField = z.string().min(1, 'Repeat the new password');
export const PASSWORDS_DIFFER = 'The passwords do not match';

/** The hint under a new-password field: satisfies either server profile (seed-003 and ASVS 5). */
export const NEW_PASSWORD_HINT =
  'Use 15 or more characters, e.g. a few unrelated words with a capital letter, a digit and a symbol. Not your username or e-mail address.';

/** Server field errors that belong to the new password (the policy names it newPassword or password). */
export function isNewPasswordField(field: string): boolean {
  return field === 'newPassword' || field === 'password';
}
