'use strict';
// Loads a CommonJS bundle (dist/cli.bundle.js, built by scripts/build.js) through V8's code cache, so
// a launch deserializes the functions an earlier run compiled instead of parsing and compiling them
// again. Measured on `warm-standby check` of the example synth: JavaScript compilation was the
// largest part of the CLI's CPU time. Works on every Node the package supports (20 and 24);
// module.enableCompileCache (Node >= 22.1) would only cover the modules `require` loads.
//
// The cache lives in <bundle dir>/.v8-cache/, one file per bundle build, Node version and variant (the
// name holds the bundle's inode, mtime and size, which a rebuild changes, process.version, and the
// variant: the CLI's command, since each command compiles other functions). V8 checks
// the rest itself (its version, flags, the source length) and rejects a cache that does not fit; the
// run then compiles as usual and writes a new one.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

/** The cache file of `file` for this Node and `variant` ([a-z-] only; anything else shares 'other'). */
function cacheFileFor(file, variant) {
  const stat = fs.statSync(file);
  const name = /^[a-z][a-z-]{0,30}$/.test(variant) ? variant : 'other';
  const key = `${process.version}-${process.arch}-${stat.ino}-${Math.trunc(stat.mtimeMs)}-${stat.size}`;
  return path.join(path.dirname(file), '.v8-cache', `${path.basename(file)}.${key}.${name}.bin`);
}

/**
 * Runs the bundle `file` as a CommonJS module, with the cache of `variant`, and returns its exports, plus `saveCache()`: call it
 * once the work is done, so the cache also holds the functions compiled while running (V8 compiles
 * most functions lazily, on first call). `cache` says whether a cache was used: 'hit', 'miss' (none
 * yet) or 'rejected' (V8 refused it).
 */
function loadBundle(file, variant = 'main') {
  const cacheFile = cacheFileFor(file, variant);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = fs.readFileSync(file, 'utf8');
  const options = { filename: file, cachedData };
  // import() inside the bundle resolves as it would in a required module (Node >= 20.19 / 21.7).
  if (vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER) options.importModuleDynamically = vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const script = new vm.Script(Module.wrap(source), options);
  const cache = cachedData === undefined ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  const wrapper = script.runInThisContext();
  const mod = { exports: {}, filename: file, id: file, loaded: false };
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  const saveCache = () => {
    if (cache === 'hit') return;
    try {
      const data = script.createCachedData();
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      // Caches of earlier builds of this bundle (or other Node versions) are dropped.
      const current = path.basename(cacheFile).split('.').slice(0, -2).join('.');
      for (const old of fs.readdirSync(path.dirname(cacheFile))) {
        if (old.startsWith(`${path.basename(file)}.`) && !old.startsWith(`${current}.`)) fs.rmSync(path.join(path.dirname(cacheFile), old), { force: true });
      }
      // Written whole under a temporary name, then renamed: a concurrent run reads the old file or the new one.
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, data);
      fs.renameSync(temporary, cacheFile);
    } catch {
      // A read-only checkout only loses the speed-up.
    }
  };
  return { exports: mod.exports, cache, saveCache };
}

module.exports = { loadBundle, cacheFileFor };
