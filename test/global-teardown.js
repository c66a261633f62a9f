'use strict';
// Jest globalTeardown: removes the run's temporary folder (test/global-setup.js) and restores TMPDIR.
const fs = require('node:fs');

module.exports = () => {
  const dir = process.env.TMPDIR;
  const before = process.env.WS_JEST_TMPDIR_BEFORE;
  if (before) process.env.TMPDIR = before;
  else delete process.env.TMPDIR;
  delete process.env.WS_JEST_TMPDIR_BEFORE;
  if (dir && /[/]ws-jest-[^/]+$/.test(dir)) fs.rmSync(dir, { recursive: true, force: true });
};
