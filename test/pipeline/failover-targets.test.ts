import { failoverTargets } from '../../scripts/failover-targets';
import { synthEnvironment } from '../support/synth';

describe('failover plan targets', () => {
  const standby = synthEnvironment('example', { failover: true }).stacks['example-standby'];

  test('leave out every IAM, Route 53 and ARC control-config resource, keep the regional ones', () => {
    const targets = failoverTargets(standby);
    expect(targets.filter((a) => /^aws_(iam|route53|route53recoverycontrolconfig)_/.test(a))).toEqual([]);
    const types = new Set(targets.map((a) => a.split('.')[0]));
    for (const regional of ['aws_db_instance', 'aws_eks_node_group', 'aws_lambda_function']) expect(types.has(regional)).toBe(true);
    expect(Object.keys(standby.resource).some((t) => t.startsWith('aws_iam_'))).toBe(true);
  });

  test('leave out S3 server access logging (the access-log bucket, its configuration, the logging into it), keep the buckets', () => {
    const targets = failoverTargets(standby);
    const logs = Object.entries<any>(standby.resource.aws_s3_bucket).find(([, b]) => b.tags['warm-standby/component'] === 's3-access-logs')![0];
    expect(targets).not.toContain(`aws_s3_bucket.${logs}`);
    expect(targets.filter((a) => a.startsWith('aws_s3_bucket_logging.'))).toEqual([]);
    const logBucketParts = Object.entries<any>(standby.resource)
      .flatMap(([type, byName]) => Object.entries<any>(byName).map(([name, body]) => [`${type}.${name}`, body] as const))
      .filter(([, body]) => body.bucket === `\${aws_s3_bucket.${logs}.id}`)
      .map(([address]) => address);
    expect(logBucketParts.length).toBeGreaterThanOrEqual(6);
    for (const address of logBucketParts) expect(targets).not.toContain(address);
    // The data buckets themselves stay: the failover still manages them.
    const dataBuckets = Object.keys(standby.resource.aws_s3_bucket).filter((n) => n !== logs);
    expect(dataBuckets.length).toBe(2);
    for (const name of dataBuckets) expect(targets).toContain(`aws_s3_bucket.${name}`);
  });

  test('the standby Velero role is writable before failover, so the failover changes no IAM policy for it', () => {
    const normal = synthEnvironment('example').stacks['example-standby'];
    const veleroPolicy = (stack: any) =>
      Object.entries<any>(stack.resource.aws_iam_role_policy).find(([name]) => name.startsWith('VeleroRole_'))![1].policy as string;
    expect(veleroPolicy(normal)).toBe(veleroPolicy(standby));
    expect(veleroPolicy(normal)).toContain('s3:PutObject');
  });
});
