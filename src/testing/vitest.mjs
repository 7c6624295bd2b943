// vboxcore/testing/vitest: registers the vboxcore matchers with Vitest's expect. An ES module,
// as Vitest is; `import 'vboxcore/testing/vitest'` in a test file or in `setupFiles`.
import { expect } from 'vitest';
import { vboxcoreMatchers } from './matchers.js';

expect.extend(vboxcoreMatchers);
