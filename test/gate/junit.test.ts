import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJunit } from '../../gate/reporters/junit';
import { finding, rule, sampleReport } from './fixtures';
import { mergeReports } from '../../gate/gate';

interface Case {
  '@_classname': string;
  '@_name': string;
  '@_file'?: string;
  failure?: { '@_message': string; '@_type': string; '#text': string }[];
  skipped?: { '@_message': string }[];
  'system-out'?: string[];
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_skipped': string;
  properties?: { property: { '@_name': string; '@_value': string }[] };
  testcase: Case[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'skipped', 'system-out', 'property'].includes(name),
  textNodeName: '#text',
});

function parse(xml: string): { testsuites: { '@_tests': string; '@_failures': string; '@_skipped': string; testsuite: Suite[] } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml);
}

describe('JUnit reporter', () => {
  const xml = renderJunit(sampleReport());
  const doc = parse(xml);
  const suite = (name: string): Suite => doc.testsuites.testsuite.find((s) => s['@_name'] === name)!;
  const testcase = (stack: string, id: string): Case => suite(stack).testcase.find((c) => c['@_name'].startsWith(`${id} `))!;

  test('is well-formed XML with an XML declaration', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
  });

  test('one testsuite per stack, with the stack facts as properties', () => {
    expect(doc.testsuites.testsuite.map((s) => s['@_name'])).toEqual(['example-primary', 'example-standby']);
    expect(suite('example-standby').properties?.property).toEqual(
      expect.arrayContaining([
        { '@_name': 'role', '@_value': 'standby' },
        { '@_name': 'region', '@_value': 'us-west-2' },
        { '@_name': 'file', '@_value': 'cdktf.out/stacks/example-standby/cdk.tf.json' },
      ]),
    );
  });

  test('a testcase per evaluated or not-evaluated rule; not-applicable rules are left out', () => {
    const names = suite('example-primary').testcase.map((c) => c['@_name'].split(' ')[0]);
    expect(names).toEqual(['WS-BAK-002', 'WS-DNS-003', 'WS-EKS-002', 'WS-RDS-003']);
    expect(testcase('example-primary', 'WS-EKS-002')['@_classname']).toBe('warm-standby.example-primary');
  });

  test('unsuppressed findings fail their testcase, with the message escaped and intact', () => {
    const failed = testcase('example-standby', 'WS-EKS-002');
    expect(failed.failure).toHaveLength(1);
    const failure = failed.failure![0];
    expect(failure['@_type']).toBe('mandatory HIGH');
    expect(failure['@_message']).toContain('aws_eks_node_group.standby_nodes_9F3C: max_size 2');
    expect(failure['#text']).toContain('100% <b>not</b> | scalable,\nsecond line: "quoted" & more');
    expect(failure['#text']).toContain('fix: Fix WS-EKS-002.');
    expect(testcase('example-primary', 'WS-DNS-003').failure?.[0]['@_type']).toBe('advisory LOW');
    expect(testcase('example-primary', 'WS-EKS-002').failure).toBeUndefined();
  });

  test('suppressed findings pass and say so in system-out', () => {
    const suppressed = testcase('example-standby', 'WS-RDS-003');
    expect(suppressed.failure).toBeUndefined();
    expect(suppressed['system-out']?.[0]).toContain('suppressed aws_db_instance.replica_7C8D');
    expect(suppressed['system-out']?.[0]).toContain('platform-team');
  });

  test('not-evaluated rules are skipped with the reason', () => {
    expect(testcase('example-primary', 'WS-BAK-002').skipped?.[0]['@_message']).toBe('not evaluated: needs both Regions');
  });

  test('counts add up per suite and overall', () => {
    const standby = suite('example-standby');
    expect([standby['@_tests'], standby['@_failures'], standby['@_skipped']]).toEqual(['4', '1', '1']);
    expect([doc.testsuites['@_tests'], doc.testsuites['@_failures'], doc.testsuites['@_skipped']]).toEqual(['8', '2', '2']);
  });

  test('findings of a stack no input listed go to an "(app)" suite; control characters are dropped', () => {
    const r = rule('WS-X-001');
    const report = mergeReports([
      {
        input: { path: 'x', kind: 'cdktf_app', document: {}, stackFiles: new Map(), defaultFile: 'x', lines: new Map() },
        report: { input_kind: 'cdktf_app', rules: [r], stacks: [], findings: [finding(r, { stack: 'ghost', message: 'bad \u0001 byte' })] },
      },
    ]);
    const parsed = parse(renderJunit(report));
    expect(parsed.testsuites.testsuite[0]['@_name']).toBe('(app)');
    expect(parsed.testsuites.testsuite[0].testcase[0].failure![0]['#text']).toContain('bad \uFFFD byte');
  });
});
