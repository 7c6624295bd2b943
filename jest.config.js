/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Tests build multi-gigabyte sparse dumps; the disk work is small but not instant.
  testTimeout: 60000,
  // Test files run in a worker that is replaced once its heap passes this after a file: with
  // two cores Jest would otherwise run every file in one process, and the fuzz test's heap limit
  // (what the library holds after 3,000 hostile dumps) would count what earlier files left
  // (552 MiB in a CI run of 41 files; the fuzz file alone stays far below its 512).
  workerIdleMemoryLimit: '256MB',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
