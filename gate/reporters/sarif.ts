import { createHash } from 'crypto';
import { Finding, GateReport, MergedRule } from '../types';
import { locate, notEvaluatedReason, rulesWithStatus } from './common';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_NAME = 'warm-standby';

type Level = 'error' | 'warning' | 'note';

/** SARIF 2.1.0 log: every rule in `tool.driver.rules`, one result per finding. */
export function toSarif(report: GateReport, toolVersion: string = packageVersion()): Record<string, unknown> {
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
            rules: report.rules.map(ruleDescriptor),
          },
        },
        automationDetails: { id: 'warm-standby/policy-gate/' },
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

function ruleDescriptor(rule: MergedRule): Record<string, unknown> {
  return {
    id: rule.id,
    name: pascalName(rule.title),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description || rule.title },
    help: { text: rule.recommended_action || rule.description || rule.title },
    defaultConfiguration: { level: rule.enforcement === 'mandatory' ? 'error' : 'warning' },
    properties: {
      severity: rule.severity,
      enforcement: rule.enforcement,
      scope: rule.scope,
      status: rule.status,
      ...(rule.reason ? { reason: rule.reason } : {}),
      tags: ['warm-standby', 'disaster-recovery', rule.scope],
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
  return {
    ruleId: f.rule,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level,
    message: { text: f.message },
    locations: [
      {
        ...(where ? { physicalLocation: { artifactLocation: { uri: where.uri }, ...(where.line ? { region: { startLine: where.line } } : {}) } } : {}),
        logicalLocations,
      },
    ],
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

function packageVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
