import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENVIRONMENTS } from '../../environments';
import { STACK_METADATA_OUTPUT } from '../../stacks';
import { resourcesOf, synthEnvironment } from '../support/synth';

/** Every string anywhere inside a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe.each(Object.keys(ENVIRONMENTS))('stacks of %s', (envName) => {
  const app = synthEnvironment(envName);
  const env = app.env;
  const primary = app.stacks[`${envName}-primary`];
  const standby = app.stacks[`${envName}-standby`];
  const replication = app.stacks[`${envName}-replication`];
  const primaryK8s = app.stacks[`${envName}-primary-k8s`];
  const standbyK8s = app.stacks[`${envName}-standby-k8s`];

  test('an AWS and a Kubernetes stack per Region plus the replication links', () => {
    expect(Object.keys(app.stacks).sort()).toEqual([
      `${envName}-primary`,
      `${envName}-primary-k8s`,
      `${envName}-replication`,
      `${envName}-standby`,
      `${envName}-standby-k8s`,
    ]);
  });

  test('cdktf deploys each Region before its Kubernetes stack, and the primary schedule after the replication rule', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
    const deps = (name: string) => [...manifest.stacks[`${envName}-${name}`].dependencies].sort();
    expect(deps('primary')).toEqual([]);
    // The Velero schedule (primary-k8s) starts only once the bucket replication rule (replication) exists.
    expect(deps('primary-k8s')).toEqual([`${envName}-primary`, `${envName}-replication`]);
    expect(deps('standby')).toEqual([`${envName}-primary`]);
    expect(deps('standby-k8s')).toEqual([`${envName}-standby`]);
    expect(deps('replication')).toEqual([`${envName}-standby`]);
  });

  test('nothing in the AWS stacks talks to a cluster API; the Kubernetes stacks hold every release', () => {
    for (const stack of [primary, standby, replication]) {
      expect(Object.keys(stack.provider)).toEqual(['aws']);
      expect(Object.keys(stack.resource).filter((t) => t.startsWith('helm_') || t.startsWith('kubernetes_'))).toEqual([]);
    }
    for (const [stack, region] of [
      [primaryK8s, env.primaryRegion],
      [standbyK8s, env.standbyRegion],
    ] as const) {
      expect(stack.provider.aws[0].region).toBe(region);
      expect(Object.keys(stack.provider).sort()).toEqual(['aws', 'helm', 'kubernetes']);
      // One default StorageClass: encrypted gp3 through the EBS CSI driver, once a node exists.
      const classes = resourcesOf(stack, 'kubernetes_storage_class_v1').map(([, c]) => c);
      expect(classes).toEqual([
        expect.objectContaining({
          storage_provisioner: 'ebs.csi.aws.com',
          parameters: expect.objectContaining({ type: 'gp3', encrypted: 'true' }),
          metadata: expect.objectContaining({ annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
        }),
      ]);
      expect(classes[0].depends_on).toEqual([`data.aws_eks_node_group.${Object.keys(stack.data.aws_eks_node_group)[0]}`]);
      expect(stack.output[STACK_METADATA_OUTPUT].value).toMatchObject({ layer: 'kubernetes', region });
    }
  });

  test.each(['primary', 'standby'] as const)('every %s release waits for the node group it reads, with an explicit timeout', (role) => {
    const stack = app.stacks[`${envName}-${role}-k8s`];
    const [[nodeGroupName, nodeGroup]] = Object.entries<any>(stack.data.aws_eks_node_group);
    expect(nodeGroup.cluster_name).toBe(resourcesOf(app.stacks[`${envName}-${role}`], 'aws_eks_cluster')[0][1].name);
    const releases = resourcesOf(stack, 'helm_release');
    expect(releases.length).toBeGreaterThan(0);
    for (const [, release] of releases) {
      expect(release.depends_on).toContain(`data.aws_eks_node_group.${nodeGroupName}`);
      expect(release.timeout).toBeGreaterThanOrEqual(300);
    }
  });

  test('each stack has one default AWS provider in its own Region and declares its role', () => {
    const expected: [any, string, string][] = [
      [primary, env.primaryRegion, 'primary'],
      [primaryK8s, env.primaryRegion, 'primary'],
      [standby, env.standbyRegion, 'standby'],
      [standbyK8s, env.standbyRegion, 'standby'],
      [replication, env.primaryRegion, 'replication'],
    ];
    for (const [stack, region, role] of expected) {
      // Besides the default provider, only the replication stack has aliases: one for the standby
      // Region, where the standby topic's subscription to the primary queue is created, and, outside
      // us-east-1, one for us-east-1, where Route 53 publishes the health-check metric it alarms on.
      const aliased = stack.provider.aws.slice(1).map((p: any) => [p.alias, p.region]);
      const expectedAliases =
        stack !== replication ? [] : [['standby', env.standbyRegion], ...(env.primaryRegion === 'us-east-1' ? [] : [['us_east_1', 'us-east-1']])];
      expect(aliased.sort()).toEqual(expectedAliases.sort());
      expect(stack.provider.aws[0].alias).toBeUndefined();
      expect(stack.provider.aws[0].region).toBe(region);
      // The gate holds the audit log groups to the environment's retention (WS-OS-008, WS-FEED-009).
      expect(stack.output[STACK_METADATA_OUTPUT].value).toMatchObject({
        environment: envName,
        role,
        region,
        audit_log_retention_days: env.logging.retentionDays,
      });
    }
  });

  test('the Lambda functions that change credentials or security configuration log to audit-class groups kept logging.retentionDays', () => {
    // Rotation (primary), the Redshift loader-user bootstrap and the OpenSearch replication bootstrap
    // (both Regions) create or change database users, grants and security settings (PCI DSS 10.2.1.5,
    // 10.5.1): WS-LOG-001 holds their groups to 365 days. The feed loader's own log is operational.
    for (const [stack, expected] of [
      [primary, ['master-rotation', 'feed-loader-user', 'repl-bootstrap']],
      [standby, ['feed-loader-user', 'repl-bootstrap']],
    ] as const) {
      const groups = resourcesOf(stack, 'aws_cloudwatch_log_group')
        .map(([, g]) => g)
        .filter((g) => String(g.name).startsWith('/aws/lambda/') && !String(g.name).endsWith('-feed-loader'));
      expect(groups).toHaveLength(expected.length);
      for (const fragment of expected) expect(groups.some((g) => String(g.name).includes(fragment))).toBe(true);
      for (const g of groups) {
        expect([g.name, g.retention_in_days, g.tags?.['warm-standby/log-class']]).toEqual([g.name, env.logging.retentionDays, 'audit']);
      }
    }
  });

  test("the master secret's rotation pages the primary's alert topic: function errors and Secrets Manager's failed rotations", () => {
    const [[fnName]] = resourcesOf(primary, 'aws_lambda_function').filter(([, f]) => String(f.function_name).endsWith('-master-rotation'));
    const [[topicName]] = resourcesOf(primary, 'aws_sns_topic').filter(([, t]) => t.tags?.['warm-standby/component'] === 'alert-topic');
    const topicArn = `\${aws_sns_topic.${topicName}.arn}`;
    const errors = resourcesOf(primary, 'aws_cloudwatch_metric_alarm')
      .map(([, a]) => a)
      .filter((a) => a.dimensions?.FunctionName === `\${aws_lambda_function.${fnName}.function_name}`);
    expect(errors).toEqual([
      expect.objectContaining({ namespace: 'AWS/Lambda', metric_name: 'Errors', statistic: 'Sum', threshold: 1, alarm_actions: [topicArn] }),
    ]);
    const [[secretName]] = resourcesOf(primary, 'aws_secretsmanager_secret').filter(([, x]) => x.tags?.['warm-standby/secret-class'] === 'db-master');
    const [[ruleName, rule]] = resourcesOf(primary, 'aws_cloudwatch_event_rule');
    expect(JSON.parse(rule.event_pattern).detail.additionalEventData).toEqual({ SecretId: [`\${aws_secretsmanager_secret.${secretName}.arn}`] });
    expect(resourcesOf(primary, 'aws_cloudwatch_event_target').map(([, t]) => [t.rule, t.arn])).toEqual([
      [`\${aws_cloudwatch_event_rule.${ruleName}.name}`, topicArn],
    ]);
    const [[, topicPolicy]] = resourcesOf(primary, 'aws_sns_topic_policy').filter(([, p]) => p.arn === topicArn);
    expect(JSON.parse(topicPolicy.policy).Statement.map((x: any) => x.Principal)).toContainEqual({ Service: 'events.amazonaws.com' });
    // Nothing of it in the standby, whose secret is a replica that is not rotated there.
    expect(resourcesOf(standby, 'aws_cloudwatch_event_rule')).toEqual([]);
  });

  test('each replication alarm sits where its metric is published, and the search lag alarm waits half the RPO', () => {
    const alarmOn = (stack: any, metric: string) =>
      resourcesOf(stack, 'aws_cloudwatch_metric_alarm')
        .map(([, a]) => a)
        .find((a) => a.metric_name === metric);
    // S3 User Guide, "Using S3 Replication metrics": OperationsFailedReplication in the source bucket's
    // Region, ReplicationLatency in the destination bucket's.
    const failed = alarmOn(replication, 'OperationsFailedReplication');
    expect(failed.provider).toBeUndefined();
    expect(failed.alarm_actions[0]).toContain(`:sns:${env.primaryRegion}:`);
    const latency = alarmOn(replication, 'ReplicationLatency');
    expect(latency.provider).toBe('aws.standby');
    expect(latency.alarm_actions[0]).toContain(`:sns:${env.standbyRegion}:`);
    const lag = resourcesOf(standby, 'aws_cloudwatch_metric_alarm')
      .map(([, a]) => a)
      .find((a) => String(a.alarm_name).endsWith('-replication-lag'));
    const periodSeconds = lag.metric_query[0].metric.period;
    expect(periodSeconds).toBe(300);
    expect(lag.evaluation_periods).toBe(Math.ceil(Math.floor(env.objectives.rpoSeconds / 2) / periodSeconds));
  });

  test("each stack's state lives in its own Region", () => {
    for (const [name, stack] of Object.entries(app.stacks)) {
      const region = stack.provider.aws[0].region;
      if (env.backend.kind === 's3') {
        expect(stack.terraform.backend.s3).toEqual({
          bucket: `${env.backend.bucketPrefix}-${region}`,
          key: `${envName}/${region}/${name}.tfstate`,
          region,
          ...(env.backend.lockTable === undefined ? { use_lockfile: true } : { dynamodb_table: env.backend.lockTable }),
          encrypt: true,
        });
      } else {
        expect(stack.terraform.cloud.workspaces).toEqual({ name: `${env.backend.workspacePrefix}-${name}` });
        expect(stack.terraform.cloud.organization).toBe(env.backend.organization);
      }
    }
  });

  test('the standby stack reads nothing stored in the primary Region', () => {
    // No remote state, no provider alias elsewhere, and one data source (a read at plan time): the Redis
    // AUTH token from the secret's replica in the standby Region, through the standby's own provider.
    // The secondary group needs the Global Datastore's token as auth_token (CreateReplicationGroup does
    // not infer it), and provider 5.100 has no write-only auth_token an ephemeral read could feed.
    expect(Object.keys(standby.data ?? {})).toEqual(['aws_secretsmanager_secret_version']);
    const reads = Object.values<any>(standby.data.aws_secretsmanager_secret_version);
    expect(reads.map((r) => [r.secret_id, r.provider])).toEqual([
      [`${app.env.app}-${envName}-${envName === 'example' ? 'use1' : 'euw1'}-redis-auth`, undefined],
    ]);
    expect(standby.provider.aws.every((p: any) => p.region === env.standbyRegion)).toBe(true);
    // Every reference resolves inside the standby stack itself (a cdktf cross-stack reference would be a
    // data.terraform_remote_state read); primary-Region names appear only as literal ARNs.
    const references = strings(standby.resource).flatMap((s) => [...s.matchAll(/(?<!\$)\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)/g)]);
    expect(references.length).toBeGreaterThan(0);
    for (const [, type, name] of references) {
      if (type === 'var' || type === 'local') continue;
      if (type === 'data') {
        expect(`data.${name} in ${standby.data?.[name] ? 'standby' : 'another stack'}`).toBe(`data.${name} in standby`);
        continue;
      }
      expect(`${type}.${name} in ${Object.keys(standby.resource[type]?.[name] ?? {}).length > 0 ? 'standby' : 'another stack'}`).toBe(
        `${type}.${name} in standby`,
      );
    }
    const primaryRefs = strings(standby.resource).filter((s) => s.includes(env.primaryRegion));
    expect(primaryRefs).toContain(
      `arn:aws:rds:${env.primaryRegion}:${env.accountId}:db:${app.env.app}-${envName}-${envName === 'example' ? 'use1' : 'euw1'}-pg`,
    );
  });

  test('the primary runs at full size, the standby at minimum with room to scale to the primary', () => {
    const [[, primaryGroup]] = resourcesOf(primary, 'aws_eks_node_group');
    const [[, standbyGroup]] = resourcesOf(standby, 'aws_eks_node_group');
    expect(primaryGroup.scaling_config).toEqual({
      min_size: env.eks.primary.minNodes,
      desired_size: env.eks.primary.desiredNodes,
      max_size: env.eks.primary.maxNodes,
    });
    expect(standbyGroup.scaling_config.min_size).toBe(env.eks.standby.minNodes);
    expect(standbyGroup.scaling_config.max_size).toBeGreaterThanOrEqual(env.eks.primary.desiredNodes);
  });

  test('the standby database replicates the primary by its deterministic ARN', () => {
    const [[, replica]] = resourcesOf(standby, 'aws_db_instance');
    expect(replica.replicate_source_db).toBe(
      `arn:aws:rds:${env.primaryRegion}:${env.accountId}:db:${app.env.app}-${envName}-${envName === 'example' ? 'use1' : 'euw1'}-pg`,
    );
    const [[, source]] = resourcesOf(primary, 'aws_db_instance');
    expect(source.identifier).toBe(replica.replicate_source_db.split(':db:')[1]);
  });

  test('the replication stack replicates the primary backup bucket into the standby bucket', () => {
    const [[, rule]] = resourcesOf(replication, 'aws_s3_bucket_replication_configuration');
    const [standbyBucket] = resourcesOf(standby, 'aws_s3_bucket')
      .map(([, b]) => b)
      .filter((b) => b.tags['warm-standby/component'] === 'velero-backup');
    const [primaryBucket] = resourcesOf(primary, 'aws_s3_bucket')
      .map(([, b]) => b)
      .filter((b) => b.tags['warm-standby/component'] === 'velero-backup');
    expect(rule.bucket).toBe(primaryBucket.bucket);
    expect(rule.rule[0].destination.bucket).toBe(`arn:aws:s3:::${standbyBucket.bucket}`);
  });

  test('the leader Region accepts the connection the standby created, read from the standby state', () => {
    const accepters = resourcesOf(replication, 'aws_opensearch_inbound_connection_accepter').map(([, a]) => a.connection_id);
    const [[stateName, state]] = Object.entries<any>(replication.data.terraform_remote_state);
    expect(accepters).toEqual([`\${data.terraform_remote_state.${stateName}.outputs.opensearch_connection_id}`]);
    if (env.backend.kind === 's3') {
      expect(state.config).toEqual({
        bucket: `${env.backend.bucketPrefix}-${env.standbyRegion}`,
        key: `${envName}/${env.standbyRegion}/${envName}-standby.tfstate`,
        region: env.standbyRegion,
      });
    } else {
      expect(state.config.workspaces).toEqual({ name: `${env.backend.workspacePrefix}-${envName}-standby` });
    }
    expect(standby.output.opensearch_connection_id.value).toMatch(/^\$\{aws_opensearch_outbound_connection\./);
  });

  test("deploy agents of a private API endpoint are routed to each VPC through that Region's transit gateway", () => {
    const agents = env.eks.endpoint.privateAccessCidrs ?? [];
    for (const [stack, tgw] of [
      [primary, env.network.primaryTransitGatewayId],
      [standby, env.network.standbyTransitGatewayId],
    ] as const) {
      const attachments = resourcesOf(stack, 'aws_ec2_transit_gateway_vpc_attachment').map(([, a]) => a);
      const routes = resourcesOf(stack, 'aws_route').filter(([, r]) => r.transit_gateway_id);
      if (env.eks.endpoint.access === 'private') {
        // prod-eu: its agents (10.50.0.0/24) sit in a shared-services VPC outside both.
        expect(attachments.map((a) => a.transit_gateway_id)).toEqual([tgw]);
        expect(new Set(routes.map(([, r]) => r.destination_cidr_block))).toEqual(new Set(agents));
        expect(routes).toHaveLength(agents.length * env.network.azCount);
      } else {
        expect(attachments).toEqual([]);
        expect(routes).toEqual([]);
      }
    }
  });

  describe('Redshift feed', () => {
    const tagged = (stack: any, type: string, component: string) =>
      resourcesOf(stack, type).filter(([, r]) => r.tags?.['warm-standby/component'] === component);
    const one = (stack: any, type: string, component: string) => {
      const found = tagged(stack, type, component);
      expect(found).toHaveLength(1);
      return { address: `${type}.${found[0][0]}`, ...found[0][1] };
    };
    const loaderPolicy = (stack: any) => JSON.parse(resourcesOf(stack, 'aws_iam_role_policy').find(([n]) => n.startsWith('Feed_LoaderPolicy'))![1].policy);

    test('each Region has a topic and a payload bucket of its own, subscribed to its own queue by reference', () => {
      for (const [stack, role] of [
        [primary, 'primary'],
        [standby, 'standby'],
      ] as const) {
        const topic = one(stack, 'aws_sns_topic', 'feed-topic');
        const bucket = one(stack, 'aws_s3_bucket', 'feed-payload');
        const queue = one(stack, 'aws_sqs_queue', 'feed-queue');
        expect(bucket.bucket).toBe(
          `${env.app}-${envName}-${role === 'primary' ? (envName === 'example' ? 'use1' : 'euw1') : envName === 'example' ? 'usw2' : 'euc1'}-feed-payload-${env.accountId}`,
        );
        // Besides the alert topic's e-mail subscriptions, one: this Region's topic to its own queue.
        expect(
          resourcesOf(stack, 'aws_sns_topic_subscription')
            .map(([, s]) => s)
            .filter((s) => s.protocol !== 'email'),
        ).toEqual([expect.objectContaining({ topic_arn: `\${${topic.address}.arn}`, endpoint: `\${${queue.address}.arn}`, protocol: 'sqs' })]);
        // Both Regions' topics may send to the queue: this Region's by reference, the other's by name.
        const queuePolicy = JSON.parse(resourcesOf(stack, 'aws_sqs_queue_policy')[0][1].policy);
        const peerRegion = role === 'primary' ? env.standbyRegion : env.primaryRegion;
        expect(queuePolicy.Statement[0].Condition.ArnEquals['aws:SourceArn']).toEqual([
          `\${${topic.address}.arn}`,
          `arn:aws:sns:${peerRegion}:${env.accountId}:${topic.name}`,
        ]);
        // The loader reads both Regions' buckets: its own by reference.
        const read = loaderPolicy(stack).Statement.find((st: any) => st.Sid === 'ReadPayloads');
        expect(read.Resource).toEqual([
          `\${${bucket.address}.arn}/*`,
          expect.stringMatching(new RegExp(`^arn:aws:s3:::${env.app}-${envName}-[a-z0-9]+-feed-payload-${env.accountId}/\\*$`)),
        ]);
      }
    });

    test("the replication stack fans each topic out to the other Region's queue, in the topic's Region", () => {
      const subscriptions = resourcesOf(replication, 'aws_sns_topic_subscription').map(([, s]) => s);
      expect(subscriptions).toHaveLength(2);
      const byTopicRegion = Object.fromEntries(subscriptions.map((s) => [s.topic_arn.split(':')[3], s]));
      expect(byTopicRegion[env.primaryRegion].provider).toBeUndefined();
      expect(byTopicRegion[env.primaryRegion].endpoint.split(':')[3]).toBe(env.standbyRegion);
      expect(byTopicRegion[env.standbyRegion].provider).toBe('aws.standby');
      expect(byTopicRegion[env.standbyRegion].endpoint.split(':')[3]).toBe(env.primaryRegion);
      const queueName = (stack: any) => one(stack, 'aws_sqs_queue', 'feed-queue').name;
      expect(byTopicRegion[env.standbyRegion].endpoint.split(':')[5]).toBe(queueName(primary));
      expect(byTopicRegion[env.primaryRegion].endpoint.split(':')[5]).toBe(queueName(standby));
    });

    test("failover: the standby loader reads only its own Region's bucket, with the IAM policy written in normal mode", () => {
      const promoted = synthEnvironment(envName, { failover: true }).stacks[`${envName}-standby`];
      const bucket = one(promoted, 'aws_s3_bucket', 'feed-payload');
      const [[, fn]] = resourcesOf(promoted, 'aws_lambda_function').filter(([, f]) => f.environment?.variables?.PAYLOAD_BUCKETS);
      expect(JSON.parse(fn.environment.variables.PAYLOAD_BUCKETS)).toEqual({ [`\${${bucket.address}.bucket}`]: env.standbyRegion });
      // The targeted failover apply leaves IAM out (WS-FO-007): every IAM resource the failover
      // configuration holds must already exist, as it is, in normal mode. (What failover drops, the
      // follower's bootstrap role, is left for the next normal deploy.)
      const iam = (stack: any) =>
        Object.entries<Record<string, unknown>>(stack.resource)
          .filter(([type]) => type.startsWith('aws_iam_'))
          .flatMap(([type, byName]) => Object.entries(byName).map(([name, r]) => [`${type}.${name}`, r] as const));
      const normalIam = Object.fromEntries(iam(standby));
      for (const [address, r] of iam(promoted)) expect([address, r]).toEqual([address, normalIam[address]]);
      expect(iam(promoted).length).toBeGreaterThan(3);
      const statements = loaderPolicy(promoted).Statement;
      expect(statements.find((st: any) => st.Sid === 'ReadPayloads').Resource).toContain(`\${${bucket.address}.arn}/*`);
    });
  });

  test('every stack requires Terraform >= 1.11.0 (ephemeral blocks, write-only arguments)', () => {
    for (const stack of Object.values(app.stacks)) expect(stack.terraform.required_version).toBe('>= 1.11.0');
  });

  test('the leader bootstrap invocation waits for the principals es:ESHttp* policies', () => {
    const [[, invocation]] = resourcesOf(primary, 'aws_lambda_invocation').filter(([, i]) => i.triggers.bootstrap === 'opensearch-replication');
    const httpPolicies = resourcesOf(primary, 'aws_iam_role_policy')
      .filter(([, p]) => String(p.policy).includes('es:ESHttp') && String(p.role).includes('aws_iam_role.SearchPrincipals_'))
      .map(([name]) => `aws_iam_role_policy.${name}`);
    expect(httpPolicies).toHaveLength(2);
    expect(invocation.depends_on).toEqual(expect.arrayContaining(httpPolicies));
  });

  test('Portworx gets its IRSA role through the chart (workload identity), named as the AWS stack names it', () => {
    if (!env.portworx.enabled) return;
    const [[, release]] = resourcesOf(primaryK8s, 'helm_release').filter(([, r]) => r.chart === 'portworx');
    const [[, role]] = resourcesOf(primary, 'aws_iam_role').filter(([, r]) => String(r.name).endsWith('-portworx'));
    expect(release.set).toEqual([{ name: 'workloadIdentity.credentials[0].value', value: `arn:aws:iam::${env.accountId}:role/${role.name}`, type: 'string' }]);
  });

  test('Portworx follows the environment flag', () => {
    const charts = resourcesOf(primaryK8s, 'helm_release')
      .map(([, r]) => r.chart)
      .sort();
    expect(charts).toEqual(env.portworx.enabled ? ['portworx', 'velero'] : ['velero']);
  });
});

describe('S3 backend locking', () => {
  const example = ENVIRONMENTS.example;
  test('S3 native locking by default (DynamoDB locking is deprecated since Terraform 1.11)', () => {
    const backend = synthEnvironment('example').stacks['example-standby'].terraform.backend.s3;
    expect(backend.use_lockfile).toBe(true);
    expect(backend).not.toHaveProperty('dynamodb_table');
  });
  test('an existing lock table, when named, is used instead', () => {
    if (example.backend.kind !== 's3') throw new Error('example must use the S3 backend');
    const app = synthEnvironment({ ...example, backend: { ...example.backend, lockTable: 'payments-tflock' } });
    for (const stack of Object.values(app.stacks)) {
      expect(stack.terraform.backend.s3.dynamodb_table).toBe('payments-tflock');
      expect(stack.terraform.backend.s3).not.toHaveProperty('use_lockfile');
    }
  });
});
