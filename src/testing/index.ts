/**
 * Test-suite support: matchers for Jest and Vitest over dumps (`vboxcore/testing/jest` and
 * `vboxcore/testing/vitest` register them), and the same checks as plain functions. Fixtures
 * come from `vboxcore/builder`.
 * @module
 */
export { vboxcoreMatchers } from './matchers';
export type { DumpUnderTest, MatcherContext, MatcherResult, VboxcoreMatchers } from './matchers';
export { expectDump } from '../expectations/check';
export type { ExpectationReport, ExpectationResult } from '../expectations/check';
