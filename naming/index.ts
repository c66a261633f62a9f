import { EnvironmentConfig, Role } from '../environments';
import { arnPartition } from '../modules/core/arn';

/**
 * Deterministic names of everything one Region must know about the other.
 *
 * Both stacks compute the same names from the environment, so the standby stack can refer to the
 * primary's database, bucket, topic, domain or queue while the primary Region is unreachable,
 * without reading its state (no terraform_remote_state, no data source, no SSM parameter).
 */
export class Naming {
  constructor(private readonly env: EnvironmentConfig) {}

  regionOf(role: Role): string {
    return role === 'primary' ? this.env.primaryRegion : this.env.standbyRegion;
  }

  peerOf(role: Role): Role {
    return role === 'primary' ? 'standby' : 'primary';
  }

  /** Short Region code used in names: us-east-1 -> use1, eu-central-1 -> euc1. */
  regionCode(region: string): string {
    const [area, direction, number] = region.split('-');
    return `${area}${direction.replace(/(north|south|east|west|central)/g, (d) => d[0])}${number}`.replace(/[^a-z0-9]/g, '');
  }

  /** `<app>-<env>-<region code>` prefix of every name in that Region. */
  prefix(role: Role): string {
    return `${this.env.app}-${this.env.name}-${this.regionCode(this.regionOf(role))}`;
  }

  stackName(kind: Role | `${Role}-k8s` | 'replication'): string {
    return `${this.env.name}-${kind}`;
  }

  clusterName(role: Role): string {
    return `${this.prefix(role)}-eks`;
  }

  /** Name of the application node group in each Region's cluster. */
  nodeGroupName(): string {
    return 'app';
  }

  /** IAM role of Velero's service account in that Region's cluster (created by the Region's AWS stack). */
  veleroRoleName(role: Role): string {
    return `${this.prefix(role)}-velero`;
  }

  /** IAM role of the Portworx service account in that Region's cluster (created by the Region's AWS stack). */
  portworxRoleName(role: Role): string {
    return `${this.prefix(role)}-portworx`;
  }

  /** ARN partition of the Region (`aws`, `aws-cn`, `aws-us-gov`); both Regions share one. */
  partition(role: Role = 'primary'): string {
    return arnPartition(this.regionOf(role));
  }

  roleArn(roleName: string): string {
    return `arn:${this.partition()}:iam::${this.env.accountId}:role/${roleName}`;
  }

  dbIdentifier(role: Role): string {
    return `${this.prefix(role)}-pg`;
  }

  dbArn(role: Role): string {
    return `arn:${this.partition(role)}:rds:${this.regionOf(role)}:${this.env.accountId}:db:${this.dbIdentifier(role)}`;
  }

  cacheGroupId(role: Role): string {
    return `${this.prefix(role)}-redis`;
  }

  /**
   * The Region's OpenSearch domain: the bare `<app>-<env>-<region code>` prefix, so two environments
   * in one account never collide, and, like every Region-derived name, it stays with the Region after
   * a failback. OpenSearch allows at most 28 characters; `environments/validate.ts` checks it.
   */
  searchDomainName(role: Role): string {
    return this.prefix(role);
  }

  /** Name of the Lambda function (and its IAM role) that bootstraps replication on the Region's domain. */
  searchBootstrapName(role: Role): string {
    return `${this.searchDomainName(role)}-repl-bootstrap`;
  }

  /** Alias of the follower's OpenSearch connection to the leader (its autofollow rule is `<alias>-all`). */
  searchConnectionAlias(): string {
    return `${this.env.app}-${this.env.name}-leader`;
  }

  backupBucket(role: Role): string {
    return `${this.prefix(role)}-velero-${this.env.accountId}`;
  }

  backupBucketArn(role: Role): string {
    return `arn:${this.partition(role)}:s3:::${this.backupBucket(role)}`;
  }

  /** The Region's feed payload bucket (each Region has its own; bucket names are global). */
  payloadBucket(role: Role): string {
    return `${this.prefix(role)}-feed-payload-${this.env.accountId}`;
  }

  /** The Region's target of S3 server access logs (every data bucket of the Region logs there). */
  accessLogBucket(role: Role): string {
    return `${this.prefix(role)}-s3-access-logs-${this.env.accountId}`;
  }

  /** Name of each Region's feed topic (topic names are per Region, so both Regions use the same). */
  feedTopic(): string {
    return `${this.env.app}-${this.env.name}-feed`;
  }

  feedName(role: Role): string {
    return `${this.prefix(role)}-feed`;
  }

  kmsAlias(role: Role, store: string): string {
    return `alias/${this.prefix(role)}-${store}`;
  }

  kmsAliasArn(role: Role, store: string): string {
    return `arn:${this.partition(role)}:kms:${this.regionOf(role)}:${this.env.accountId}:${this.kmsAlias(role, store)}`;
  }

  /** State key of a stack: `<env>/<region>/<stack>.tfstate`. */
  stateKey(kind: Role | `${Role}-k8s` | 'replication'): string {
    const region = kind === 'standby' || kind === 'standby-k8s' ? this.env.standbyRegion : this.env.primaryRegion;
    return `${this.env.name}/${region}/${this.stackName(kind)}.tfstate`;
  }
}
