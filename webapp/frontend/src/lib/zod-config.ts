import { config } from 'zod/v4/core';

// Zod 4 probes `new Function("")` to decide whether it may compile fast parsers; under our CSP
// (no 'unsafe-eval') the probe is refused and the browser reports a violation even though zod
// catches the error. Jitless parsing never probes. Imported first by main.tsx, before any schema.
config({ jitless: true });
