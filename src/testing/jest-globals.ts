/**
 * The vboxcore matchers for tests that import `expect` from `@jest/globals` (Jest's
 * `injectGlobals: false`, or typed tests without `@types/jest`): registers them with that
 * `expect` and adds their types to the `expect` module, as Jest documents for custom matchers.
 * `import 'vboxcore/testing/jest-globals'` in a test file, or list it in `setupFilesAfterEnv`.
 * @module
 */
import { expect } from '@jest/globals';
import { vboxcoreMatchers, type VboxcoreMatchers } from './matchers';

declare module 'expect' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Matchers<R extends void | Promise<void>, T = unknown> extends VboxcoreMatchers<R> {}
}

expect.extend(vboxcoreMatchers);
