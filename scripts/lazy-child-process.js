// A stand-in for node:child_process in the CLI's bundle: the real module is loaded on first use.
'use strict';
let real = null;
module.exports = new Proxy({}, {
  get(_target, key) {
    real ??= require('child_process');
    return real[key];
  },
});
