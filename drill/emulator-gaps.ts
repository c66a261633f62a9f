/**
 * The emulator's gaps: the ONE list of what the drill does not apply, and why. Measured against
 * moto 5.2.5 (drill/requirements.txt) with Terraform 1.11.4 and AWS provider 5.100.0. A listed
 * resource is left out of the apply by `-target` (Terraform 1.11 has no `-exclude`): the targets are
 * every resource of the stack except the listed ones and the resources that reference them (which
 * Terraform would otherwise pull back in as dependencies). Nothing else is skipped: a resource that
 * fails and is not excluded here fails the drill.
 */

export interface EmulatorGap {
  /** Terraform resource type. */
  readonly type: string;
  /** Only instances whose synthesized body matches (e.g. the Global Datastore member); default all. */
  readonly when?: (body: Record<string, unknown>) => boolean;
  /** Which instances, for the report (with `when`). */
  readonly which?: string;
  /** Why moto cannot apply it. */
  readonly why: string;
  /**
   * `exclude`: left out with `-target` (the default). `stub`: applied, but moto answers without doing
   * the real work (`stubHow` says how), so the drill proves the call is made, not what it does.
   */
  readonly how?: 'exclude' | 'stub' | 'ignore';
  readonly stubHow?: string;
  /**
   * `ignore`: applied, but these arguments are added to `lifecycle.ignore_changes` in the override,
   * because moto reads them back differently from what it was given and the next plan would replace
   * the resource for it.
   */
  readonly ignoreChanges?: readonly string[];
  /**
   * An apply failure of this type whose message matches is the emulator's, not the stack's: it is
   * reported as tolerated, and what the apply was for is checked by reading the resource back.
   */
  readonly toleratedFailure?: RegExp;
}

export const EMULATOR_GAPS: readonly EmulatorGap[] = [
  // moto's EKS has clusters and node groups only: CreateAccessEntry/CreateAddon answer 404.
  { type: 'aws_eks_access_entry', why: 'moto 5.2.5 has no EKS access entries (CreateAccessEntry: 404)' },
  { type: 'aws_eks_access_policy_association', why: 'needs an access entry, which moto lacks (404)' },
  { type: 'aws_eks_addon', why: 'moto 5.2.5 has no EKS add-ons (CreateAddon: 404)' },
  // moto's Redshift clusters never report `available`, so the provider waits out its 75-minute create
  // timeout; a parameter group's parameter changes hang the same way.
  { type: 'aws_redshift_cluster', why: 'moto never reports the cluster available; the provider waits its full create timeout' },
  { type: 'aws_redshift_parameter_group', why: 'moto hangs on the parameter changes the provider makes after CreateClusterParameterGroup' },
  // No Global Datastore in moto. Its replication groups have no member clusters: after creating a
  // group the provider reads <group>-001 (DescribeCacheClusters) and gets CacheClusterNotFound.
  { type: 'aws_elasticache_global_replication_group', why: 'moto 5.2.5 has no ElastiCache Global Datastore' },
  {
    type: 'aws_elasticache_replication_group',
    why: 'moto 5.2.5 creates the group without its member cache clusters; the provider reads <group>-001 after create (CacheClusterNotFound)',
  },
  // moto runs Lambda code in Docker, which the drill does not need: its simple backend (set through
  // /moto-api/config before anything is created) answers Invoke with the request payload.
  {
    type: 'aws_lambda_invocation',
    how: 'stub',
    stubHow: 'moto config lambda.use_docker=false: Invoke returns the input payload, the function does not run',
    why: 'moto needs Docker to run a function; the bootstrap functions talk to OpenSearch security APIs moto does not have',
  },
  // moto's CreateCluster returns no cluster security group (vpc_config.cluster_security_group_id is
  // empty), so a rule on it or from it fails with InvalidGroup.NotFound for ''. Real EKS creates that
  // group; these rules are the private endpoint's agent ingress and the cache's ingress from the nodes.
  {
    type: 'aws_vpc_security_group_ingress_rule',
    when: (body) => JSON.stringify(body).includes('cluster_security_group_id'),
    which: 'rules on or from the EKS cluster security group',
    why: "moto 5.2.5's EKS cluster has no cluster security group (cluster_security_group_id is empty): AuthorizeSecurityGroupIngress answers InvalidGroup.NotFound for ''",
  },
  // moto's RotateSecret invokes the rotation function for the four steps at once; with the drill's
  // Docker-less Lambda (Invoke returns the payload) nothing stores the AWSPENDING value, and moto then
  // labels that empty version AWSCURRENT (moto/secretsmanager/models.py rotate_secret, read in 5.2.1):
  // the master secret would lose its password and every later plan's ephemeral read would fail.
  {
    type: 'aws_secretsmanager_secret_rotation',
    why: 'moto runs the rotation against a function that does not run (no Docker) and then makes the empty AWSPENDING version AWSCURRENT, so the master secret would lose its password',
  },
  // OpenSearch cross-cluster connections are not in moto.
  { type: 'aws_opensearch_outbound_connection', why: 'moto 5.2.5 has no OpenSearch cross-cluster connections' },
  { type: 'aws_opensearch_inbound_connection_accepter', why: 'moto 5.2.5 has no OpenSearch cross-cluster connections' },
  // moto's EKS read-back differs from what it was given; the failover plan would replace the cluster
  // and the node group for it (seen in the drill: replace_because_cannot_update). Real EKS returns
  // what was set, so ignoring the two arguments hides no real change.
  {
    type: 'aws_eks_cluster',
    how: 'ignore',
    ignoreChanges: ['access_config', 'upgrade_policy'],
    why: "moto returns no access_config (every later plan replaces the cluster: bootstrap_cluster_creator_admin_permissions forces it) and no upgrade_policy (every later plan updates it, and AWS provider 5.100.0 panics on moto's UpdateClusterConfig answer: nil dereference in resourceClusterUpdate, eks/cluster.go:819)",
  },
  {
    type: 'aws_eks_node_group',
    how: 'ignore',
    ignoreChanges: ['remote_access', 'update_config'],
    // UpdateNodegroupConfig applies the new scaling config but its update id is unknown to DescribeUpdate.
    toleratedFailure: /DescribeUpdate, https response error StatusCode: 404/,
    why: 'moto invents remote_access { ec2_ssh_key = "eksKeypair" } (every later plan replaces the node group) and returns no update_config (every later plan updates it); the failover scale-up applies in moto, but DescribeUpdate answers 404 for the update id it returned, so the provider\'s wait fails: tolerated, and the scaling is checked by reading the node group back',
  },
  // moto's PromoteReadReplica clears its replica flag but keeps the source identifier, so
  // DescribeDBInstances still shows ReadReplicaSourceDBInstanceIdentifier after a promotion
  // (moto/rds/models.py promote_read_replica). The drill then checks the call itself at the proxy.
  {
    type: 'aws_db_instance',
    which: 'the read replica, after promotion (read-back only)',
    how: 'stub',
    stubHow: 'promotion verified by the PromoteReadReplica call seen at the proxy, not by the read-back field',
    when: () => false,
    why: 'moto 5.2.5 keeps ReadReplicaSourceDBInstanceIdentifier after PromoteReadReplica',
  },
  // Route 53 ARC control configuration is not a moto service at all.
  { type: 'aws_route53recoverycontrolconfig_cluster', why: 'moto 5.2.5 has no Route 53 ARC (route53-recovery-control-config)' },
  { type: 'aws_route53recoverycontrolconfig_control_panel', why: 'moto 5.2.5 has no Route 53 ARC' },
  { type: 'aws_route53recoverycontrolconfig_routing_control', why: 'moto 5.2.5 has no Route 53 ARC' },
  { type: 'aws_route53recoverycontrolconfig_safety_rule', why: 'moto 5.2.5 has no Route 53 ARC' },
];

export interface StackJson {
  resource?: Record<string, Record<string, unknown>>;
}

export interface Exclusion {
  readonly address: string;
  /** The gap's reason, or `references <address>` for a resource left out with its dependency. */
  readonly reason: string;
}

export interface TargetPlan {
  /** Every resource address to apply (`-target=` each), sorted. */
  readonly targets: string[];
  readonly excluded: Exclusion[];
}

/** The gap that covers one resource, if any. */
export function gapFor(type: string, body: Record<string, unknown>, gaps: readonly EmulatorGap[] = EMULATOR_GAPS): EmulatorGap | undefined {
  return gaps.find((g) => g.type === type && (g.when === undefined || g.when(body)));
}

/** Resource addresses a body references: `${aws_x.y...}` interpolations and `depends_on` entries. */
export function referencedAddresses(body: unknown, known: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const text = JSON.stringify(body);
  for (const m of text.matchAll(/\b([a-z0-9_]+\.[A-Za-z0-9_-]+)\b/g)) if (known.has(m[1])) out.add(m[1]);
  return out;
}

/**
 * Splits a synthesized stack into the addresses to apply and those left out: the listed gaps, then,
 * until nothing changes, every resource referencing a left-out one.
 */
export function planTargets(stack: StackJson, gaps: readonly EmulatorGap[] = EMULATOR_GAPS): TargetPlan {
  const bodies = new Map<string, Record<string, unknown>>();
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) bodies.set(`${type}.${name}`, body as Record<string, unknown>);
  }
  const known = new Set(bodies.keys());
  const excluded = new Map<string, string>();
  for (const [address, body] of bodies) {
    const gap = gapFor(address.split('.')[0], body, gaps);
    if (gap && (gap.how ?? 'exclude') === 'exclude') excluded.set(address, gap.why);
  }
  const refs = new Map([...bodies].map(([address, body]) => [address, referencedAddresses(body, known)]));
  for (let changed = true; changed;) {
    changed = false;
    for (const [address, uses] of refs) {
      if (excluded.has(address)) continue;
      const missing = [...uses].find((u) => excluded.has(u));
      if (missing) {
        excluded.set(address, `references ${missing}`);
        changed = true;
      }
    }
  }
  return {
    targets: [...known].filter((a) => !excluded.has(a)).sort(),
    excluded: [...excluded].map(([address, reason]) => ({ address, reason })).sort((a, b) => a.address.localeCompare(b.address)),
  };
}

/** A failure Terraform reported: the resource address (when it named one) and the message. */
export interface ApplyFailure {
  readonly address?: string;
  readonly message: string;
}

/**
 * The failures that fail the drill: every one, since listed gaps are never applied. A failure of a
 * listed type means the exclusion did not work (or the list is stale) and is reported as such.
 */
export function unexpectedFailures(failures: readonly ApplyFailure[], plan: TargetPlan): ApplyFailure[] {
  const excluded = new Set(plan.excluded.map((e) => e.address));
  return untolerated(failures).map((f) =>
    f.address !== undefined && excluded.has(f.address) ? { ...f, message: `${f.message} (listed as an emulator gap, but it was applied anyway)` } : f,
  );
}

/** The gap whose `toleratedFailure` covers a failure (by the address's resource type), if any. */
export function toleratedBy(f: ApplyFailure, gaps: readonly EmulatorGap[] = EMULATOR_GAPS): EmulatorGap | undefined {
  const type = f.address?.split('.')[0];
  return gaps.find((g) => g.type === type && g.toleratedFailure !== undefined && g.toleratedFailure.test(f.message));
}

/** Failures no gap tolerates. */
export function untolerated(failures: readonly ApplyFailure[], gaps: readonly EmulatorGap[] = EMULATOR_GAPS): ApplyFailure[] {
  return failures.filter((f) => toleratedBy(f, gaps) === undefined);
}
