import * as fs from 'fs';
import * as path from 'path';
import { ENTRYPOINT, findOpa, policySourceFiles, repoRoot, runTool } from '../../gate/bundle';
import type { PolicyParams } from '../../gate/engine';
import { InputError, PolicyError, UsageError, oneLine } from '../../common/errors';
import { checkWritableDir, displayPath, isRecord } from '../../common/files';
import { exceptionsFileFor, loadExceptions } from '../../gate/exceptions';
import { loadParams, mergeParams, validateParams } from '../../gate/params';
import type { PolicyException } from '../../gate/types';
import { Command, CommandIO, parseCommandArgs } from './command';

const HELP = `usage: warm-standby policy-set <dir> [--params FILE] [--env NAME] [--exceptions FILE]

Writes an HCP Terraform OPA policy set to <dir> (created if missing; a previous policy set there is
replaced, other files such as .git are kept):
  policies.hcl       one policy per stack-local rule that runs on a plan: its query
                     (data.terraform.policies.warm_standby.<area>.<rule>.deny), enforcement level and
                     description
  main.rego, lib/, rules/  the gate's report and the Rego those rules need (tests left out)
  hcp/               one generated wrapper package per policy: its \`deny\` is the rule's unsuppressed
                     findings in the report as messages (or why the rule was not evaluated), so an
                     empty result passes and any message fails the policy
  params/data.json   the policy parameters (data.params): the Rego defaults, then --env, then --params
  dated_facts/data.json  the dated-facts table the gate's bundle carries (data.dated_facts)
  exceptions/data.json  the exceptions (data.exceptions), the same file synth and check read; a
                     finding whose exception has expired by the time HCP Terraform evaluates fails again
  README.md          what is in the set, and every rule left out with the reason

The rules are read from the Rego sources (their METADATA) when the command runs, so a new rule is
exported without touching the gate. Cross-Region rules and rules that need the synthesized cdktf
app (backend settings) cannot run on one workspace's plan and are left out.

options:
  -p, --params FILE  policy parameters (JSON or YAML object), laid over the environment's
      --env NAME     bake the policyParams of this environment (environments/)
  -e, --exceptions FILE  exceptions to carry (JSON or YAML)
                     (default: $WARM_STANDBY_EXCEPTIONS, else environments/<env>.exceptions.yaml of --env
                     when it exists, else none)
  -h, --help         show this help

exit status: 0 written, 2 usage or input error
`;

/** Directory entries the command owns inside a policy set directory. */
const MANAGED = ['policies.hcl', 'README.md', 'params', 'exceptions', 'main.rego', 'lib', 'rules', 'hcp', 'extra'] as const;

/** Rule metadata as each rule package exposes it (`data.warm_standby.rules.<area>.<rule>.metadata`). */
export interface RuleMetadata {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly severity: string;
  readonly enforcement: string;
  readonly recommended_action: string;
  readonly scope: string;
  readonly inputs: readonly string[];
  readonly inputs_reason?: string | null;
  readonly roles?: readonly string[];
  readonly needs_objectives?: boolean;
}

export interface PolicySetRule {
  /** `warm_standby.rules.<area>.<rule>` */
  readonly pkg: string;
  readonly area: string;
  readonly rule: string;
  readonly metadata: RuleMetadata;
}

export interface ExportedPolicy extends PolicySetRule {
  /** Policy name in policies.hcl, e.g. `ws-eks-002-standby-min-nodes`. */
  readonly name: string;
  /** e.g. `data.terraform.policies.warm_standby.eks.standby_min_nodes.deny` */
  readonly query: string;
  readonly enforcement: 'mandatory' | 'advisory';
}

export interface ExcludedRule extends PolicySetRule {
  readonly reason: string;
}

export interface PolicySetResult {
  readonly dir: string;
  readonly policies: readonly ExportedPolicy[];
  readonly excluded: readonly ExcludedRule[];
  readonly params: PolicyParams;
  readonly exceptions: readonly PolicyException[];
  /** Files written, relative to `dir`. */
  readonly files: readonly string[];
}

export interface PolicySetOptions {
  /** @default - {@link repoRoot} */
  readonly root?: string;
  /** @default - {@link findOpa} */
  readonly opa?: string;
  /** Laid over the Rego defaults (`data.warm_standby.lib.param_defaults`). @default {} */
  readonly params?: PolicyParams;
  /** Named in README.md. */
  readonly environment?: string;
  /** Validated, unexpired exceptions carried as `data.exceptions`. @default [] */
  readonly exceptions?: readonly PolicyException[];
  /** Names the exceptions' source in README.md. @default - none */
  readonly exceptionsSource?: string;
}

/**
 * Package prefix of the generated wrappers. HCP Terraform's documentation and examples query
 * `data.terraform...` (e.g. `data.terraform.policies.<name>.deny`); the `warm_standby` segment
 * keeps the set from colliding with other policies in the same workspace.
 */
export const HCP_PACKAGE_PREFIX = 'terraform.policies.warm_standby';

/** The input kind of an HCP Terraform policy evaluation, as `lib.input_kind` names it. */
const HCP_KIND = 'hcp';

const CROSS_REGION_REASON =
  "cross-Region rule: needs the primary and the standby stack together, but an HCP Terraform policy evaluation sees one workspace's plan (one Region); enforced by `warm-standby check cdktf.out` at synth";

const OBJECTIVES_REASON =
  'needs data.objectives (recovery-objective estimates), which the TypeScript gate computes from a synthesized cdktf app; an HCP Terraform evaluation has only the plan';

/** Package of the report entry point (`warm_standby.main`): the wrappers read its report. */
const MAIN_PACKAGE = ENTRYPOINT.split('/').slice(0, -1).join('.');
const REPORT_REF = `data.${ENTRYPOINT.split('/').join('.')}`;

/**
 * Writes the HCP Terraform OPA policy set for the rules present in the Rego sources now.
 * Throws a {@link GateError} (exit 2) for anything that stops it.
 */
export function writePolicySet(dir: string, options: PolicySetOptions = {}): PolicySetResult {
  const root = options.root ?? repoRoot();
  // Refused before any work: an unwritable or misplaced target is the user's to fix.
  checkWritableDir(dir);
  const opa = options.opa ?? findOpa(root);
  if (!opa) throw new PolicyError('opa not found: put it on PATH or in .tools/bin, or set OPA', 'policy-set');

  const sources = policySourceFiles(root).filter((file) => file.endsWith('.rego'));
  const { rules, defaults } = readRules(opa, sources, root);
  if (rules.length === 0) throw new PolicyError('no rule packages with metadata found', 'policies/rules');

  const policies: ExportedPolicy[] = [];
  const excluded: ExcludedRule[] = [];
  for (const r of rules) {
    const reasons: string[] = [];
    if (r.metadata.scope !== 'stack_local')
      reasons.push(r.metadata.scope === 'cross_region' ? CROSS_REGION_REASON : `scope "${r.metadata.scope}" is not stack_local`);
    if (!r.metadata.inputs.includes(HCP_KIND)) {
      reasons.push(
        typeof r.metadata.inputs_reason === 'string' && r.metadata.inputs_reason
          ? `cdktf_app-only rule: ${r.metadata.inputs_reason}`
          : `runs only on ${r.metadata.inputs.join(', ') || 'no'} input(s), not on an HCP Terraform plan`,
      );
    }
    if (r.metadata.needs_objectives === true) reasons.push(OBJECTIVES_REASON);
    if (reasons.length > 0) {
      excluded.push({ ...r, reason: reasons.join('; ') });
      continue;
    }
    const enforcement = r.metadata.enforcement;
    if (enforcement !== 'mandatory' && enforcement !== 'advisory') {
      throw new PolicyError(`rule ${r.metadata.id} has enforcement "${enforcement}" (expected mandatory or advisory)`, r.pkg);
    }
    policies.push({
      ...r,
      name: `${r.metadata.id.toLowerCase()}-${r.rule.replace(/_/g, '-')}`,
      query: `data.${HCP_PACKAGE_PREFIX}.${r.area}.${r.rule}.deny`,
      enforcement,
    });
  }
  if (policies.length === 0) throw new PolicyError('no stack-local rule runs on a plan; nothing to export', 'policies/rules');

  const params = validateParams(mergeParams(defaults, options.params), 'policy parameters');
  const exceptions = options.exceptions ?? [];
  const known = new Set(rules.map((r) => r.metadata.id));
  exceptions.forEach((e, index) => {
    if (!known.has(e.rule))
      throw new InputError(`bad exception: unknown rule ${e.rule}`, `${options.exceptionsSource ?? 'exceptions'}: exceptions[${index}] ${e.rule} ${e.address}`);
  });

  // Rego files: the report entry point, the exported rules' packages and every package they
  // reference, transitively. The report discovers rule packages by walking data.warm_standby.rules,
  // so in the set it sees exactly the exported rules.
  const byPackage = packagesOf(sources);
  const files = regoClosure([MAIN_PACKAGE, ...policies.map((p) => p.pkg)], byPackage);

  const out: Record<string, string> = {};
  const policiesDir = path.join(root, 'policies');
  for (const file of files) {
    const rel = path.relative(policiesDir, file);
    const target = rel.startsWith('..') ? path.join('extra', path.basename(file)) : rel;
    out[target.split(path.sep).join('/')] = fs.readFileSync(file, 'utf8');
  }
  for (const p of policies) out[`hcp/${p.area}/${p.rule}.rego`] = wrapperRego(p);
  // The dated-facts table (Lambda runtime and EKS dates, S3 archive restore hours) as data.dated_facts,
  // where the gate's bundle has it: rules that read it would otherwise see an empty table.
  const datedFacts = path.join(policiesDir, 'lib', 'dated_facts', 'data.json');
  if (fs.existsSync(datedFacts)) out['dated_facts/data.json'] = fs.readFileSync(datedFacts, 'utf8');
  out['params/data.json'] = `${JSON.stringify(params, null, 2)}\n`;
  out['exceptions/data.json'] = `${JSON.stringify(exceptions, null, 2)}\n`;
  out['policies.hcl'] = policiesHcl(policies, options.environment);
  out['README.md'] = readme(policies, excluded, params, options.environment, exceptions, options.exceptionsSource);

  const target = path.resolve(dir);
  prepareDir(target);
  for (const [rel, text] of Object.entries(out).sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.join(target, ...rel.split('/'));
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    } catch (err) {
      throw new InputError(`cannot write the policy set: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, displayPath(file));
    }
  }
  // The exported Rego must compile on its own (HCP Terraform loads the directory as a bundle).
  runTool(opa, ['check', '--bundle', target], root, 'opa check of the policy set');
  return { dir: target, policies, excluded, params, exceptions, files: Object.keys(out).sort() };
}

/** Rule metadata of every rule package, and the Rego parameter defaults, via `opa eval`. */
function readRules(opa: string, sources: readonly string[], root: string): { rules: PolicySetRule[]; defaults: PolicyParams } {
  const query =
    '{"rules": {concat(".", [area, name]): md | md := data.warm_standby.rules[area][name].metadata}, ' +
    '"defaults": [d | d := data.warm_standby.lib.param_defaults]}';
  const stdout = runTool(opa, ['eval', '--format', 'json', ...sources.flatMap((file) => ['-d', file]), query], root, 'opa eval of the rule metadata');
  let value: unknown;
  try {
    value = (JSON.parse(stdout) as { result?: { expressions?: { value?: unknown }[] }[] }).result?.[0]?.expressions?.[0]?.value;
  } catch {
    throw new PolicyError('opa eval answered something other than JSON', 'rule metadata');
  }
  if (!isRecord(value) || !isRecord(value.rules)) throw new PolicyError('rule metadata is undefined (a Rego error?)', 'policies/rules');
  const rules: PolicySetRule[] = [];
  for (const [key, md] of Object.entries(value.rules)) {
    const [area, rule] = key.split('.');
    if (!isRecord(md) || typeof md.id !== 'string' || typeof md.scope !== 'string' || typeof md.enforcement !== 'string') {
      throw new PolicyError('rule metadata lacks id, scope or enforcement', `warm_standby.rules.${key}`);
    }
    const inputs = Array.isArray(md.inputs) ? md.inputs.filter((i): i is string => typeof i === 'string') : ['cdktf_app', 'plan', HCP_KIND];
    rules.push({ pkg: `warm_standby.rules.${key}`, area, rule, metadata: { ...(md as unknown as RuleMetadata), inputs } });
  }
  rules.sort((a, b) => a.metadata.id.localeCompare(b.metadata.id, 'en', { numeric: true }));
  const defaults = Array.isArray(value.defaults) && isRecord(value.defaults[0]) ? value.defaults[0] : {};
  return { rules, defaults };
}

/** Package name -> files declaring it (production sources only). */
function packagesOf(files: readonly string[]): Map<string, { files: string[]; text: string }> {
  const map = new Map<string, { files: string[]; text: string }>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const pkg = /^package\s+([A-Za-z_][\w.]*)/m.exec(text)?.[1];
    if (!pkg) continue;
    const entry = map.get(pkg) ?? { files: [], text: '' };
    entry.files.push(file);
    entry.text += `\n${text}`;
    map.set(pkg, entry);
  }
  return map;
}

/**
 * Files of the given packages and of every package they reference (`data.<pkg>...`, or a rule
 * inside it), transitively. A reference to a package prefix (`data.warm_standby.rules[area]`) pulls
 * in nothing: the caller lists the rule packages it wants.
 */
function regoClosure(start: readonly string[], byPackage: Map<string, { files: string[]; text: string }>): string[] {
  const included = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const pkg = queue.shift() as string;
    if (included.has(pkg)) continue;
    const entry = byPackage.get(pkg);
    if (!entry) throw new PolicyError(`package ${pkg} not found in the Rego sources`, 'policies/');
    included.add(pkg);
    const code = entry.text.replace(/#.*$/gm, '');
    for (const m of code.matchAll(/\bdata((?:\.[A-Za-z_]\w*)+)/g)) {
      const ref = m[1].slice(1);
      for (const candidate of byPackage.keys()) {
        if (!included.has(candidate) && (ref === candidate || ref.startsWith(`${candidate}.`))) queue.push(candidate);
      }
    }
  }
  return [...included].flatMap((pkg) => byPackage.get(pkg)?.files ?? []).sort();
}

/** A Rego string literal (JSON strings are valid Rego strings). */
const lit = (s: string): string => JSON.stringify(s);

function wrapperRego(p: ExportedPolicy): string {
  const md = p.metadata;
  const id = lit(md.id);
  return `# Generated by \`warm-standby policy-set\` for ${p.pkg}; regenerate instead of editing.
# HCP Terraform policy ${p.name} (${md.id}, ${p.enforcement}): ${oneLine(md.title)}.
# The query ${p.query} is a set of messages: empty passes, any message fails the policy.
# It reads the gate's own report, so status decisions (input kind, mode, roles) and exceptions
# (data.exceptions, from exceptions/data.json) are the same as \`warm-standby check\`; a rule the
# report does not evaluate fails rather than passing silently.
package ${HCP_PACKAGE_PREFIX}.${p.area}.${p.rule}

import ${REPORT_REF}

deny contains msg if {
	some f in report.findings
	f.rule == ${id}
	not f.suppressed
	msg := sprintf("%s [%s] %s (stack %s). Fix: %s", [f.rule, f.severity, f.message, f.stack, f.recommended_action])
}

# The set is exported once and evaluated later: an exception applies through its expires day (UTC),
# as \`warm-standby check\` judges it, and no longer.
deny contains msg if {
	some f in report.findings
	f.rule == ${id}
	f.suppressed
	time.now_ns() >= time.parse_ns("2006-01-02", f.exception.expires) + ((24 * 60) * 60) * 1000000000
	msg := sprintf("%s [%s] %s (stack %s); its exception (owner %s) expired on %s: renew or remove it. Fix: %s", [f.rule, f.severity, f.message, f.stack, f.exception.owner, f.exception.expires, f.recommended_action])
}

deny contains msg if {
	some r in report.rules
	r.id == ${id}
	r.status == "not_evaluated"
	msg := sprintf("%s not evaluated: %s", [r.id, r.reason])
}

deny contains msg if {
	not ${id} in {r.id | some r in report.rules}
	msg := sprintf("%s not evaluated: the rule is missing from the report (input kind %s)", [${id}, report.input_kind])
}
`;
}

/** An HCL quoted string: JSON escapes, plus `${` and `%{` doubled so HCL reads them literally. */
export function hclString(s: string): string {
  // `$$` in a replacement string is one `$`.
  return JSON.stringify(s).replace(/\$\{/g, '$$$${').replace(/%\{/g, '%%{');
}

/** What HCP Terraform shows beside the policy: id, severity, title and the fix. */
function policyDescription(p: ExportedPolicy): string {
  const md = p.metadata;
  return oneLine(`${md.id} (${md.severity}): ${md.title}. Fix: ${md.recommended_action}`);
}

function policiesHcl(policies: readonly ExportedPolicy[], environment: string | undefined): string {
  const head = [
    '# HCP Terraform OPA policy set generated by `warm-standby policy-set`; regenerate instead of editing.',
    `# Parameters: params/data.json (data.params)${environment ? `, environment ${environment}` : ''}. Rules left out: README.md.`,
  ];
  const blocks = policies.map((p) =>
    [
      '',
      `# ${p.metadata.id} (${p.metadata.severity}): ${oneLine(p.metadata.title)}`,
      `policy ${hclString(p.name)} {`,
      `  query             = ${hclString(p.query)}`,
      `  enforcement_level = ${hclString(p.enforcement)}`,
      `  description       = ${hclString(policyDescription(p))}`,
      '}',
    ].join('\n'),
  );
  return `${head.join('\n')}\n${blocks.join('\n')}\n`;
}

function readme(
  policies: readonly ExportedPolicy[],
  excluded: readonly ExcludedRule[],
  params: PolicyParams,
  environment: string | undefined,
  exceptions: readonly PolicyException[],
  exceptionsSource: string | undefined,
): string {
  const cell = (s: string): string => oneLine(s).replace(/\|/g, '\\|');
  return `# Warm-standby HCP Terraform OPA policy set

Generated by \`warm-standby policy-set\`${environment ? ` for environment \`${environment}\`` : ''}; regenerate it instead of editing.
HCP Terraform evaluates each query in \`policies.hcl\` on \`{"plan": <terraform show -json>, "run": {...}}\`
(the Rego adapters read \`input.plan\`). Each query is a set of messages: empty passes; any message fails the
policy, which blocks the run when the policy is \`mandatory\` and warns when it is \`advisory\`.

Layout: \`policies.hcl\`; \`hcp/\` one generated wrapper package per policy, reading the rule's findings
and status from the gate's report (\`main.rego\`); \`lib/\` and \`rules/\` the warm-standby Rego those
rules need (tests left out); \`params/data.json\` the parameters, loaded as
\`data.params\` (in bundle mode OPA reads data only from files named \`data.json\`/\`data.yaml\`).

Try a policy locally the way HCP Terraform runs it:

    opa eval -b . -i hcp-input.json 'data.${HCP_PACKAGE_PREFIX}.rds.source_backups.deny'

## Policies (${policies.length})

| policy | rule | severity | enforcement | title |
| --- | --- | --- | --- | --- |
${policies.map((p) => `| \`${p.name}\` | ${p.metadata.id} | ${p.metadata.severity} | ${p.enforcement} | ${cell(p.metadata.title)} |`).join('\n')}

## Rules left out (${excluded.length})

These are enforced by \`warm-standby check\` on the synthesized app (\`cdktf synth\` runs it), not here.

| rule | title | why |
| --- | --- | --- |
${excluded.map((r) => `| ${r.metadata.id} | ${cell(r.metadata.title)} | ${cell(r.reason)} |`).join('\n')}

## Parameters

\`\`\`json
${JSON.stringify(params, null, 2)}
\`\`\`

## Exceptions (${exceptions.length})

${exceptionsSource ? `From \`${exceptionsSource}\`, the file synth and \`warm-standby check\` read; in` : 'In'} \`exceptions/data.json\` (\`data.exceptions\`).
A finding whose exception has expired when HCP Terraform evaluates the plan fails the policy again.

${exceptions.length ? `| rule | address | stack | owner | expires | reason |\n| --- | --- | --- | --- | --- | --- |\n${exceptions.map((e) => `| ${e.rule} | \`${cell(e.address)}\` | ${cell(e.stack ?? 'any')} | ${cell(e.owner)} | ${e.expires} | ${cell(e.reason)} |`).join('\n')}` : 'None.'}
`;
}

/** Creates the directory, or clears the entries a previous export wrote; refuses a foreign non-empty one. */
function prepareDir(dir: string): void {
  const shown = displayPath(dir);
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new UsageError('policy set target is not a directory', shown);
    const entries = fs.readdirSync(dir);
    if (entries.length > 0 && !entries.includes('policies.hcl')) {
      throw new UsageError('directory is not empty and holds no policy set (no policies.hcl); refusing to write into it', shown);
    }
    try {
      for (const entry of MANAGED) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    } catch (err) {
      throw new InputError(`cannot replace the previous policy set: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, shown);
    }
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create directory: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, shown);
  }
}

function environmentPolicyParams(name: string): PolicyParams {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ENVIRONMENTS } = require('../../environments') as typeof import('../../environments');
  const env = ENVIRONMENTS[name];
  if (!env) throw new UsageError(`unknown environment "${name}"`, `--env: one of ${Object.keys(ENVIRONMENTS).join(', ')}`);
  return env.policyParams ?? {};
}

export const policySetCommand: Command = {
  name: 'policy-set',
  help: HELP,
  run(args, io) {
    // Synchronous work (opa runs as a child process); errors reach the dispatcher as a rejection.
    return new Promise<number>((resolve) => resolve(runPolicySet(args, io)));
  },
};

function runPolicySet(args: readonly string[], io: CommandIO): number {
  const { values, positionals } = parseCommandArgs('policy-set', args, {
    params: { type: 'string', short: 'p' },
    env: { type: 'string' },
    exceptions: { type: 'string', short: 'e' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? 'policy-set needs a target directory' : 'policy-set takes exactly one directory',
      'try warm-standby policy-set --help',
    );
  }
  const envParams = values.env !== undefined ? environmentPolicyParams(values.env) : undefined;
  const fileParams = values.params !== undefined ? loadParams(path.resolve(io.cwd, values.params)) : undefined;
  const exceptionsFile = values.exceptions !== undefined ? path.resolve(io.cwd, values.exceptions) : exceptionsFileFor(values.env);
  const exceptionsSource = exceptionsFile === undefined ? undefined : displayPath(path.resolve(io.cwd, exceptionsFile), repoRoot());
  const result = writePolicySet(path.resolve(io.cwd, positionals[0]), {
    params: mergeParams(envParams, fileParams),
    environment: values.env,
    exceptions: exceptionsFile === undefined ? [] : loadExceptions(path.resolve(io.cwd, exceptionsFile)),
    exceptionsSource,
  });
  const mandatory = result.policies.filter((p) => p.enforcement === 'mandatory').length;
  io.stdout(
    `warm-standby: wrote HCP Terraform policy set to ${displayPath(result.dir, io.cwd)}: ${result.policies.length} policies ` +
      `(${mandatory} mandatory, ${result.policies.length - mandatory} advisory); ${result.excluded.length} rules left out (see README.md); ` +
      `${result.exceptions.length} exception(s) carried${exceptionsSource ? ` from ${exceptionsSource}` : ''}\n`,
  );
  return 0;
}
