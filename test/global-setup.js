'use strict';
// Jest globalSetup: the run's temporary folders (the suites', cdktf's Testing outdirs, which cdktf
// never removes, the Terraform copies, the CLI's) go under one folder, set as TMPDIR before the
// workers start and removed by test/global-teardown.js (`npm test`'s jest run included).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = () => {
  process.env.WS_JEST_TMPDIR_BEFORE = process.env.TMPDIR ?? '';
  process.env.TMPDIR = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-jest-'));
};
