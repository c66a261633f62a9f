import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../bundle';
import { Finding, GateReport, MergedRule, Severity } from '../types';
import { ruleSourceFile } from '../sources';
import { locate, notEvaluatedReason, rulesWithStatus } from './common';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_NAME = 'warm-standby';
/** uriBaseId of locations in tracked source (repository-relative paths). */
export const SOURCE_ROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

/**
 * GitHub code scanning's `security-severity` (a score from 0.0 to 10.0; it shows >= 9.0 as critical,
 * 7.0-8.9 high, 4.0-6.9 medium, below 4.0 low): the middle of each band.
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '2.0' };

/**
 * Where a rule's documentation (its Rego, whose METADATA is the documentation) is linked from:
 * in GitHub Actions the file at the analysed commit; elsewhere `WARM_STANDBY_RULES_URL` + the file.
 * @returns undefined when neither is known (then help carries the repository path only)
 */
function ruleUrl(file: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.WARM_STANDBY_RULES_URL) return `${env.WARM_STANDBY_RULES_URL.replace(/\/+$/, '')}/${file}`;
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA)
    return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}/${file}`;
  return undefined;
}

/**
 * SARIF 2.1.0 log: every rule in `tool.driver.rules` (with help, a link and `security-severity`),
 * one result per finding located in tracked source (the module or stack line that created the
 * resource, else the environment file) with the synthesized file as a related location.
 */
export function toSarif(report: GateReport, toolVersion: string = packageVersion(), env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const index = new Map(report.rules.map((rule, i) => [rule.id, i]));
  const notEvaluated = rulesWithStatus(report, 'not_evaluated');
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: toolVersion,
            semanticVersion: toolVersion,
            rules: report.rules.map((rule) => ruleDescriptor(rule, env)),
          },
        },
        automationDetails: { id: 'warm-standby/policy-gate/' },
        // Tracked-source URIs are relative to the repository root (where GitHub resolves them).
        originalUriBaseIds: { [SOURCE_ROOT]: { description: { text: 'the repository root' } } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: notEvaluated.map((rule) => ({
              level: 'note',
              message: { text: `${rule.id} not evaluated: ${notEvaluatedReason(rule)}` },
              associatedRule: { id: rule.id, index: index.get(rule.id) },
            })),
          },
        ],
        results: report.findings.map((f) => result(report, f, index.get(f.rule))),
        properties: { summary: report.summary },
      },
    ],
  };
}

export function renderSarif(report: GateReport): string {
  return `${JSON.stringify(toSarif(report), null, 2)}\n`;
}

function ruleDescriptor(rule: MergedRule, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const file = ruleSourceFile(rule.id);
  const url = file ? ruleUrl(file, env) : undefined;
  const fix = rule.recommended_action || rule.description || rule.title;
  const source = file ? (url ? `[${file}](${url})` : `\`${file}\``) : undefined;
  return {
    id: rule.id,
    name: pascalName(rule.title),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description || rule.title },
    help: {
      text: [fix, rule.description, file ? `Rule source: ${file}` : ''].filter(Boolean).join('\n\n'),
      markdown: [
        `**${rule.id}** (${rule.severity}, ${rule.enforcement}): ${rule.title}`,
        `**Fix:** ${fix}`,
        rule.description,
        source
          ? `Rule source: ${source}. Suppress a finding with an entry in \`environments/<env>.exceptions.yaml\` (rule, address, reason, owner, expires).`
          : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    },
    ...(url ? { helpUri: url } : {}),
    defaultConfiguration: { level: rule.enforcement === 'mandatory' ? 'error' : 'warning' },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      severity: rule.severity,
      enforcement: rule.enforcement,
      scope: rule.scope,
      status: rule.status,
      ...(rule.reason ? { reason: rule.reason } : {}),
      // `security` makes code scanning use security-severity; availability is what these rules protect.
      tags: ['security', 'reliability', 'warm-standby', 'disaster-recovery', rule.scope],
    },
  };
}

function result(report: GateReport, f: Finding, ruleIndex: number | undefined): Record<string, unknown> {
  const level: Level = f.suppressed ? 'note' : f.enforcement === 'mandatory' ? 'error' : 'warning';
  const where = locate(report, f);
  const logicalLocations = [
    ...(f.path ? [{ name: f.path.split('/').pop(), fullyQualifiedName: f.path, kind: 'module' }] : []),
    { name: f.address, fullyQualifiedName: f.address, kind: 'resource' },
  ];
  const synthesized = where
    ? { physicalLocation: { artifactLocation: { uri: where.uri }, ...(where.line ? { region: { startLine: where.line } } : {}) } }
    : undefined;
  const tracked = (at: { file: string; line: number }) => ({
    physicalLocation: { artifactLocation: { uri: at.file, uriBaseId: SOURCE_ROOT }, region: { startLine: at.line } },
  });
  // The tracked source is the primary location (code scanning annotates it); the synthesized
  // cdk.tf.json and the environment file come along as related locations.
  const related = [
    ...(where?.source && synthesized ? [{ ...synthesized, message: { text: 'synthesized Terraform JSON' } }] : []),
    ...(where?.environment && where.source && where.environment.file !== where.source.file
      ? [{ ...tracked(where.environment), message: { text: 'environment configuration' } }]
      : []),
  ].map((loc, id) => ({ id, ...loc }));
  return {
    ruleId: f.rule,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level,
    message: { text: f.message },
    locations: [{ ...(where?.source ? tracked(where.source) : (synthesized ?? {})), logicalLocations }],
    ...(related.length ? { relatedLocations: related } : {}),
    partialFingerprints: { 'warmStandbyFinding/v1': fingerprint(f) },
    ...(f.suppressed
      ? {
          suppressions: [
            {
              kind: 'external',
              state: 'accepted',
              justification: f.exception?.reason ?? 'suppressed by exception',
              ...(f.exception ? { properties: { owner: f.exception.owner, expires: f.exception.expires, address: f.exception.address } } : {}),
            },
          ],
        }
      : {}),
    properties: { stack: f.stack, region: f.region, severity: f.severity, enforcement: f.enforcement, recommended_action: f.recommended_action },
  };
}

/** Stable across re-synthesis (line numbers move; rule, stack and address do not). */
function fingerprint(f: Finding): string {
  return createHash('sha256').update(`${f.rule}\u0000${f.stack}\u0000${f.address}`).digest('hex').slice(0, 32);
}

function pascalName(title: string): string {
  return title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase());
}

/** package.json's version, read from the repository root (a relative require misses it from dist/). */
function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
