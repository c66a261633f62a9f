import { EnvironmentConfig } from '../../environments';
import { dataTierParts, formatDuration, readFacts, stepDurations, SynthesizedEnvironment, totalSeconds } from './estimate';
import { MODEL } from './model-constants';

export interface RunbookStep {
  readonly phase: 'detect' | 'decide' | 'data-tier' | 'compute' | 'traffic' | 'verify';
  readonly title: string;
  /** Components this step recovers. */
  readonly components: readonly string[];
  readonly duration_seconds: number;
  /** How the duration follows from the model. */
  readonly basis: string;
  readonly actions: readonly { readonly description: string; readonly commands: readonly string[] }[];
}

export interface Runbook {
  readonly environment: string;
  readonly mode: 'normal' | 'failover';
  readonly primary_region: string;
  readonly standby_region: string;
  readonly failover: { readonly steps: RunbookStep[]; readonly total_seconds: number };
  readonly failback: { readonly steps: { readonly title: string; readonly commands: readonly string[] }[] };
}

/** The ordered failover procedure and the failback procedure; failover total == overall RTO estimate. */
export function buildRunbook(app: SynthesizedEnvironment, options: { env?: EnvironmentConfig } = {}): Runbook {
  const f = readFacts(app, options.env);
  const d = stepDurations(f);
  const parts = dataTierParts(f);
  const env = f.environment;
  const p = f.primaryRegion;
  const s = f.standbyRegion;
  const standbyStack = f.stackNames.standby;
  const primaryStack = f.stackNames.primary;
  const replicationStack = f.stackNames.replication ?? `${env}-replication`;
  const osEndpoint = `OS=https://$(aws opensearch describe-domain --region ${s} --domain-name ${f.opensearch.followerDomain} --query 'DomainStatus.Endpoints.vpc || DomainStatus.Endpoint' --output text)`;

  const steps: RunbookStep[] = [
    {
      phase: 'detect', title: 'Detect the primary Region failure', components: ['dns'], duration_seconds: d.detect,
      basis: `Route 53 health check ${f.dns.interval} s x ${f.dns.threshold} failures`,
      actions: [{
        description: `The health check on ${f.dns.fqdn} turns unhealthy; Route 53 starts answering ${f.dns.recordName} with the SECONDARY record (${f.dns.standbyTarget}). Confirm:`,
        commands: [
          `aws route53 list-health-checks --query "HealthChecks[?HealthCheckConfig.FullyQualifiedDomainName=='${f.dns.fqdn}'].Id" --output text`,
          'aws route53 get-health-check-status --health-check-id <id from above>',
          `aws health describe-events --region us-east-1 --filter regions=${p},eventStatusCodes=open`,
        ],
      }],
    },
    {
      phase: 'decide', title: `Decide to fail over ${env} to ${s}`, components: [], duration_seconds: d.decide,
      basis: `${MODEL.decision.seconds} s decision time (engineering assumption)`,
      actions: [{
        description: `The incident lead confirms a Region-level impairment of ${p} (not a single failed component) and approves the failover. Freeze deploys to ${primaryStack} and ${replicationStack}.`,
        commands: [],
      }],
    },
    {
      phase: 'data-tier', title: 'Promote the data tier in the standby Region', components: ['rds', 'elasticache', 'opensearch'],
      duration_seconds: d.dataTier,
      basis: `max(RDS ${parts.rds} s = ${MODEL.terraformDeploy.seconds} s cdktf deploy${parts.rds > MODEL.terraformDeploy.seconds ? ` + ${parts.rds - MODEL.terraformDeploy.seconds} s promotion` : ''}, ElastiCache ${parts.elasticache} s, OpenSearch ${parts.opensearch} s); the three run in parallel`,
      actions: [
        {
          description: `RDS: deploy the standby stack in failover mode. It promotes ${f.rds.replicaIdentifier} (drops replicate_source_db, keeps automated backups), scales the node group to ${f.eks.primaryDesired} and restores Velero; it reads nothing in ${p}.`,
          commands: [`WARM_STANDBY_ENV=${env} WARM_STANDBY_FAILOVER=1 npx cdktf deploy ${standbyStack} --auto-approve`],
        },
        {
          description: `RDS manual fallback only if the deploy cannot run (then re-run the deploy to converge the state):`,
          commands: [`aws rds promote-read-replica --region ${s} --db-instance-identifier ${f.rds.replicaIdentifier} --backup-retention-period 7`,
            `aws rds wait db-instance-available --region ${s} --db-instance-identifier ${f.rds.replicaIdentifier}`],
        },
        {
          description: `ElastiCache: make ${f.elasticache.standbyGroupId} the primary of Global Datastore ${f.elasticache.globalId} (Terraform cannot):`,
          commands: [
            `aws elasticache failover-global-replication-group --region ${s} --global-replication-group-id ${f.elasticache.globalId} --primary-region ${s} --primary-replication-group-id ${f.elasticache.standbyGroupId}`,
            `aws elasticache describe-global-replication-groups --region ${s} --global-replication-group-id ${f.elasticache.globalId} --show-member-info --query 'GlobalReplicationGroups[0].Members'`,
          ],
        },
        {
          description: `OpenSearch: stop replication on the follower ${f.opensearch.followerDomain} so its indices take writes (Terraform cannot). SigV4 with awscurl:`,
          commands: [
            osEndpoint,
            `awscurl --service es --region ${s} -X DELETE "$OS/_plugins/_replication/_autofollow" -H 'Content-Type: application/json' -d '{"leader_alias":"${f.opensearch.leaderAlias}","name":"<autofollow rule>"}'`,
            `for index in $(awscurl --service es --region ${s} "$OS/_plugins/_replication/follower_stats" | jq -r '.index_stats | keys[]'); do awscurl --service es --region ${s} -X POST "$OS/_plugins/_replication/$index/_stop" -H 'Content-Type: application/json' -d '{}'; done`,
          ],
        },
      ],
    },
    {
      phase: 'compute', title: 'Scale compute and restore volumes', components: ['eks', 'velero'], duration_seconds: d.compute,
      basis: `${f.eks.scaleUpSeconds} s node scale-up (standby desired ${f.eks.standbyDesired} -> ${f.eks.primaryDesired}) + ${MODEL.veleroRestore.seconds} s Velero restore`,
      actions: [{
        description: `Done by the failover deploy above; wait for the nodes and the restore from ${f.velero.replicaBucket} (schedule ${f.velero.scheduleName}):`,
        commands: [
          `aws eks wait nodegroup-active --region ${s} --cluster-name ${f.eks.clusterName} --nodegroup-name ${f.eks.nodeGroupName}`,
          `aws eks update-kubeconfig --region ${s} --name ${f.eks.clusterName}`,
          `kubectl wait --for=condition=Ready nodes --all --timeout=15m`,
          `velero restore get -n velero   # or: velero restore create --from-schedule velero-${f.velero.scheduleName} -n velero --wait`,
          // The failover deploy waits for a terminal phase and fails unless the Restore is Completed.
          `velero restore describe velero-${f.velero.scheduleName}-failover -n velero --details   # if the deploy failed: PartiallyFailed/Failed, see also velero restore logs`,
        ],
      }],
    },
    {
      phase: 'traffic', title: 'Shift traffic to the standby', components: ['dns'], duration_seconds: d.traffic,
      basis: `${f.dns.ttl} s record TTL for resolvers to drop the cached primary answer`,
      actions: [{
        description: `Route 53 already answers with the SECONDARY record; resolvers follow within the TTL. Check:`,
        commands: [`aws route53 test-dns-answer --hosted-zone-id ${f.dns.zoneId} --record-name ${f.dns.recordName} --record-type CNAME`, `dig +short ${f.dns.recordName}`],
      }],
    },
    {
      phase: 'verify', title: 'Verify the recovered application', components: ['redshift-feed'], duration_seconds: d.verify,
      basis: `${MODEL.verify.seconds} s smoke tests (engineering assumption)`,
      actions: [{
        description: `Smoke-test writes through ${f.dns.recordName}; the Redshift feed in ${s} is active/active and keeps loading from ${f.feed.standbyQueue}:`,
        commands: [
          `curl -fsS https://${f.dns.recordName}/healthz`,
          `aws rds describe-db-instances --region ${s} --db-instance-identifier ${f.rds.replicaIdentifier} --query 'DBInstances[0].[DBInstanceStatus,ReadReplicaSourceDBInstanceIdentifier]'`,
          `aws sqs get-queue-attributes --region ${s} --queue-url $(aws sqs get-queue-url --region ${s} --queue-name ${f.feed.standbyQueue} --query QueueUrl --output text) --attribute-names ApproximateNumberOfMessages`,
          `aws lambda get-function-configuration --region ${s} --function-name ${f.feed.standbyFunction} --query State`,
        ],
      }],
    },
  ];

  const failback = [
    { title: `Wait until ${p} is healthy again; keep serving from ${s}`, commands: [`aws health describe-events --region us-east-1 --filter regions=${p},eventStatusCodes=open`] },
    {
      title: `Re-seed ${p} as the new standby: a fresh RDS read replica of ${f.rds.replicaIdentifier}, the old cache group rejoined as a secondary of ${f.elasticache.globalId}, OpenSearch replication leader ${s} -> follower ${p}, Velero backups replicated ${s} -> ${p}`,
      commands: [
        `# the old primary's RDS instance, cache group and OpenSearch indices are diverged: snapshot them, then recreate them as followers of ${s}`,
        `aws rds create-db-snapshot --region ${p} --db-instance-identifier <old primary identifier> --db-snapshot-identifier ${env}-pre-failback`,
        `# apply the environment with primary and standby Regions swapped (primaryRegion=${s}, standbyRegion=${p}) so ${p} becomes the standby`,
        `WARM_STANDBY_ENV=<${env} with Regions swapped> npx cdktf deploy <env>-standby <env>-replication`,
        `aws rds wait db-instance-available --region ${p} --db-instance-identifier <new replica identifier>`,
      ],
    },
    {
      title: `Switch back in a planned window (lag ~0): the same failover procedure in the other direction`,
      commands: [
        `aws elasticache failover-global-replication-group --region ${p} --global-replication-group-id ${f.elasticache.globalId} --primary-region ${p} --primary-replication-group-id <${p} group id>`,
        `WARM_STANDBY_ENV=${env} npx cdktf deploy ${primaryStack} ${standbyStack} ${replicationStack}   # back to the normal configuration once ${p} is primary again`,
      ],
    },
    { title: 'Verify the health check on the primary endpoint is healthy and Route 53 answers PRIMARY again', commands: [`dig +short ${f.dns.recordName}`] },
  ];

  return {
    environment: env,
    mode: f.failover ? 'failover' : 'normal',
    primary_region: p,
    standby_region: s,
    failover: { steps, total_seconds: totalSeconds(d) },
    failback: { steps: failback },
  };
}

export const RUNBOOK_FORMATS = ['markdown', 'json'] as const;
export type RunbookFormat = (typeof RUNBOOK_FORMATS)[number];

export function renderRunbook(runbook: Runbook, format: RunbookFormat): string {
  if (format === 'json') return `${JSON.stringify(runbook, null, 2)}\n`;
  const out: string[] = [
    `# Failover runbook: ${runbook.environment} (${runbook.primary_region} -> ${runbook.standby_region})`,
    '',
    `Expected total: **${runbook.failover.total_seconds} s (${formatDuration(runbook.failover.total_seconds)})**, the RTO estimate of \`warm-standby objectives\`.`,
    '',
    '| # | phase | step | duration | basis |',
    '|---|---|---|---|---|',
    ...runbook.failover.steps.map((st, i) => `| ${i + 1} | ${st.phase} | ${st.title} | ${st.duration_seconds} s | ${st.basis.replace(/\|/g, '\\|')} |`),
    `| | | **total** | **${runbook.failover.total_seconds} s** | |`,
    '',
  ];
  runbook.failover.steps.forEach((st, i) => {
    out.push(`## ${i + 1}. ${st.phase}: ${st.title} (${formatDuration(st.duration_seconds)})`, '');
    for (const a of st.actions) {
      out.push(a.description, '');
      if (a.commands.length) out.push('```sh', ...a.commands, '```', '');
    }
  });
  out.push('## Failback', '');
  runbook.failback.steps.forEach((st, i) => {
    out.push(`${i + 1}. ${st.title}`, '', '```sh', ...st.commands, '```', '');
  });
  return out.join('\n');
}
