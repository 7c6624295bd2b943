/**
 * Registers the vboxcore matchers with Jest's global `expect` and types them for `@types/jest`:
 * `require('vboxcore/testing/jest')` in a test file, or list it in `setupFilesAfterEnv`.
 * @module
 */
import { vboxcoreMatchers, VboxcoreMatchers } from './matchers';

declare global {
  // Jest's matcher types live in the global `jest` namespace (@types/jest).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R> extends VboxcoreMatchers<R> {}
  }
}

const jestExpect = (globalThis as { expect?: { extend?: (matchers: object) => void } }).expect;
if (typeof jestExpect?.extend !== 'function') {
  throw new Error('vboxcore/testing/jest registers matchers with Jest\'s global expect, and there is none here: load it from a Jest test file or setupFilesAfterEnv (Vitest: vboxcore/testing/vitest)');
}
jestExpect.extend(vboxcoreMatchers);
