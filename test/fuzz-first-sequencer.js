// Jest's order of the test files, with the fuzz test first. On two cores Jest runs every file in
// one process, one after another; the fuzz test's heap limit is about what the library holds
// after 3,000 hostile dumps, so it runs before other files have left anything in that process.
'use strict';
const Sequencer = require('@jest/test-sequencer').default;

const isFuzz = (test) => /[\\/]fuzz\.test\.ts$/.test(test.path);

class FuzzFirst extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [...sorted.filter(isFuzz), ...sorted.filter((test) => !isFuzz(test))];
  }
}

module.exports = FuzzFirst;
