import { createHash, createHmac } from 'crypto';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeOutboundConnectionsCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  BootstrapEvent,
  BootstrapResult,
  DEFAULT_AUDIT_CONFIG,
  STOP_REPLICATION_ENV,
  StopReplicationConfig,
  FOLLOWER_REPLICATION_ROLE,
  HttpResponse,
  LEADER_REPLICATION_ROLE,
  SignedRequest,
  createHandler,
  parseEvent,
  retryForbidden,
} from '../../modules/opensearch/handler';

const stsMock = mockClient(STSClient);
const openSearchMock = mockClient(OpenSearchClient);

const ENDPOINT = 'vpc-payments-usw2-follow-abc123.us-west-2.es.amazonaws.com';
const DOMAIN_ARN = 'arn:aws:es:us-west-2:123456789012:domain/payments-usw2-follow';
const ADMIN = 'arn:aws:iam::123456789012:role/payments-example-search-admin';
const REPLICATION = 'arn:aws:iam::123456789012:role/payments-example-search-replication';
const SIGNING_DATE = new Date('2026-01-02T03:04:05Z');

const LEADER_EVENT: BootstrapEvent = {
  domainEndpoint: ENDPOINT,
  domainArn: DOMAIN_ARN,
  region: 'us-west-2',
  adminRoleArn: ADMIN,
  replicationRoleArn: REPLICATION,
  replicationSecurityRole: LEADER_REPLICATION_ROLE,
};

const FOLLOWER_EVENT: BootstrapEvent = {
  ...LEADER_EVENT,
  replicationSecurityRole: FOLLOWER_REPLICATION_ROLE,
  autofollow: {
    connectionId: 'cc-0123456789',
    connectionAlias: 'payments-example-leader',
    ruleName: 'payments-example-all',
    pattern: '*',
    leaderClusterRole: LEADER_REPLICATION_ROLE,
    followerClusterRole: FOLLOWER_REPLICATION_ROLE,
  },
};

const KEYS: Record<string, { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }> = {
  [ADMIN]: { AccessKeyId: 'ASIAADMIN', SecretAccessKey: 'admin-secret', SessionToken: 'admin-token' },
  [REPLICATION]: { AccessKeyId: 'ASIAREPL', SecretAccessKey: 'repl-secret', SessionToken: 'repl-token' },
};

type Route = (request: SignedRequest) => HttpResponse | undefined;

let sent: SignedRequest[];
let routes: Route[];
let sleep: jest.Mock;

const json = (statusCode: number, body: unknown): HttpResponse => ({ statusCode, body: JSON.stringify(body) });

/** Fake HTTP layer: the first route that answers wins; anything unexpected is a 500. */
function send(request: SignedRequest): Promise<HttpResponse> {
  sent.push(request);
  for (const route of routes) {
    const response = route(request);
    if (response) return Promise.resolve(response);
  }
  return Promise.resolve(json(500, { error: `unexpected ${request.method} ${request.path}` }));
}

const on =
  (method: string, path: string, response: HttpResponse): Route =>
  (r) =>
    r.method === method && r.path === path ? response : undefined;

const MAPPING_PATH = (role: string) => `/_plugins/_security/api/rolesmapping/${role}`;

function newHandler(options: { maxConnectionChecks?: number; environment?: Record<string, string | undefined> } = {}) {
  return createHandler({
    environment: options.environment ?? {},
    sts: new STSClient({ region: 'us-west-2' }),
    openSearch: new OpenSearchClient({ region: 'us-west-2' }),
    send,
    sleep,
    signingDate: () => SIGNING_DATE,
    maxConnectionChecks: options.maxConnectionChecks ?? 5,
    connectionCheckIntervalMs: 1000,
  });
}

function connection(status: string, message?: string) {
  return { Connections: [{ ConnectionId: 'cc-0123456789', ConnectionStatus: { StatusCode: status, Message: message } }] } as never;
}

const keyIdOf = (r: SignedRequest) => /Credential=([^/]+)\//.exec(r.headers.authorization)?.[1];

beforeEach(() => {
  sent = [];
  routes = [];
  sleep = jest.fn(() => Promise.resolve(undefined));
  stsMock.reset();
  openSearchMock.reset();
  stsMock.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => ({ Credentials: { ...KEYS[input.RoleArn], Expiration: new Date() } }));
});

/** An independent SigV4 computation (AWS General Reference, "Create a signed AWS API request"). */
function expectedSignature(r: SignedRequest, secret: string, region: string, service: string): string {
  const amzDate = r.headers['x-amz-date'];
  const day = amzDate.slice(0, 8);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(r.headers.authorization)![1].split(';');
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${r.headers[h].trim()}\n`).join('');
  const payloadHash = createHash('sha256')
    .update(r.body ?? '')
    .digest('hex');
  const canonical = [r.method, r.path, '', canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex');
}

describe('parseEvent', () => {
  test('names every missing field', () => {
    expect(() => parseEvent({ ...LEADER_EVENT, domainEndpoint: '', autofollow: { connectionId: 'cc-1' } })).toThrow(
      /domainEndpoint must be a non-empty string.*autofollow\.connectionAlias must be a non-empty string/,
    );
  });
});

describe('leader bootstrap', () => {
  test('maps the replication principal to the leader role, signing as the master user with SigV4 for es', async () => {
    routes.push(on('GET', MAPPING_PATH(LEADER_REPLICATION_ROLE), json(404, { status: 'NOT_FOUND' })));
    routes.push(on('PUT', MAPPING_PATH(LEADER_REPLICATION_ROLE), json(201, { status: 'CREATED' })));

    const result = await newHandler()(LEADER_EVENT);

    expect(result).toEqual({ roleMapping: 'created', autofollow: 'not-applicable' });
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${MAPPING_PATH(LEADER_REPLICATION_ROLE)}`, `PUT ${MAPPING_PATH(LEADER_REPLICATION_ROLE)}`]);
    const put = sent[1];
    expect(JSON.parse(put.body!)).toEqual({ backend_roles: [REPLICATION], hosts: [], users: [] });
    // Signed with the master user's session, scoped to es in the domain's Region.
    expect(put.hostname).toBe(ENDPOINT);
    expect(put.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAADMIN\/20260102\/us-west-2\/es\/aws4_request, SignedHeaders=[^ ]*host[^ ]*, Signature=[0-9a-f]{64}$/,
    );
    expect(put.headers['x-amz-security-token']).toBe('admin-token');
    expect(put.headers['x-amz-date']).toBe('20260102T030405Z');
    for (const request of sent) {
      expect(/Signature=([0-9a-f]{64})/.exec(request.headers.authorization)![1]).toBe(expectedSignature(request, 'admin-secret', 'us-west-2', 'es'));
    }
    // The session is limited to this domain.
    const assume = stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input;
    expect(assume.RoleArn).toBe(ADMIN);
    expect(JSON.parse(assume.Policy!).Statement).toEqual([{ Effect: 'Allow', Action: 'es:ESHttp*', Resource: `${DOMAIN_ARN}/*` }]);
    expect(openSearchMock.commandCalls(DescribeOutboundConnectionsCommand)).toHaveLength(0);
  });

  test('keeps what is mapped already and adds the principal', async () => {
    routes.push(
      on(
        'GET',
        MAPPING_PATH(LEADER_REPLICATION_ROLE),
        json(200, {
          [LEADER_REPLICATION_ROLE]: { backend_roles: ['arn:aws:iam::123456789012:role/other'], hosts: [], users: ['alice'], reserved: false },
        }),
      ),
    );
    routes.push(on('PUT', MAPPING_PATH(LEADER_REPLICATION_ROLE), json(200, { status: 'OK' })));

    expect(((await newHandler()(LEADER_EVENT)) as BootstrapResult).roleMapping).toBe('updated');
    expect(JSON.parse(sent[1].body!)).toEqual({ backend_roles: ['arn:aws:iam::123456789012:role/other', REPLICATION], hosts: [], users: ['alice'] });
  });

  test('does nothing when the principal is mapped (idempotent)', async () => {
    routes.push(on('GET', MAPPING_PATH(LEADER_REPLICATION_ROLE), json(200, { [LEADER_REPLICATION_ROLE]: { backend_roles: [REPLICATION] } })));

    expect(((await newHandler()(LEADER_EVENT)) as BootstrapResult).roleMapping).toBe('unchanged');
    expect(sent.map((r) => r.method)).toEqual(['GET']);
  });

  test('fails when the security API refuses (e.g. the caller is not the master user)', async () => {
    routes.push(on('GET', MAPPING_PATH(LEADER_REPLICATION_ROLE), json(403, { status: 'FORBIDDEN', message: 'no permissions' })));

    await expect(newHandler()(LEADER_EVENT)).rejects.toThrow(
      /GET \/_plugins\/_security\/api\/rolesmapping\/cross_cluster_replication_leader_full_access failed with HTTP 403/,
    );
  });
});

describe('follower bootstrap', () => {
  const AUTOFOLLOW = '/_plugins/_replication/_autofollow';
  const STATS = '/_plugins/_replication/autofollow_stats';

  beforeEach(() => {
    routes.push(on('GET', MAPPING_PATH(FOLLOWER_REPLICATION_ROLE), json(200, { [FOLLOWER_REPLICATION_ROLE]: { backend_roles: [REPLICATION] } })));
    routes.push(on('GET', STATS, json(200, { num_success_start_replication: 0, autofollow_stats: [] })));
  });

  test('waits while the connection is PENDING_ACCEPTANCE / PROVISIONING, then creates the autofollow rule as the replication principal', async () => {
    openSearchMock
      .on(DescribeOutboundConnectionsCommand)
      .resolvesOnce(connection('PENDING_ACCEPTANCE'))
      .resolvesOnce(connection('PROVISIONING'))
      .resolves(connection('ACTIVE'));
    routes.push(on('POST', AUTOFOLLOW, json(200, { acknowledged: true })));

    const result = await newHandler()(FOLLOWER_EVENT);

    expect(result).toEqual({ roleMapping: 'unchanged', autofollow: 'created', connectionStatus: 'ACTIVE' });
    const describes = openSearchMock.commandCalls(DescribeOutboundConnectionsCommand);
    expect(describes).toHaveLength(3);
    expect(describes[0].args[0].input).toEqual({ Filters: [{ Name: 'connection-id', Values: ['cc-0123456789'] }] });
    expect(sleep).toHaveBeenCalledTimes(2);
    const post = sent.find((r) => r.method === 'POST')!;
    expect(JSON.parse(post.body!)).toEqual({
      leader_alias: 'payments-example-leader',
      name: 'payments-example-all',
      pattern: '*',
      use_roles: { leader_cluster_role: LEADER_REPLICATION_ROLE, follower_cluster_role: FOLLOWER_REPLICATION_ROLE },
    });
    expect(keyIdOf(post)).toBe('ASIAREPL');
    expect(post.headers['x-amz-security-token']).toBe('repl-token');
    expect(/Signature=([0-9a-f]{64})/.exec(post.headers.authorization)![1]).toBe(expectedSignature(post, 'repl-secret', 'us-west-2', 'es'));
    expect(stsMock.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([ADMIN, REPLICATION]);
  });

  test('an existing rule of the same name is success, without a POST', async () => {
    openSearchMock.on(DescribeOutboundConnectionsCommand).resolves(connection('ACTIVE'));
    routes.unshift(on('GET', STATS, json(200, { autofollow_stats: [{ name: 'payments-example-all', pattern: '*' }] })));

    expect((await newHandler()(FOLLOWER_EVENT)).autofollow).toBe('exists');
    expect(sent.some((r) => r.method === 'POST')).toBe(false);
  });

  test('a POST answered "already exists" is success', async () => {
    openSearchMock.on(DescribeOutboundConnectionsCommand).resolves(connection('ACTIVE'));
    routes.push(on('POST', AUTOFOLLOW, json(400, { error: { type: 'resource_already_exists_exception', reason: 'autofollow rule already exists' } })));

    expect((await newHandler()(FOLLOWER_EVENT)).autofollow).toBe('exists');
  });

  test('any other POST failure fails the invocation', async () => {
    openSearchMock.on(DescribeOutboundConnectionsCommand).resolves(connection('ACTIVE'));
    routes.push(on('POST', AUTOFOLLOW, json(403, { error: 'no permissions for [cluster:admin/plugins/replication/autofollow/update]' })));

    await expect(newHandler()(FOLLOWER_EVENT)).rejects.toThrow(/POST \/_plugins\/_replication\/_autofollow failed with HTTP 403/);
  });

  test.each(['VALIDATION_FAILED', 'REJECTED', 'DELETED'])('fails at once on %s with the status message', async (status) => {
    openSearchMock.on(DescribeOutboundConnectionsCommand).resolves(connection(status, 'Unable to connect to remote domain'));

    await expect(newHandler()(FOLLOWER_EVENT)).rejects.toThrow(`outbound connection cc-0123456789 is ${status}: Unable to connect to remote domain`);
    expect(openSearchMock.commandCalls(DescribeOutboundConnectionsCommand)).toHaveLength(1);
    expect(sent.some((r) => r.method === 'POST')).toBe(false);
  });

  test('gives up after the bound while the connection stays PENDING_ACCEPTANCE', async () => {
    openSearchMock.on(DescribeOutboundConnectionsCommand).resolves(connection('PENDING_ACCEPTANCE'));

    await expect(newHandler({ maxConnectionChecks: 3 })(FOLLOWER_EVENT)).rejects.toThrow(
      /still PENDING_ACCEPTANCE after 3 checks; accept it in the leader's Region/,
    );
    expect(openSearchMock.commandCalls(DescribeOutboundConnectionsCommand)).toHaveLength(3);
    expect(sleep).toHaveBeenCalledTimes(2);
    expect(sleep).toHaveBeenCalledWith(1000);
  });

  test('fails when the connection does not exist', async () => {
    openSearchMock.on(DescribeOutboundConnectionsCommand).resolves({ Connections: [] });

    await expect(newHandler()(FOLLOWER_EVENT)).rejects.toThrow(/outbound connection cc-0123456789 not found/);
  });
});

describe('audit logging (auditLogging: true): publishing AUDIT_LOGS alone logs nothing', () => {
  const AUDIT = '/_plugins/_security/api/audit';
  const AUDIT_CONFIG = '/_plugins/_security/api/audit/config';
  const tuned = {
    enabled: false,
    audit: { enable_rest: true, disabled_rest_categories: ['AUTHENTICATED'], ignore_users: ['kibanaserver'] },
    compliance: { enabled: true, read_watched_fields: { accounts: ['ssn'] } },
  };

  beforeEach(() => {
    routes.push(on('GET', MAPPING_PATH(LEADER_REPLICATION_ROLE), json(200, { [LEADER_REPLICATION_ROLE]: { backend_roles: [REPLICATION] } })));
  });

  test('switches the security plugin audit log on as the master user, keeping every other setting', async () => {
    routes.push(on('GET', AUDIT, json(200, { _readonly: ['/audit/exclude_sensitive_headers'], config: tuned })));
    routes.push(on('PUT', AUDIT_CONFIG, json(200, { status: 'OK', message: "'config' updated." })));

    const result = await newHandler()({ ...LEADER_EVENT, auditLogging: true });

    expect(result).toEqual({ roleMapping: 'unchanged', auditLogging: 'enabled', autofollow: 'not-applicable' });
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${MAPPING_PATH(LEADER_REPLICATION_ROLE)}`, `GET ${AUDIT}`, `PUT ${AUDIT_CONFIG}`]);
    const put = sent[2];
    expect(JSON.parse(put.body!)).toEqual({ ...tuned, enabled: true });
    expect(keyIdOf(put)).toBe('ASIAADMIN');
    expect(/Signature=([0-9a-f]{64})/.exec(put.headers.authorization)![1]).toBe(expectedSignature(put, 'admin-secret', 'us-west-2', 'es'));
  });

  test('already on: nothing is written (idempotent)', async () => {
    routes.push(on('GET', AUDIT, json(200, { config: { ...tuned, enabled: true } })));

    const result = await newHandler()({ ...LEADER_EVENT, auditLogging: true });

    expect(result).toMatchObject({ auditLogging: 'unchanged' });
    expect(sent.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  test('a domain that returns no configuration gets the documented defaults, switched on', async () => {
    routes.push(on('GET', AUDIT, json(200, {})));
    routes.push(on('PUT', AUDIT_CONFIG, json(200, { status: 'OK' })));

    await newHandler()({ ...LEADER_EVENT, auditLogging: true });

    expect(JSON.parse(sent.find((r) => r.method === 'PUT')!.body!)).toEqual(DEFAULT_AUDIT_CONFIG);
    expect(DEFAULT_AUDIT_CONFIG.enabled).toBe(true);
  });

  test('on the follower too, before it waits for the connection', async () => {
    routes.push(on('GET', MAPPING_PATH(FOLLOWER_REPLICATION_ROLE), json(200, { [FOLLOWER_REPLICATION_ROLE]: { backend_roles: [REPLICATION] } })));
    routes.push(on('GET', AUDIT, json(200, { config: tuned })));
    routes.push(on('PUT', AUDIT_CONFIG, json(200, { status: 'OK' })));
    routes.push(on('GET', '/_plugins/_replication/autofollow_stats', json(200, { autofollow_stats: [{ name: 'payments-example-all' }] })));
    openSearchMock.on(DescribeOutboundConnectionsCommand).resolves(connection('ACTIVE'));

    const result = await newHandler()({ ...FOLLOWER_EVENT, auditLogging: true });

    expect(result).toEqual({ roleMapping: 'unchanged', auditLogging: 'enabled', autofollow: 'exists', connectionStatus: 'ACTIVE' });
  });

  test('a refused read or write fails the invocation with the path and the answer', async () => {
    routes.push(on('GET', AUDIT, json(403, { status: 'FORBIDDEN', message: 'no permissions for [restapi:admin/audit]' })));
    await expect(newHandler()({ ...LEADER_EVENT, auditLogging: true })).rejects.toThrow(`GET ${AUDIT} failed with HTTP 403`);

    routes.length = 0;
    routes.push(on('GET', MAPPING_PATH(LEADER_REPLICATION_ROLE), json(200, { [LEADER_REPLICATION_ROLE]: { backend_roles: [REPLICATION] } })));
    routes.push(on('GET', AUDIT, json(200, { config: tuned })));
    routes.push(on('PUT', AUDIT_CONFIG, json(400, { status: 'error', reason: 'audit log publishing is not enabled' })));
    await expect(newHandler()({ ...LEADER_EVENT, auditLogging: true })).rejects.toThrow(
      /PUT \/_plugins\/_security\/api\/audit\/config failed with HTTP 400: .*publishing is not enabled/,
    );
  });

  test('without auditLogging the security plugin audit config is not touched', async () => {
    const result = await newHandler()(LEADER_EVENT);
    expect(result).toEqual({ roleMapping: 'unchanged', autofollow: 'not-applicable' });
    expect(sent.some((r) => r.path.startsWith(AUDIT))).toBe(false);
  });

  test('parseEvent: auditLogging must be a boolean', () => {
    expect(() => parseEvent({ ...LEADER_EVENT, auditLogging: 'yes' })).toThrow('invalid bootstrap input: auditLogging must be true or false (got "yes")');
  });
});

describe('retryForbidden: IAM and domain policies still propagating on a first deploy', () => {
  const answers = (...codes: number[]) => {
    const calls: number[] = [];
    const request = () => {
      const statusCode = codes[Math.min(calls.length, codes.length - 1)];
      calls.push(statusCode);
      return Promise.resolve({ statusCode, body: '' });
    };
    return { calls, request };
  };
  const sleeps: number[] = [];
  const sleep = (ms: number) => {
    sleeps.push(ms);
    return Promise.resolve();
  };

  test('retries 403 until the domain answers otherwise', async () => {
    const { calls, request } = answers(403, 403, 200);
    await expect(retryForbidden(request, 13, 5000, sleep)).resolves.toEqual({ statusCode: 200, body: '' });
    expect(calls).toEqual([403, 403, 200]);
  });

  test('gives up after the attempts (about a minute by default) and returns the last 403', async () => {
    const { calls, request } = answers(403);
    await expect(retryForbidden(request, 13, 5000, sleep)).resolves.toMatchObject({ statusCode: 403 });
    expect(calls).toHaveLength(13);
  });

  test('does not retry other answers', async () => {
    const { calls, request } = answers(500, 200);
    await expect(retryForbidden(request, 13, 5000, sleep)).resolves.toMatchObject({ statusCode: 500 });
    expect(calls).toEqual([500]);
  });
});

describe('stopReplication (failover, invoked with {"action":"stopReplication"} only)', () => {
  const CONFIG: StopReplicationConfig = {
    domainEndpoint: ENDPOINT,
    domainArn: DOMAIN_ARN,
    region: 'us-west-2',
    adminRoleArn: ADMIN,
    connectionAlias: 'payments-example-leader',
    ruleName: 'payments-example-leader-all',
  };
  const environment = { [STOP_REPLICATION_ENV]: JSON.stringify(CONFIG) };
  const stopHandler = () => newHandler({ environment });

  test('deletes the autofollow rule and stops every follower index, as the master user, signed for this domain', async () => {
    routes.push(on('DELETE', '/_plugins/_replication/_autofollow', json(200, { acknowledged: true })));
    routes.push(on('GET', '/_plugins/_replication/follower_stats', json(200, { num_syncing_indices: 2, index_stats: { payments: {}, 'audit-2026': {} } })));
    routes.push((r) => (r.method === 'POST' && /^\/_plugins\/_replication\/[^/]+\/_stop$/.test(r.path) ? json(200, { acknowledged: true }) : undefined));

    expect(await stopHandler()({ action: 'stopReplication' })).toEqual({
      action: 'stopReplication',
      autofollow: 'deleted',
      stoppedIndices: ['audit-2026', 'payments'],
    });
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      'DELETE /_plugins/_replication/_autofollow',
      'GET /_plugins/_replication/follower_stats',
      'POST /_plugins/_replication/audit-2026/_stop',
      'POST /_plugins/_replication/payments/_stop',
    ]);
    expect(JSON.parse(sent[0].body!)).toEqual({ leader_alias: 'payments-example-leader', name: 'payments-example-leader-all' });
    expect(sent.every((r) => r.hostname === ENDPOINT && keyIdOf(r) === 'ASIAADMIN')).toBe(true);
    const assumed = stsMock.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(assumed).toHaveLength(1);
    expect(assumed[0]).toMatchObject({ RoleArn: ADMIN });
    expect(JSON.parse(assumed[0].Policy!).Statement[0].Resource).toBe(`${DOMAIN_ARN}/*`);
  });

  test('repeatable: a rule already gone and no following index is success', async () => {
    routes.push(on('DELETE', '/_plugins/_replication/_autofollow', json(404, { error: 'resource_not_found_exception' })));
    routes.push(on('GET', '/_plugins/_replication/follower_stats', json(200, { num_syncing_indices: 0, index_stats: {} })));
    expect(await stopHandler()({ action: 'stopReplication' })).toEqual({ action: 'stopReplication', autofollow: 'absent', stoppedIndices: [] });
  });

  test('a refused stop fails the invocation with the index and the answer', async () => {
    routes.push(on('DELETE', '/_plugins/_replication/_autofollow', json(200, {})));
    routes.push(on('GET', '/_plugins/_replication/follower_stats', json(200, { index_stats: { payments: {} } })));
    routes.push(on('POST', '/_plugins/_replication/payments/_stop', json(403, { error: 'no permissions' })));
    await expect(stopHandler()({ action: 'stopReplication' })).rejects.toThrow(/POST \/_plugins\/_replication\/payments\/_stop failed with HTTP 403/);
  });

  test('outside the follower function (no configuration) it refuses, naming the variable; a bad field is named', async () => {
    await expect(newHandler()({ action: 'stopReplication' })).rejects.toThrow(
      /WARM_STANDBY_STOP_REPLICATION is not set: only the follower's bootstrap function can stop replication/,
    );
    const bad = { [STOP_REPLICATION_ENV]: JSON.stringify({ ...CONFIG, ruleName: '' }) };
    await expect(newHandler({ environment: bad })({ action: 'stopReplication' })).rejects.toThrow(
      /WARM_STANDBY_STOP_REPLICATION.ruleName must be a non-empty string/,
    );
    expect(sent).toEqual([]);
  });
});
