/**
 * Unknown or misspelled environment keys name the key and the nearest valid one; a missing backend
 * is a validation message; the name length is checked against the names derived from it, so a too
 * long name fails when the environment loads instead of on one resource during synth (15.10, 16.10).
 */
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';
import { App } from 'cdktf';
import { DEFAULTS, ENVIRONMENTS, EnvironmentConfig, EnvironmentValidationError, defineEnvironment, validateEnvironment } from '../../environments';
import { derivedNameLimits, environmentKeyProblems, nameLengthProblems } from '../../environments/validate';
import { Naming } from '../../naming';
import { buildEnvironment } from '../../stacks';

const example = ENVIRONMENTS.example;

function patched(patch: (env: any) => void): EnvironmentConfig {
  const env = JSON.parse(JSON.stringify(example));
  patch(env);
  return env as EnvironmentConfig;
}

function problemsOf(env: EnvironmentConfig): readonly string[] {
  try {
    validateEnvironment(env);
  } catch (err) {
    if (err instanceof EnvironmentValidationError) return err.problems;
    throw err;
  }
  return [];
}

describe('unknown keys', () => {
  test.each([
    [(e: any) => (e.velero.schedulPaused = true), 'velero.schedulPaused is not a known setting (did you mean schedulePaused?)'],
    [(e: any) => (e.objectivs = { rpoSeconds: 1 }), 'objectivs is not a known setting (did you mean objectives?)'],
    [(e: any) => (e.dns.healthCheck.failureTreshold = 3), 'dns.healthCheck.failureTreshold is not a known setting (did you mean failureThreshold?)'],
    [(e: any) => (e.eks.standby.minNode = 1), 'eks.standby.minNode is not a known setting (did you mean minNodes?)'],
    [(e: any) => (e.backend.lockTabel = 'x'), 'backend.lockTabel is not a known setting (did you mean lockTable?)'],
    [(e: any) => (e.eks.endpoint.deployRunner.runerLabel = 'x'), 'eks.endpoint.deployRunner.runerLabel is not a known setting (did you mean runnerLabel?)'],
    [(e: any) => (e.colour = 'blue'), expect.stringMatching(/^colour is not a known setting \(known: name, app, .*policyParams, failback\)$/)],
  ])('%#: named with the nearest valid key', (patch, problem) => {
    expect(problemsOf(patched(patch))).toEqual([problem]);
  });

  test('free-form maps (tags, policyParams) take any key; the examples have no unknown key', () => {
    expect(environmentKeyProblems(patched((e) => (e.tags = { AnyTag: 'x' })))).toEqual([]);
    for (const env of Object.values(ENVIRONMENTS)) expect(environmentKeyProblems(env)).toEqual([]);
  });
});

describe('missing backend', () => {
  test('defineEnvironment without a backend does not throw; validation says what is missing', () => {
    const input = { ...JSON.parse(JSON.stringify(example)), backend: undefined };
    const env = defineEnvironment(input);
    expect(problemsOf(env)).toEqual(['backend must be set (got undefined)']);
    expect(problemsOf(patched((e) => (e.backend = { bucketPrefix: 'x' })))).toEqual(['backend.kind must be one of "s3", "cloud" (got null)']);
    expect(DEFAULTS).not.toHaveProperty('backend');
  });
});

describe('S3 backend lock table', () => {
  test('optional; when named it must be a DynamoDB table name', () => {
    expect(problemsOf(patched((e) => delete e.backend.lockTable))).toEqual([]);
    expect(problemsOf(patched((e) => (e.backend.lockTable = 'tf lock')))).toEqual([
      'backend.lockTable must be a DynamoDB table name: 3-255 letters, digits, _ . - (got "tf lock")',
    ]);
  });
});

describe('name length', () => {
  // ap-southeast-2 and ap-northeast-1 have the longest Region codes (apse2, apne1).
  const base = patched((e) => {
    e.primaryRegion = 'ap-southeast-2';
    e.standbyRegion = 'ap-northeast-1';
  });
  const named = (name: string): EnvironmentConfig => ({ ...base, name });
  const longestFitting = (): string => {
    let name = 'ab';
    while (nameLengthProblems(named(`${name}x`)).length === 0 && name.length < 40) name += 'x';
    return name;
  };

  test('one character over the real limit is a validation problem naming the derived name', () => {
    const fits = longestFitting();
    expect(fits.length).toBe(12); // payments-<12>-apse2-feed = 32, the Redshift feed name limit
    expect(problemsOf(named(`${fits}y`))).toEqual([
      `name "${fits}y" is too long with app "payments": the Redshift feed name "payments-${fits}y-apse2-feed" would be 33 characters (limit 32); use a name of at most 12 characters or a shorter app`,
    ]);
  });

  test('the OpenSearch domain and bootstrap names carry the environment, within their limits', () => {
    const naming = new Naming(named('prod'));
    expect(naming.searchDomainName('primary')).toBe('payments-prod-apse2');
    expect(naming.searchBootstrapName('standby')).toBe('payments-prod-apne1-repl-bootstrap');
    const limits = derivedNameLimits(named('prod')).filter(([what]) => what.startsWith('OpenSearch'));
    expect(limits).toEqual([
      ['OpenSearch domain name', 'payments-prod-apse2', 28],
      ['OpenSearch bootstrap function and IAM role name', 'payments-prod-apse2-repl-bootstrap', 64],
      ['OpenSearch domain name', 'payments-prod-apne1', 28],
      ['OpenSearch bootstrap function and IAM role name', 'payments-prod-apne1-repl-bootstrap', 64],
    ]);
    // The longest name that validates still fits OpenSearch's 28 characters (the feed name binds first).
    expect(new Naming(named(longestFitting())).searchDomainName('primary').length).toBeLessThanOrEqual(28);
  });

  test('the longest name that validates synthesizes every stack (no late failure on a resource name)', () => {
    const env = validateEnvironment(named(longestFitting()));
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-long-name-'));
    const app = new App({ outdir });
    buildEnvironment(app, env, { failover: false });
    expect(() => app.synth()).not.toThrow();
  });
});
