import { EnvironmentConfig } from '../environments';
import { dataTierParts, Facts, formatDuration, readFacts, stepDurations, SynthesizedEnvironment, totalSeconds } from './estimate';
import { MODEL } from './model-constants';
import { FAILBACK_SUFFIX } from '../environments/failback';
import { ROUTE53_METRICS_REGION } from '../modules/alarms/constants';
import { LOG_CLASS_TAG } from '../modules/core/tags';

/**
 * Construct paths (a jq regex) of what failback removes from the retired primary stack's state before
 * destroying it, so it stays in AWS: the master secret, the search principals, the Global Datastore,
 * the Redis AUTH secret, the KMS keys those secrets are encrypted with, and the S3 access-log bucket.
 * Audit-class log groups (tag LOG_CLASS_TAG) are kept too, selected by tag.
 */
/** Written by the failback step once the kept resources left the retired primary's state; the destroy of that stack needs it. */
export const FAILBACK_KEPT_FILE = 'failback-kept.txt';

export const FAILBACK_KEEP_PATHS =
  '/SearchPrincipals/|/MasterSecret/|/Cache/AuthToken/(Secret|Version)$|/Cache/GlobalReplicationGroup$|/Keys/(Rds|Elasticache)Key$|/AccessLogs/';

export interface RunbookStep {
  readonly phase: 'detect' | 'decide' | 'switch' | 'data-tier' | 'compute' | 'traffic' | 'verify';
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
  /** The synth the runbook was written from: the normal one or the failover one (standby stacks alone). */
  readonly mode: 'normal' | 'failover';
  /** What to run first on a cold machine (a checkout with `bash scripts/setup` done, nothing synthesized or initialised). */
  readonly prepare: { readonly description: string; readonly commands: readonly string[] };
  readonly primary_region: string;
  readonly standby_region: string;
  readonly failover: { readonly steps: RunbookStep[]; readonly total_seconds: number };
  readonly failback: { readonly steps: { readonly title: string; readonly commands: readonly string[] }[] };
}

/**
 * Minutes a backup must have been complete before the failover restores it: S3 Replication Time
 * Control replicates 99.99% of objects within 15 minutes (modules/velero/backup-replication.ts).
 */
export const RESTORE_REPLICATION_MARGIN_MINUTES = 15;

/** Regions of the five endpoints of a Route 53 ARC cluster (the data plane; modules/dns-failover). */
const ARC_ENDPOINT_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-northeast-1', 'ap-southeast-2'];

/**
 * Shell lines that set the DNS switch: `toStandby` fails over (standby ON / PRIMARY unhealthy),
 * otherwise fails back. Ids come from the outputs of the stack holding the switch, whose state
 * lives in the standby Region; nothing here needs the primary Region.
 */
function switchCommands(f: Facts, toStandby: boolean): string[] {
  const dir = `cdktf.out/stacks/${f.dns.stack}`;
  const out = `terraform -chdir=${dir} output`;
  // `terraform output` needs an initialised backend; init is idempotent, so each flip starts with it.
  const init = `terraform -chdir=${dir} init -input=false >/dev/null   # its backend: the state in ${f.standbyRegion}`;
  if (f.dns.switch === 'manual') {
    return [
      init,
      `SWITCH=$(${out} -raw dns_switch_health_check_id)`,
      `aws route53 update-health-check --health-check-id "$SWITCH" ${toStandby ? '--inverted' : '--no-inverted'}   # Route 53 control plane (us-east-1)`,
      `aws route53 get-health-check-status --health-check-id "$SWITCH" --query 'HealthCheckObservations[0].StatusReport.Status'`,
    ];
  }
  const [on, off] = toStandby ? ['STANDBY', 'PRIMARY'] : ['PRIMARY', 'STANDBY'];
  return [
    init,
    `# keep a copy of both outputs outside AWS; they are read here from the ${f.standbyRegion} state`,
    `ENDPOINTS=$(${out} -json dns_arc_cluster_endpoints); CONTROLS=$(${out} -json dns_arc_routing_controls)`,
    `PRIMARY=$(echo "$CONTROLS" | jq -r .primary); STANDBY=$(echo "$CONTROLS" | jq -r .standby)`,
    `# one transaction (the safety rule keeps at least one ON); try the cluster endpoints in turn: ${ARC_ENDPOINT_REGIONS.join(', ')}`,
    `ENTRIES=$(jq -nc --arg on "$${on}" --arg off "$${off}" '[{RoutingControlArn: $on, RoutingControlState: "On"}, {RoutingControlArn: $off, RoutingControlState: "Off"}]')`,
    `for r in ${ARC_ENDPOINT_REGIONS.join(' ')}; do ep=$(echo "$ENDPOINTS" | jq -r --arg r "$r" '.[] | select(.region == $r) | .endpoint'); aws route53-recovery-cluster update-routing-control-states --region "$r" --endpoint-url "$ep" --update-routing-control-state-entries "$ENTRIES" && break; done`,
    `aws route53-recovery-cluster get-routing-control-state --region "$r" --endpoint-url "$ep" --routing-control-arn "$${on}"`,
  ];
}

/** The ordered failover procedure and the failback procedure; failover total == overall RTO estimate. */
export function buildRunbook(app: SynthesizedEnvironment, options: { env?: EnvironmentConfig } = {}): Runbook {
  const f = readFacts(app, options.env);
  const d = stepDurations(f);
  const parts = dataTierParts(f);
  const env = f.environment;
  // WARM_STANDBY_ENV of this synth: `<env>-failback` when the runbook is written from the environment
  // with the Regions swapped (failback's switch back), whose stacks keep the environment's name.
  const sel = f.selector;
  const p = f.primaryRegion;
  const s = f.standbyRegion;
  const standbyStack = f.stackNames.standby;
  const primaryStack = f.stackNames.primary;
  const replicationStack = f.stackNames.replication ?? `${env}-replication`;
  // Each Region's Kubernetes stack (Velero, Portworx, the failover Restore) is named after its AWS stack.
  const standbyK8sStack = `${standbyStack}-k8s`;
  const primaryK8sStack = `${primaryStack}-k8s`;

  const steps: RunbookStep[] = [
    {
      phase: 'detect',
      title: 'Detect the primary Region failure',
      components: ['dns'],
      duration_seconds: d.detect,
      basis: `Route 53 ${f.dns.switch === 'endpoint' ? '' : 'endpoint '}health check ${f.dns.interval} s x ${f.dns.threshold} failures${f.dns.endpointCheckMissing ? ' (Route 53 defaults: no endpoint check found)' : ''}`,
      actions: [
        {
          description:
            (f.dns.switch === 'endpoint'
              ? `The health check on ${f.dns.fqdn} turns unhealthy; Route 53 starts answering ${f.dns.recordName} with the SECONDARY record (${f.dns.standbyTarget}).`
              : `The endpoint health check on ${f.dns.fqdn} (output dns_endpoint_health_check_id of ${f.dns.stack}) turns unhealthy and pages the operator. Route 53 keeps answering ${f.dns.recordName} with the PRIMARY record until the ${f.dns.switch === 'arc' ? 'ARC routing controls are' : 'manual switch is'} flipped.`) +
            // Route 53 publishes HealthCheckStatus in us-east-1 only (Route 53 Developer Guide, "Monitoring
            // health checks using CloudWatch"): with that primary, the alarm and its topic fail with it.
            (p === ROUTE53_METRICS_REGION
              ? ` With the primary in ${p}, the health check's alarm and its topic are in ${p} too (Route 53 publishes health-check metrics there only), so that page may never come: the standby's RDS ReplicaLag alarm in ${s} (missing data breaching) is the page that does.`
              : '') +
            ' Confirm:',
          // Confirmed without a us-east-1 call first: a direct probe of the endpoint (no AWS API) and the
          // alarm states of the replication paths in the surviving Region (CloudWatch is regional; the
          // standby's RDS replica lag, OpenSearch lag and S3 replication latency alarms live there).
          // The AWS Health API and the Route 53 API are served from us-east-1, the Region this may be.
          commands: [
            `curl -sS -o /dev/null -w '%{http_code}\\n' --max-time 10 https://${f.dns.fqdn}/healthz`,
            `aws cloudwatch describe-alarms --region ${s} --state-value ALARM --query 'MetricAlarms[].[AlarmName,StateReason]' --output text`,
            `HC=$(aws route53 list-health-checks --query "HealthChecks[?HealthCheckConfig.FullyQualifiedDomainName=='${f.dns.fqdn}'].Id" --output text)   # Route 53 API (us-east-1): optional, may not answer`,
            'aws route53 get-health-check-status --health-check-id "$HC"',
          ],
        },
      ],
    },
    {
      phase: 'decide',
      title: `Decide to fail over ${env} to ${s}`,
      components: [],
      duration_seconds: d.decide,
      basis: `${MODEL.decision.seconds} s decision time (engineering assumption)`,
      actions: [
        {
          description: `The incident lead confirms a Region-level impairment of ${p} (not a single failed component) and approves the failover. Freeze deploys to ${primaryStack} and ${replicationStack}.`,
          commands: [],
        },
      ],
    },
    ...(f.dns.switch === 'endpoint'
      ? []
      : [
          {
            phase: 'switch' as const,
            title: `Flip the DNS switch to ${s} before promoting anything`,
            components: ['dns'],
            duration_seconds: d.switch,
            basis: `${MODEL.dnsSwitchFlip.seconds} s to flip the ${f.dns.switch === 'arc' ? 'ARC routing controls' : 'manual switch'} (engineering assumption); the TTL is the traffic step`,
            actions: [
              {
                description: `First, so that no client writes to the old primary while the standby is promoted (writes fail until promotion instead of diverging). ${
                  f.dns.switch === 'arc'
                    ? 'Standby routing control ON and primary OFF in one call on the ARC data plane (any of its five Regions):'
                    : 'Invert the manual switch of the PRIMARY record (the Route 53 API runs in us-east-1; Terraform never reverts the flip):'
                }`,
                commands: switchCommands(f, true),
              },
            ],
          },
        ]),
    {
      phase: 'data-tier',
      title: 'Promote the data tier in the standby Region',
      components: ['rds', 'elasticache', 'opensearch'],
      duration_seconds: d.dataTier,
      basis: `max(RDS ${parts.rds} s = ${MODEL.terraformDeploy.seconds} s cdktf deploy${parts.rds > MODEL.terraformDeploy.seconds ? ` + ${parts.rds - MODEL.terraformDeploy.seconds} s promotion` : ''}, ElastiCache ${parts.elasticache} s, OpenSearch ${parts.opensearch} s); the three run in parallel`,
      actions: [
        {
          description: `RDS: apply the standby's AWS stack in failover mode, targeted and without refresh. It promotes ${f.rds.replicaIdentifier} (drops replicate_source_db, keeps automated backups) and scales the node group to ${f.eks.primaryDesired}; it reads nothing in ${p}, calls no global control plane (IAM, Route 53: left out of the targets, WS-FO-007) and never waits on the cluster API.`,
          commands: [
            `WARM_STANDBY_ENV=${sel} WARM_STANDBY_FAILOVER=1 npx cdktf synth`,
            `(cd cdktf.out/stacks/${standbyStack} && terraform init -input=false && terraform plan -input=false -refresh=false $(npx ts-node --transpile-only ../../../scripts/failover-targets.ts cdk.tf.json) -out=failover.tfplan && terraform apply failover.tfplan)`,
          ],
        },
        {
          description: `RDS manual fallback only if the deploy cannot run (then re-run the deploy to converge the state):`,
          commands: [
            `aws rds promote-read-replica --region ${s} --db-instance-identifier ${f.rds.replicaIdentifier} --backup-retention-period 7`,
            `aws rds wait db-instance-available --region ${s} --db-instance-identifier ${f.rds.replicaIdentifier}`,
          ],
        },
        {
          description: `RDS credentials: the promoted ${f.rds.replicaIdentifier} keeps the source's master password, held in ${s} by the replica of the Secrets Manager secret ${f.rds.masterSecretName}. Always detach that replica now, before anything is destroyed: it is the only copy of the live database's password, and destroying the old primary stack (failback) would delete a still-attached replica at once (the provider removes a secret's replica Regions before deleting it). Then read it there:`,
          commands: [
            `aws secretsmanager stop-replication-to-replica --region ${s} --secret-id ${f.rds.masterSecretName}`,
            `aws secretsmanager describe-secret --region ${s} --secret-id ${f.rds.masterSecretName} --query PrimaryRegion --output text   # ${s} once detached`,
          ],
        },
        {
          description: `ElastiCache: make ${f.elasticache.standbyGroupId} the primary of Global Datastore ${f.elasticache.globalId} (Terraform cannot):`,
          commands: [
            `aws elasticache failover-global-replication-group --region ${s} --global-replication-group-id ${f.elasticache.globalId} --primary-region ${s} --primary-replication-group-id ${f.elasticache.standbyGroupId}`,
            `aws elasticache describe-global-replication-groups --region ${s} --global-replication-group-id ${f.elasticache.globalId} --show-member-info --query 'GlobalReplicationGroups[0].Members'`,
          ],
        },
        {
          description: `OpenSearch: stop replication on the follower ${f.opensearch.followerDomain} so its indices take writes (Terraform cannot). The domain is reachable only inside its VPC, so its bootstrap function ${f.opensearch.bootstrapFunction} (in that VPC, acting as the master user) deletes the autofollow rule and stops every follower index; a function error fails this step:`,
          commands: [
            `FN_ERROR=$(aws lambda invoke --region ${s} --function-name ${f.opensearch.bootstrapFunction} --cli-binary-format raw-in-base64-out --payload '{"action":"stopReplication"}' --cli-read-timeout 900 --query FunctionError --output text stop-replication.json)`,
            `cat stop-replication.json; [ "$FN_ERROR" = "None" ]   # e.g. {"action":"stopReplication","autofollow":"deleted","stoppedIndices":[...]}`,
          ],
        },
      ],
    },
    {
      phase: 'compute',
      title: 'Scale compute and restore volumes',
      components: ['eks', 'velero'],
      duration_seconds: d.compute,
      basis: `${f.eks.scaleUpSeconds} s node scale-up (standby desired ${f.eks.standbyDesired} -> ${f.eks.primaryDesired}) + ${MODEL.veleroRestore.seconds} s Velero restore`,
      actions: [
        {
          description: `The scale-up was started by the failover deploy above. Once the nodes are active, pick the backup to restore: the newest Completed backup of schedule ${f.velero.scheduleName} (synced by the standby's Velero from ${f.velero.replicaBucket}) that completed more than ${RESTORE_REPLICATION_MARGIN_MINUTES} minutes ago, since S3 Replication Time Control copies objects within 15 minutes and a newer backup may have replicated in part. Then deploy the standby's Kubernetes stack in failover mode with it: it waits for the node group and applies the Velero Restore of that backup (spec.backupName); the apply fails if the restore does not complete:`,
          commands: [
            `aws eks wait nodegroup-active --region ${s} --cluster-name ${f.eks.clusterName} --nodegroup-name ${f.eks.nodeGroupName}`,
            `aws eks update-kubeconfig --region ${s} --name ${f.eks.clusterName}`,
            `CUTOFF=$(date -u -d '-${RESTORE_REPLICATION_MARGIN_MINUTES} minutes' +%Y-%m-%dT%H:%M:%SZ)`,
            `BACKUP=$(kubectl get backups.velero.io -n velero -o json | jq -r --arg cutoff "$CUTOFF" --arg schedule velero-${f.velero.scheduleName} '[.items[] | select(.status.phase == "Completed" and .metadata.labels["velero.io/schedule-name"] == $schedule and .status.completionTimestamp <= $cutoff)] | sort_by(.status.completionTimestamp) | last | .metadata.name // empty')`,
            `[ -n "$BACKUP" ] || { echo "no Completed backup of velero-${f.velero.scheduleName} older than $CUTOFF in the standby cluster" >&2; exit 1; }; echo "restoring $BACKUP"`,
            `WARM_STANDBY_ENV=${sel} WARM_STANDBY_FAILOVER=1 WARM_STANDBY_RESTORE_BACKUP="$BACKUP" npx cdktf deploy ${standbyK8sStack} --auto-approve --ignore-missing-stack-dependencies`,
            `kubectl wait --for=condition=Ready nodes --all --timeout=15m`,
            `velero restore get -n velero   # or by hand: velero restore create --from-backup "$BACKUP" -n velero --wait`,
            // The failover deploy waits for a terminal phase and fails unless the Restore is Completed.
            `velero restore describe velero-${f.velero.scheduleName}-failover -n velero --details   # if the deploy failed: PartiallyFailed/Failed, see also velero restore logs`,
          ],
        },
      ],
    },
    {
      phase: 'traffic',
      title: 'Shift traffic to the standby',
      components: ['dns'],
      duration_seconds: d.traffic,
      basis: `${f.dns.ttl} s record TTL for resolvers to drop the cached primary answer`,
      actions: [
        {
          description: `Route 53 already answers with the SECONDARY record (${f.dns.switch === 'endpoint' ? 'the endpoint health check failed' : 'the switch was flipped'}); resolvers follow within the TTL. Check:`,
          commands: [
            `aws route53 test-dns-answer --hosted-zone-id ${f.dns.zoneId} --record-name ${f.dns.recordName} --record-type CNAME`,
            `dig +short ${f.dns.recordName}`,
          ],
        },
      ],
    },
    {
      phase: 'verify',
      title: 'Verify the recovered application',
      components: ['redshift-feed'],
      duration_seconds: d.verify,
      basis: `${MODEL.verify.seconds} s smoke tests (engineering assumption)`,
      actions: [
        {
          description: `Smoke-test writes through ${f.dns.recordName}; the Redshift feed in ${s} is active/active and keeps loading from ${f.feed.standbyQueue}:`,
          commands: [
            `curl -fsS https://${f.dns.recordName}/healthz`,
            `aws rds describe-db-instances --region ${s} --db-instance-identifier ${f.rds.replicaIdentifier} --query 'DBInstances[0].[DBInstanceStatus,ReadReplicaSourceDBInstanceIdentifier]'`,
            `aws sqs get-queue-attributes --region ${s} --queue-url $(aws sqs get-queue-url --region ${s} --queue-name ${f.feed.standbyQueue} --query QueueUrl --output text) --attribute-names ApproximateNumberOfMessages`,
            `aws lambda get-function-configuration --region ${s} --function-name ${f.feed.standbyFunction} --query State`,
          ],
        },
      ],
    },
  ];

  // Failback runs through the environment with the Regions swapped (environments/failback.ts): the
  // same name, primary ${s}, standby ${p}; it is synthesized and gated like any environment.
  const swapped = `${env}${FAILBACK_SUFFIX}`;
  const standbyDir = `cdktf.out/stacks/${standbyStack}`;
  // The swapped standby adopts the live Route 53 objects (import blocks) with the ids AWS gave them,
  // read from the live standby's state; an `endpoint` environment has no switch to adopt.
  const adoptDns = f.dns.switch !== 'endpoint';
  const ids = adoptDns ? ' WARM_STANDBY_FAILBACK_IDS=failback-ids.json' : '';
  const failback =
    sel !== env
      ? [
          {
            title: `This runbook was written from ${sel}, the environment with the Regions swapped that failback switches back with; after its failover, continue with the Failback section of ${env}'s runbook (Back to the normal configuration)`,
            commands: [],
          },
        ]
      : [
          {
            title: `Wait until ${p} is healthy again; keep serving from ${s}`,
            // Regional calls to the recovering Region itself, not the AWS Health API (us-east-1).
            commands: [
              `aws ec2 describe-availability-zones --region ${p} --query 'AvailabilityZones[].[ZoneName,State]' --output text`,
              `aws rds describe-db-instances --region ${p} --query 'DBInstances[].[DBInstanceIdentifier,DBInstanceStatus]' --output text`,
            ],
          },
          {
            title: `Keep the diverged old primary's data, then retire its stacks: their resources in ${p} carry the names the swapped environment's standby takes`,
            commands: [
              `aws rds create-db-snapshot --region ${p} --db-instance-identifier ${f.rds.sourceIdentifier} --db-snapshot-identifier ${env}-pre-failback`,
              `aws rds wait db-snapshot-available --region ${p} --db-snapshot-identifier ${env}-pre-failback`,
              `aws rds modify-db-instance --region ${p} --db-instance-identifier ${f.rds.sourceIdentifier} --no-deletion-protection --apply-immediately`,
              `# Before the destroy, drop from ${primaryStack}'s state what the surviving Region still uses (they stay in AWS): the master`,
              `# secret and its version, whose replica in ${s} holds the live database's password (deleting a secret with a replica`,
              `# block removes the replica first), the OpenSearch principals (<app>-<env>-search-admin|replication, their policies): the master user`,
              `# of the surviving domain ${f.opensearch.followerDomain}, named by ARN by ${swapped}'s stacks too, and the Global Datastore`,
              `# ${f.elasticache.globalId}, whose primary member is ${f.elasticache.standbyGroupId} in ${s} since the failover (destroying it would delete it;`,
              `# ${f.elasticache.primaryGroupId} leaves it on its own: the provider disassociates a member before deleting it), and that group's AUTH`,
              `# token secret, whose replica in ${s} the live cache clients read and which ${swapped}'s standby reads in ${p}; the KMS keys`,
              `# those secrets are encrypted with (rds, elasticache: a key the destroy schedules for deletion decrypts nothing, and the kept`,
              `# secrets would be unreadable; their aliases go, ${swapped} creates new keys under them); and the audit trail, kept for`,
              `# logging.retentionDays: the S3 access-log bucket and every audit-class log group (${swapped}'s standby imports those it declares).`,
              `aws secretsmanager stop-replication-to-replica --region ${s} --secret-id ${f.rds.masterSecretName} || true   # done in the failover; repeated in case it was skipped`,
              `WARM_STANDBY_ENV=${env} npm run synth`,
              `terraform -chdir=cdktf.out/stacks/${primaryStack} init -input=false`,
              `KEEP=$(jq -r '.resource | to_entries[] | .key as $t | .value | to_entries[] | select((.value["//"].metadata.path | test("${FAILBACK_KEEP_PATHS}")) or .value.tags["${LOG_CLASS_TAG}"] == "audit") | "\\($t).\\(.key)"' cdktf.out/stacks/${primaryStack}/cdk.tf.json)`,
              `# Each line below runs only if the one before succeeded (${FAILBACK_KEPT_FILE} records what left the state): destroying`,
              `# with nothing kept would delete the secrets' keys and the audit trail. The Kubernetes stack goes first: the retired`,
              `# cluster's Velero stops writing backups before its bucket is emptied.`,
              `[ -n "$KEEP" ] && terraform -chdir=cdktf.out/stacks/${primaryStack} state rm $KEEP && printf '%s\\n' $KEEP > ${FAILBACK_KEPT_FILE} && WARM_STANDBY_ENV=${env} npx cdktf destroy ${replicationStack} ${primaryK8sStack} --auto-approve --ignore-missing-stack-dependencies`,
              `# The Velero and feed payload buckets must be empty to be deleted (versioned: every version and delete marker). They hold`,
              `# the retired cluster's backups and transient payloads; ${swapped}'s standby creates them again under the same names.`,
              `# 500 keys a round (one ListObjectVersions request; DeleteObjects takes 1000), passed as a file (an argument is limited to`,
              `# 128 KiB); a round whose DeleteObjects fails or reports Errors (Object Lock, permissions) stops with exit 1.`,
              `[ -s ${FAILBACK_KEPT_FILE} ] && ( for B in $(jq -r '.resource.aws_s3_bucket | to_entries[] | select(.value["//"].metadata.path | test("/(BackupBucket|FeedPayload)/Bucket$")) | .value.bucket' cdktf.out/stacks/${primaryStack}/cdk.tf.json); do while aws s3api list-object-versions --region ${p} --bucket "$B" --max-keys 500 --output json | jq -c '{Objects: ([(.Versions // [])[], (.DeleteMarkers // [])[] | {Key, VersionId}] | .[:500]), Quiet: true}' > failback-delete.json && jq -e '.Objects | length > 0' failback-delete.json > /dev/null; do aws s3api delete-objects --region ${p} --bucket "$B" --delete file://failback-delete.json --output json | jq -se '(.[0].Errors // []) | length == 0' > /dev/null || { echo "delete-objects failed in $B" >&2; exit 1; }; done; done ) && WARM_STANDBY_ENV=${env} npx cdktf destroy ${primaryStack} --auto-approve --ignore-missing-stack-dependencies`,
            ],
          },
          {
            title: `Re-seed ${p} as the new standby: deploy ${swapped} (primary ${s}, standby ${p}): RDS read replica of ${f.rds.replicaIdentifier}, cache group joined to the Global Datastore, OpenSearch follower, Velero backups replicated ${s} -> ${p}`,
            commands: [
              `# ${swapped} reuses every Region-derived name (RDS, S3, SQS/SNS, EKS, OpenSearch <app>-<env>-<region code>) and joins the live`,
              `# Global Datastore ${f.elasticache.globalId} (its id keeps the prefix of ${p}, where it was created; ${swapped}'s primary stack imports it).`,
              ...(adoptDns
                ? [
                    `# Route 53 lives in ${standbyStack}'s state: ${swapped}'s standby adopts the failover records, the endpoint check and the`,
                    `# ${f.dns.switch === 'arc' ? 'ARC switch (routing controls by Region, so each keeps its state)' : 'switch (a new one: the live one is inverted)'} with import blocks; the ids AWS gave them come from that state:`,
                    `terraform -chdir=${standbyDir} init -input=false   # ${env}'s synth from the step above; its state is in ${s}`,
                    `terraform -chdir=${standbyDir} show -json | npx ts-node --transpile-only scripts/failback-ids.ts > failback-ids.json`,
                  ]
                : [`# dns.switch.kind endpoint: no switch to adopt; the records are not taken over (README, Failback).`]),
              `WARM_STANDBY_ENV=${swapped}${ids} npm run synth   # gated like any environment; checks the ids`,
              `WARM_STANDBY_ENV=${swapped}${ids} npx cdktf deploy ${env}-standby ${env}-standby-k8s ${env}-replication --auto-approve --ignore-missing-stack-dependencies`,
              `aws rds wait db-instance-available --region ${p} --db-instance-identifier ${f.rds.sourceIdentifier}`,
              ...(adoptDns
                ? [
                    `# Route 53 now belongs to ${swapped}'s standby: drop it from ${standbyStack}'s state (the objects stay in AWS).`,
                    `WARM_STANDBY_ENV=${env} npm run synth`,
                    `terraform -chdir=${standbyDir} init -input=false`,
                    `DNS=$(jq -r '.resource | to_entries[] | select(.key | test("^aws_route53(_health_check|_record|recoverycontrolconfig_)")) | .key as $t | .value | keys[] | "\\($t).\\(.)"' ${standbyDir}/cdk.tf.json)`,
                    `terraform -chdir=${standbyDir} state rm $DNS`,
                    ...(f.dns.switch === 'manual'
                      ? [
                          `aws route53 delete-health-check --health-check-id "$(jq -r .dns.manualSwitchHealthCheckId failback-ids.json)"   # the old, inverted switch; the PRIMARY record uses the new one`,
                        ]
                      : []),
                  ]
                : []),
            ],
          },
          {
            title: `Switch back in a planned window (lag ~0): the failover runbook of ${swapped}, which fails over from ${s} to ${p}`,
            commands: [`WARM_STANDBY_ENV=${swapped} npm run synth`, `npx warm-standby runbook cdktf.out > failback-runbook.md`],
          },
          {
            title: `Back to the normal configuration once ${p} is the writer again`,
            commands: [
              `aws elasticache failover-global-replication-group --region ${p} --global-replication-group-id ${f.elasticache.globalId} --primary-region ${p} --primary-replication-group-id ${f.elasticache.primaryGroupId}`,
              `WARM_STANDBY_ENV=${env} npx cdktf deploy ${primaryStack} ${primaryK8sStack} ${standbyStack} ${standbyK8sStack} ${replicationStack} --auto-approve`,
            ],
          },
          f.dns.switch === 'endpoint'
            ? {
                title: `No switch: Route 53 answers PRIMARY again as soon as the ${p} endpoint check passes; keep that endpoint failing (or not writable) until ${p} is the writer again`,
                commands: [`dig +short ${f.dns.recordName}`],
              }
            : {
                title: `Only once ${p} is the writer again (the step above): flip the DNS switch back to ${p}; nothing flips it on its own`,
                commands: [...switchCommands(f, false), `dig +short ${f.dns.recordName}`],
              },
        ];

  const synth = `WARM_STANDBY_ENV=${sel} WARM_STANDBY_FAILOVER=1 npm run synth`;
  const prepare = {
    description:
      `On a cold machine (a checkout of this repository where \`bash scripts/setup\` has run; AWS credentials for ${s}${f.backend === 'cloud' ? '; TF_TOKEN_app_terraform_io for HCP Terraform' : ''}), ` +
      `synthesize the failover configuration the steps deploy, then initialise the stack whose outputs the steps read against its backend (its state lives in ${s}):`,
    commands: [synth, `terraform -chdir=cdktf.out/stacks/${f.dns.stack} init -input=false`],
  };

  return {
    environment: env,
    mode: f.failover ? 'failover' : 'normal',
    prepare,
    primary_region: p,
    standby_region: s,
    failover: { steps, total_seconds: totalSeconds(d) },
    failback: { steps: failback },
  };
}

export const RUNBOOK_FORMATS = ['markdown', 'json'] as const;
export type RunbookFormat = (typeof RUNBOOK_FORMATS)[number];

export interface RenderOptions {
  /**
   * A Markdown section drawing the environment (`warm-standby topology`), placed after the summary table.
   * @default - no picture
   */
  readonly topology?: string;
}

export function renderRunbook(runbook: Runbook, format: RunbookFormat, options: RenderOptions = {}): string {
  if (format === 'json') return `${JSON.stringify(runbook, null, 2)}\n`;
  const out: string[] = [
    `# Failover runbook: ${runbook.environment} (${runbook.primary_region} -> ${runbook.standby_region})`,
    '',
    `Written from the ${runbook.mode === 'failover' ? 'failover synth (WARM_STANDBY_FAILOVER=1: the standby Region alone)' : 'normal synth'} by \`warm-standby runbook\`.`,
    '',
    `Expected total: **${runbook.failover.total_seconds} s (${formatDuration(runbook.failover.total_seconds)})**, the RTO estimate of \`warm-standby objectives\`.`,
    '',
    '| # | phase | step | duration | basis |',
    '|---|---|---|---|---|',
    ...runbook.failover.steps.map((st, i) => `| ${i + 1} | ${st.phase} | ${st.title} | ${st.duration_seconds} s | ${st.basis.replace(/\|/g, '\\|')} |`),
    `| | | **total** | **${runbook.failover.total_seconds} s** | |`,
    '',
  ];
  if (options.topology) out.push(options.topology.trimEnd(), '');
  out.push('## 0. Before you start (cold machine)', '', runbook.prepare.description, '', '```sh', ...runbook.prepare.commands, '```', '');
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
