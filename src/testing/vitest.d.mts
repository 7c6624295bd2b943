// Types for vboxcore/testing/vitest: the matchers merged into Vitest's Assertion, as Vitest
// documents for custom matchers.
import 'vitest';
import type { VboxcoreMatchers } from './matchers.js';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Assertion<T = any> extends VboxcoreMatchers<T> {}
}
