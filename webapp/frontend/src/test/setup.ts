import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy*/waitFor wait up to 1 s by default, which a loaded two-core CI machine can exceed (PasswordPage did).
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
});
