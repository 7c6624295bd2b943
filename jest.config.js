/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Tests build multi-gigabyte sparse dumps; the disk work is small but not instant.
  testTimeout: 60000,
  // The fuzz test first: on two cores Jest runs every file in one process, and its heap limit
  // would count what earlier files left (552 MiB in a CI run of 41 files; alone it stays far below).
  testSequencer: '<rootDir>/test/fuzz-first-sequencer.js',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
