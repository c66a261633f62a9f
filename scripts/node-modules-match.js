#!/usr/bin/env node
'use strict';
// Exit 0 when node_modules holds exactly the tree package-lock.json describes, judged from the hidden
// lockfile npm writes into node_modules after every install (node_modules/.package-lock.json), which
// `npm ls` itself reads in place of the folders while it is current. Exit 1, naming the first
// difference, otherwise. scripts/setup runs this on a node_modules shared through a symlink before it
// falls back to `npm ls --depth=0`, which costs about a second of CPU (each workflow-job test pays it).
//
//   node scripts/node-modules-match.js [root]
const fs = require('node:fs');
const path = require('node:path');

/** Why `root`'s node_modules may differ from its package-lock.json, or undefined when it matches. */
function mismatch(root) {
  const read = (file) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
  let lock, hidden, manifest;
  try {
    lock = read('package-lock.json');
    hidden = read(path.join('node_modules', '.package-lock.json'));
    manifest = read('package.json');
  } catch (error) {
    return `cannot read ${error.path ? path.relative(root, error.path) : 'a lock file'}: ${error.code ?? error.message}`;
  }
  const wanted = lock.packages ?? {};
  const installed = hidden.packages ?? {};
  // package.json and the lock file agree on the direct dependencies (what `npm ci` checks first).
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const a = JSON.stringify(manifest[field] ?? {});
    const b = JSON.stringify(wanted['']?.[field] ?? {});
    if (a !== b) return `package.json ${field} differ from package-lock.json's`;
  }
  // The hidden lockfile must be newer than every package folder npm could have changed after it.
  const hiddenTime = fs.statSync(path.join(root, 'node_modules', '.package-lock.json')).mtimeMs;
  for (const [key, entry] of Object.entries(wanted)) {
    if (key === '') continue;
    const have = installed[key];
    if (!have) {
      // npm leaves out optional packages for other platforms (the esbuild binaries, for example).
      if (entry.optional) continue;
      return `${key} is not installed`;
    }
    if (JSON.stringify(have) !== JSON.stringify(entry)) return `${key} is installed as ${have.version ?? '?'}, package-lock.json has ${entry.version ?? '?'}`;
    if (!entry.link && key.split('node_modules/').length === 2) {
      let stat;
      try {
        stat = fs.statSync(path.join(root, key));
      } catch {
        return `${key} is listed as installed but its folder is missing`;
      }
      if (stat.mtimeMs > hiddenTime) return `${key} changed after the last install`;
    }
  }
  const extra = Object.keys(installed).find((key) => !(key in wanted));
  if (extra) return `${extra} is installed but not in package-lock.json`;
  return undefined;
}

module.exports = { mismatch };

if (require.main === module) {
  const reason = mismatch(path.resolve(process.argv[2] ?? path.join(__dirname, '..')));
  if (reason) {
    process.stderr.write(`node_modules does not match package-lock.json: ${reason}\n`);
    process.exitCode = 1;
  }
}
