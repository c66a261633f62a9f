/**
 * Cross-cluster replication bootstrap: the post-deploy steps Terraform has no resource for, run
 * once per apply by an `aws_lambda_invocation` in each Region (see `../replication-bootstrap.ts`).
 *
 * 1. Assume the domain's master user role (the same IAM role is the master user of both domains)
 *    and map the replication principal (one IAM role common to both domains) to this domain's
 *    replication role: `cross_cluster_replication_leader_full_access` on the leader,
 *    `cross_cluster_replication_follower_full_access` on the follower
 *    (`PUT _plugins/_security/api/rolesmapping/<role>`, keeping whatever was mapped before).
 * 2. With `auditLogging` (the domain publishes AUDIT_LOGS to CloudWatch Logs), as the master user,
 *    switch the security plugin's audit logging on (`GET _plugins/_security/api/audit`, then
 *    `PUT _plugins/_security/api/audit/config` with `enabled: true` and the rest as it was).
 * 3. On the follower only: wait until the outbound connection is `ACTIVE` (DescribeOutboundConnections),
 *    failing with the status message on VALIDATION_FAILED, REJECTED, DELETED (and their -ING forms),
 *    then, as the replication principal, create the autofollow rule
 *    (`POST _plugins/_replication/_autofollow`). A rule of the same name that already exists is success.
 *
 * 4. `{"action": "stopReplication"}` (failover, on the follower; `aws lambda invoke` from the runbook):
 *    as the master user, delete the autofollow rule (`DELETE _plugins/_replication/_autofollow`) and
 *    stop replication of every follower index (`POST _plugins/_replication/<index>/_stop`), so the
 *    indices take writes. The domain is reachable from its VPC only, which is why this runs here; the
 *    configuration comes from the function's environment ({@link STOP_REPLICATION_ENV}), so the
 *    payload needs nothing else.
 *
 * Requests to the domain are signed with SigV4 (service `es`) with the assumed role's session
 * credentials, each session limited by a session policy to `es:ESHttp*` on this domain.
 *
 * Bundled by `modules/redshift-feed/bundle.ts` together with the `@aws-sdk/*` clients it imports.
 */
import { createHash, createHmac } from 'crypto';
import * as https from 'https';
import { DescribeOutboundConnectionsCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';

/** Security plugin roles for each side of cross-cluster replication (predefined by the security plugin). */
export const LEADER_REPLICATION_ROLE = 'cross_cluster_replication_leader_full_access';
export const FOLLOWER_REPLICATION_ROLE = 'cross_cluster_replication_follower_full_access';

/** Connection states that will not become ACTIVE on their own. */
export const FAILED_CONNECTION_STATES: readonly string[] = ['VALIDATION_FAILED', 'REJECTING', 'REJECTED', 'DELETING', 'DELETED'];

/** Environment variable holding the follower's {@link StopReplicationConfig} (JSON). */
export const STOP_REPLICATION_ENV = 'WARM_STANDBY_STOP_REPLICATION';

/** The payload of the failover action. */
export const STOP_REPLICATION_ACTION = 'stopReplication';

/** What `stopReplication` needs, set on the follower's function by `ReplicationBootstrap`. */
export interface StopReplicationConfig {
  readonly domainEndpoint: string;
  readonly domainArn: string;
  readonly region: string;
  /** The master user: all_access, so it may stop replication and delete the rule. */
  readonly adminRoleArn: string;
  /** Alias of the connection to the leader (the rule's `leader_alias`). */
  readonly connectionAlias: string;
  readonly ruleName: string;
}

export interface StopReplicationResult {
  readonly action: typeof STOP_REPLICATION_ACTION;
  readonly autofollow: 'deleted' | 'absent';
  /** Follower indices whose replication was stopped. */
  readonly stoppedIndices: string[];
}

/** The autofollow rule the follower creates. */
export interface AutofollowConfig {
  /** Id of the follower's outbound connection. */
  readonly connectionId: string;
  /** Alias of that connection: the rule's `leader_alias`. */
  readonly connectionAlias: string;
  /** Name of the rule. */
  readonly ruleName: string;
  /** Leader index pattern, e.g. `*`. */
  readonly pattern: string;
  /** Security role the replication tasks use on the leader. */
  readonly leaderClusterRole: string;
  /** Security role the replication tasks use on the follower. */
  readonly followerClusterRole: string;
}

/** The invocation's input (built by `ReplicationBootstrap`; it changes whenever the configuration does). */
export interface BootstrapEvent {
  /** VPC endpoint of the domain (hostname, no scheme). */
  readonly domainEndpoint: string;
  /** ARN of the domain (scopes the session policies). */
  readonly domainArn: string;
  /** Region of the domain. */
  readonly region: string;
  /** The domains' master user: may call the security API. */
  readonly adminRoleArn: string;
  /** The replication principal common to both domains. */
  readonly replicationRoleArn: string;
  /** Security role the replication principal is mapped to on this domain. */
  readonly replicationSecurityRole: string;
  /** Only on the follower. */
  readonly autofollow?: AutofollowConfig;
  /**
   * Switch the security plugin's audit logging on: the domain publishes AUDIT_LOGS, and publishing
   * alone logs nothing (see {@link ensureAuditLogging}).
   * @default false
   */
  readonly auditLogging?: boolean;
}

export interface BootstrapResult {
  readonly roleMapping: 'created' | 'updated' | 'unchanged';
  /** Present when the event asked for audit logging. */
  readonly auditLogging?: 'enabled' | 'unchanged';
  readonly autofollow: 'created' | 'exists' | 'not-applicable';
  readonly connectionStatus?: string;
}

/** A request ready to send (already signed). */
export interface SignedRequest {
  readonly method: string;
  readonly hostname: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly body: string;
}

export type HttpSend = (request: SignedRequest) => Promise<HttpResponse>;

/** Clients, HTTP and clock, injectable for tests. */
export interface BootstrapDependencies {
  readonly sts: STSClient;
  readonly openSearch: OpenSearchClient;
  /** @default - HTTPS with Node's `https` module */
  readonly send?: HttpSend;
  /** @default - setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default - the current time (SigV4 date) */
  readonly signingDate?: () => Date;
  /**
   * DescribeOutboundConnections calls before giving up on a connection that is not ACTIVE yet.
   * @default 40
   */
  readonly maxConnectionChecks?: number;
  /**
   * Pause between two checks.
   * @default 15000 (40 checks span 10 minutes, within the 15-minute Lambda limit)
   */
  readonly connectionCheckIntervalMs?: number;
  /**
   * Attempts of a domain request answered 403 before the 403 is final. IAM role policies and the
   * domain's access policy take seconds to reach the domain after Terraform creates them, so a first
   * deploy can be refused at first.
   * @default 13 (12 retries 5 s apart: about one minute)
   */
  readonly forbiddenAttempts?: number;
  /** @default 5000 */
  readonly forbiddenRetryIntervalMs?: number;
  /** @default - process.env */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

interface RoleMapping {
  readonly backend_roles?: string[];
  readonly and_backend_roles?: string[];
  readonly hosts?: string[];
  readonly users?: string[];
  readonly description?: string;
}

/** SHA-256 for the signer, from Node's crypto (what @smithy/hash-node does). */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  digest(): Promise<Uint8Array> {
    // Settles like the async method it replaces: a throwing digest() rejects instead of throwing.
    return new Promise((resolve) => resolve(new Uint8Array(this.hash.digest())));
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** Validates the invocation input; every problem names the field. */
export function parseEvent(event: unknown): BootstrapEvent {
  const e = (event ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const text = (obj: Record<string, unknown>, field: string, prefix = '') => {
    if (typeof obj[field] !== 'string' || obj[field].length === 0) problems.push(`${prefix}${field} must be a non-empty string`);
  };
  for (const field of ['domainEndpoint', 'domainArn', 'region', 'adminRoleArn', 'replicationRoleArn', 'replicationSecurityRole']) text(e, field);
  if (e.autofollow !== undefined) {
    const a = (e.autofollow ?? {}) as Record<string, unknown>;
    for (const field of ['connectionId', 'connectionAlias', 'ruleName', 'pattern', 'leaderClusterRole', 'followerClusterRole']) text(a, field, 'autofollow.');
  }
  if (e.auditLogging !== undefined && typeof e.auditLogging !== 'boolean')
    problems.push(`auditLogging must be true or false (got ${JSON.stringify(e.auditLogging)})`);
  if (problems.length > 0) throw new Error(`invalid bootstrap input: ${problems.join('; ')}`);
  return e as unknown as BootstrapEvent;
}

/** Reads the follower's stop configuration from the function's environment; every problem names the field. */
export function parseStopConfig(environment: Readonly<Record<string, string | undefined>>): StopReplicationConfig {
  const raw = environment[STOP_REPLICATION_ENV];
  if (!raw) throw new Error(`${STOP_REPLICATION_ENV} is not set: only the follower's bootstrap function can stop replication`);
  let c: Record<string, unknown>;
  try {
    c = JSON.parse(raw) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${STOP_REPLICATION_ENV} must be JSON: ${(error as Error).message}`, { cause: error });
  }
  const problems = ['domainEndpoint', 'domainArn', 'region', 'adminRoleArn', 'connectionAlias', 'ruleName']
    .filter((field) => typeof c[field] !== 'string' || c[field].length === 0)
    .map((field) => `${STOP_REPLICATION_ENV}.${field} must be a non-empty string`);
  if (problems.length > 0) throw new Error(`invalid stop configuration: ${problems.join('; ')}`);
  return c as unknown as StopReplicationConfig;
}

/** Creates the bootstrap handler. */
export function createHandler(dependencies: BootstrapDependencies): (event: unknown) => Promise<BootstrapResult | StopReplicationResult> {
  const send = dependencies.send ?? httpsSend;
  const sleep = dependencies.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxChecks = dependencies.maxConnectionChecks ?? 40;
  const intervalMs = dependencies.connectionCheckIntervalMs ?? 15_000;
  const forbiddenAttempts = dependencies.forbiddenAttempts ?? 13;
  const forbiddenIntervalMs = dependencies.forbiddenRetryIntervalMs ?? 5_000;

  const callerFor = (domain: { domainEndpoint: string; region: string }): Call => {
    const signedCall = async (credentials: Credentials, method: string, path: string, body?: string): Promise<HttpResponse> => {
      const signer = new SignatureV4({ service: 'es', region: domain.region, credentials, sha256: NodeSha256 });
      const headers: Record<string, string> = { host: domain.domainEndpoint, 'content-type': 'application/json' };
      const signed = await signer.sign(
        { method, protocol: 'https:', hostname: domain.domainEndpoint, path, headers, query: {}, body },
        dependencies.signingDate ? { signingDate: dependencies.signingDate() } : undefined,
      );
      return send({ method, hostname: domain.domainEndpoint, path, headers: signed.headers, body });
    };
    return (credentials, method, path, body) =>
      retryForbidden(() => signedCall(credentials, method, path, body), forbiddenAttempts, forbiddenIntervalMs, sleep);
  };

  return async (rawEvent) => {
    if ((rawEvent as { action?: unknown } | null)?.action === STOP_REPLICATION_ACTION) {
      const config = parseStopConfig(dependencies.environment ?? process.env);
      const admin = await assumeRole(dependencies.sts, config.adminRoleArn, 'search-stop-replication', config.domainArn);
      return stopReplication(callerFor(config), admin, config);
    }
    const event = parseEvent(rawEvent);
    const assume = (roleArn: string, sessionName: string) => assumeRole(dependencies.sts, roleArn, sessionName, event.domainArn);
    const call = callerFor(event);

    const admin = await assume(event.adminRoleArn, 'search-bootstrap-admin');
    const roleMapping = await ensureRoleMapping(call, admin, event.replicationSecurityRole, event.replicationRoleArn);
    const audit = event.auditLogging === true ? { auditLogging: await ensureAuditLogging(call, admin) } : {};
    if (!event.autofollow) return { roleMapping, ...audit, autofollow: 'not-applicable' };

    const connectionStatus = await waitForActiveConnection(dependencies.openSearch, event.autofollow.connectionId, maxChecks, intervalMs, sleep);
    const replication = await assume(event.replicationRoleArn, 'search-bootstrap-replication');
    const autofollow = await ensureAutofollowRule(call, admin, replication, event.autofollow);
    return { roleMapping, ...audit, autofollow, connectionStatus };
  };
}

/**
 * Repeats a request while the domain answers 403 (policies still propagating), signing it anew each
 * time; any other answer, or the last 403, is returned as is.
 */
export async function retryForbidden(
  request: () => Promise<HttpResponse>,
  attempts: number,
  intervalMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<HttpResponse> {
  let response = await request();
  for (let attempt = 1; attempt < attempts && response.statusCode === 403; attempt++) {
    await sleep(intervalMs);
    response = await request();
  }
  return response;
}

type Call = (credentials: Credentials, method: string, path: string, body?: string) => Promise<HttpResponse>;

async function assumeRole(sts: STSClient, roleArn: string, sessionName: string, domainArn: string): Promise<Credentials> {
  const response = await sts.send(
    new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: sessionName,
      DurationSeconds: 900,
      // Whatever the role may do elsewhere, this session reaches this domain only.
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'es:ESHttp*', Resource: `${domainArn}/*` }],
      }),
    }),
  );
  const c = response.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** Adds `backendRole` to the mapping of `securityRole`, keeping what is mapped already. */
export async function ensureRoleMapping(call: Call, admin: Credentials, securityRole: string, backendRole: string): Promise<BootstrapResult['roleMapping']> {
  const path = `/_plugins/_security/api/rolesmapping/${encodeURIComponent(securityRole)}`;
  const current = await call(admin, 'GET', path);
  let mapping: RoleMapping = {};
  if (current.statusCode === 200) {
    mapping = (JSON.parse(current.body) as Record<string, RoleMapping>)[securityRole] ?? {};
  } else if (current.statusCode !== 404) {
    throw httpError('GET', path, current);
  }
  const backendRoles = mapping.backend_roles ?? [];
  if (backendRoles.includes(backendRole)) return 'unchanged';
  const body: RoleMapping = {
    backend_roles: [...backendRoles, backendRole],
    hosts: mapping.hosts ?? [],
    users: mapping.users ?? [],
    ...(mapping.and_backend_roles && mapping.and_backend_roles.length > 0 ? { and_backend_roles: mapping.and_backend_roles } : {}),
    ...(mapping.description ? { description: mapping.description } : {}),
  };
  const put = await call(admin, 'PUT', path, JSON.stringify(body));
  if (put.statusCode !== 200 && put.statusCode !== 201) throw httpError('PUT', path, put);
  return current.statusCode === 404 ? 'created' : 'updated';
}

/** The security plugin's audit configuration (`config` of `GET _plugins/_security/api/audit`). */
interface AuditConfig {
  readonly enabled?: boolean;
  readonly audit?: Record<string, unknown>;
  readonly compliance?: Record<string, unknown>;
}

/**
 * What is sent when the domain returns no configuration to keep: the security plugin's documented
 * defaults (OpenSearch "Update Audit Configuration API"), REST and transport layers audited, the
 * per-request AUTHENTICATED and GRANTED_PRIVILEGES categories left out as the AWS guide advises.
 */
export const DEFAULT_AUDIT_CONFIG: AuditConfig = {
  enabled: true,
  audit: {
    enable_rest: true,
    disabled_rest_categories: ['AUTHENTICATED', 'GRANTED_PRIVILEGES'],
    enable_transport: true,
    disabled_transport_categories: ['AUTHENTICATED', 'GRANTED_PRIVILEGES'],
  },
  compliance: { enabled: true, internal_config: true, external_config: false },
};

/**
 * Switches the security plugin's audit logging on, keeping every other audit and compliance setting.
 * Needed because publishing AUDIT_LOGS to CloudWatch Logs does not start auditing: the OpenSearch
 * Service Developer Guide ("Monitoring audit logs", audit-logs.html) makes enabling audit logs two
 * steps, publishing first, then enabling audit logging in the security plugin (OpenSearch Dashboards
 * or `PUT _plugins/_security/api/audit/config`, which takes the master user: security_manager).
 */
export async function ensureAuditLogging(call: Call, admin: Credentials): Promise<'enabled' | 'unchanged'> {
  const path = '/_plugins/_security/api/audit';
  const current = await call(admin, 'GET', path);
  if (current.statusCode !== 200) throw httpError('GET', path, current);
  const config = (JSON.parse(current.body) as { config?: AuditConfig }).config;
  if (config?.enabled === true) return 'unchanged';
  const putPath = `${path}/config`;
  const put = await call(admin, 'PUT', putPath, JSON.stringify(config ? { ...config, enabled: true } : DEFAULT_AUDIT_CONFIG));
  if (put.statusCode !== 200 && put.statusCode !== 201) throw httpError('PUT', putPath, put);
  return 'enabled';
}

/** Polls the outbound connection until it is ACTIVE; throws on a failed state or after `maxChecks`. */
export async function waitForActiveConnection(
  client: OpenSearchClient,
  connectionId: string,
  maxChecks: number,
  intervalMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<string> {
  let last = 'unknown';
  for (let check = 1; check <= maxChecks; check++) {
    const response = await client.send(new DescribeOutboundConnectionsCommand({ Filters: [{ Name: 'connection-id', Values: [connectionId] }] }));
    const connection = (response.Connections ?? []).find((c) => c.ConnectionId === connectionId);
    if (!connection) throw new Error(`outbound connection ${connectionId} not found (DescribeOutboundConnections)`);
    const status = connection.ConnectionStatus?.StatusCode ?? 'unknown';
    const message = connection.ConnectionStatus?.Message;
    if (status === 'ACTIVE') return status;
    if (FAILED_CONNECTION_STATES.includes(status)) {
      throw new Error(`outbound connection ${connectionId} is ${status}${message ? `: ${message}` : ''}; replication cannot start`);
    }
    last = message ? `${status} (${message})` : status;
    if (check < maxChecks) await sleep(intervalMs);
  }
  throw new Error(
    `outbound connection ${connectionId} is still ${last} after ${maxChecks} checks; ` + "accept it in the leader's Region, then apply this stack again",
  );
}

/** Creates the autofollow rule unless one of that name exists. */
export async function ensureAutofollowRule(call: Call, admin: Credentials, replication: Credentials, config: AutofollowConfig): Promise<'created' | 'exists'> {
  const stats = await call(admin, 'GET', '/_plugins/_replication/autofollow_stats');
  if (stats.statusCode === 200) {
    const rules = (JSON.parse(stats.body) as { autofollow_stats?: { name?: string }[] }).autofollow_stats ?? [];
    if (rules.some((rule) => rule.name === config.ruleName)) return 'exists';
  }
  const path = '/_plugins/_replication/_autofollow';
  // Signed by the replication principal: the rule's tasks run as this user with the use_roles roles.
  const response = await call(
    replication,
    'POST',
    path,
    JSON.stringify({
      leader_alias: config.connectionAlias,
      name: config.ruleName,
      pattern: config.pattern,
      use_roles: { leader_cluster_role: config.leaderClusterRole, follower_cluster_role: config.followerClusterRole },
    }),
  );
  if (response.statusCode === 200) return 'created';
  if (/already.exists/i.test(response.body)) return 'exists';
  throw httpError('POST', path, response);
}

/**
 * Failover: deletes the autofollow rule (so no new index starts following the lost leader) and stops
 * replication of every follower index, which makes them writable. Safe to repeat: a missing rule is
 * `absent`, and an index no longer replicating is not listed by follower_stats.
 */
export async function stopReplication(call: Call, admin: Credentials, config: StopReplicationConfig): Promise<StopReplicationResult> {
  const rulePath = '/_plugins/_replication/_autofollow';
  const deleted = await call(admin, 'DELETE', rulePath, JSON.stringify({ leader_alias: config.connectionAlias, name: config.ruleName }));
  let autofollow: StopReplicationResult['autofollow'];
  if (deleted.statusCode === 200) autofollow = 'deleted';
  else if (deleted.statusCode === 404 || /does not exist|not found|no such/i.test(deleted.body)) autofollow = 'absent';
  else throw httpError('DELETE', rulePath, deleted);

  const statsPath = '/_plugins/_replication/follower_stats';
  const stats = await call(admin, 'GET', statsPath);
  if (stats.statusCode !== 200) throw httpError('GET', statsPath, stats);
  const indices = Object.keys((JSON.parse(stats.body) as { index_stats?: Record<string, unknown> }).index_stats ?? {}).sort();
  const stoppedIndices: string[] = [];
  for (const index of indices) {
    const path = `/_plugins/_replication/${encodeURIComponent(index)}/_stop`;
    const stopped = await call(admin, 'POST', path, '{}');
    if (stopped.statusCode === 200) stoppedIndices.push(index);
    else if (!/no replication in progress/i.test(stopped.body)) throw httpError('POST', path, stopped);
  }
  return { action: STOP_REPLICATION_ACTION, autofollow, stoppedIndices };
}

function httpError(method: string, path: string, response: HttpResponse): Error {
  return new Error(`${method} ${path} failed with HTTP ${response.statusCode}: ${response.body.slice(0, 500)}`);
}

/** Sends a signed request over HTTPS. */
export function httpsSend(request: SignedRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { method: request.method, hostname: request.hostname, path: request.path, headers: request.headers, port: 443, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${request.method} ${request.path} timed out`)));
    req.on('error', reject);
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

let containerHandler: ((event: unknown) => Promise<BootstrapResult | StopReplicationResult>) | undefined;

/** Lambda entry point. */
export const handler = (event: unknown): Promise<BootstrapResult | StopReplicationResult> => {
  containerHandler ??= createHandler({ sts: new STSClient({}), openSearch: new OpenSearchClient({}) });
  return containerHandler(event);
};
