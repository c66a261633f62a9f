'use strict';
// Where `scripts/setup` put the tools; shared by scripts/with-tools.js and the TypeScript harnesses.
// .tools/toolchain.json and .tools/terraformrc hold paths relative to .tools/ (or bare command names
// looked up on PATH), so a moved or copied checkout uses its own tools; they are resolved here.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TOOLS = path.join(ROOT, '.tools');
const TOOLCHAIN_FILE = path.join(TOOLS, 'toolchain.json');

/** A tool entry: a bare name (no slash) is looked up on PATH; a path is relative to .tools/ (absolute still accepted). */
function resolveTool(entry, tools = TOOLS) {
  return typeof entry === 'string' && entry.includes('/') ? path.resolve(tools, entry) : entry;
}

/** The toolchain written by scripts/setup, with its paths resolved; a clear error when setup has not run. */
function readToolchain(toolchainFile = TOOLCHAIN_FILE) {
  if (!fs.existsSync(toolchainFile)) {
    throw new Error(`${path.relative(process.cwd(), toolchainFile) || toolchainFile} is missing: run "bash scripts/setup" first`);
  }
  const raw = JSON.parse(fs.readFileSync(toolchainFile, 'utf8'));
  const tools = path.dirname(toolchainFile);
  return {
    ...raw,
    opa: resolveTool(raw.opa, tools),
    terraform: resolveTool(raw.terraform, tools),
    terraformrc: path.resolve(tools, raw.terraformrc),
    pluginCache: path.resolve(tools, raw.pluginCache),
  };
}

/**
 * Terraform resolves relative paths in its CLI configuration against its working directory, so the
 * relative .tools/terraformrc is rewritten with this checkout's absolute paths into a per-checkout
 * file under the OS temp folder (rewritten only when it changes).
 */
function effectiveTerraformrc(terraformrc) {
  const tools = path.dirname(terraformrc);
  const text = fs
    .readFileSync(terraformrc, 'utf8')
    .replace(/^(\s*(?:path|plugin_cache_dir)\s*=\s*)"([^"]*)"/gm, (line, key, value) =>
      path.isAbsolute(value) ? line : `${key}${JSON.stringify(path.join(tools, value))}`,
    );
  const file = path.join(os.tmpdir(), `warm-standby-${crypto.createHash('sha256').update(tools).digest('hex').slice(0, 12)}.tfrc`);
  let current;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== text) {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  }
  return file;
}

/** process.env plus the project's tools on PATH and its Terraform CLI configuration. */
function toolEnv(base = process.env) {
  const env = { ...base };
  if (!fs.existsSync(TOOLCHAIN_FILE)) return env;
  const tc = readToolchain();
  const dirs = [
    path.join(TOOLS, 'bin'),
    ...[tc.opa, tc.terraform].filter((t) => t.includes('/')).map((t) => path.dirname(t)),
    path.join(ROOT, 'node_modules', '.bin'),
  ];
  env.PATH = [...new Set(dirs), env.PATH || ''].join(path.delimiter);
  env.TF_CLI_CONFIG_FILE = effectiveTerraformrc(tc.terraformrc);
  env.CHECKPOINT_DISABLE = '1';
  env.TF_IN_AUTOMATION = '1';
  return env;
}

module.exports = { ROOT, TOOLCHAIN_FILE, readToolchain, resolveTool, effectiveTerraformrc, toolEnv };
