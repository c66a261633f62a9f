/**
 * Single-user rotation of a PostgreSQL master secret, called by Secrets Manager once per step
 * (Secrets Manager User Guide, "Rotation by Lambda function"; same protocol as the AWS sample
 * `SecretsManagerRDSPostgreSQLRotationSingleUser`):
 *
 * 1. `createSecret`: a new password (GetRandomPassword) stored as version `ClientRequestToken` with the
 *    label `AWSPENDING`, the other fields copied from `AWSCURRENT`. Nothing when that version exists.
 * 2. `setSecret`: `ALTER USER ... WITH PASSWORD` on the database, logged in with the `AWSCURRENT`
 *    password (or `AWSPREVIOUS`, when an earlier run set the password but failed before finishing).
 *    Nothing when the pending password already logs in.
 * 3. `testSecret`: logs in with the pending password and runs `SELECT 1`.
 * 4. `finishSecret`: moves `AWSCURRENT` to the pending version (Secrets Manager then labels the old one
 *    `AWSPREVIOUS`).
 *
 * The secret holds `{"username", "password"}` (and whatever else it holds is kept); where to connect
 * comes from the function's environment (`DB_HOST`, `DB_PORT`, `DB_NAME`), unless the secret names
 * `host`, `port` or `dbname` itself. Connections use TLS with certificate verification (the parameter
 * group forces TLS; the function sets `NODE_EXTRA_CA_CERTS` to the runtime's Amazon CA bundle, which
 * holds the RDS certificate authorities).
 *
 * Nothing here talks to the standby Region. Its copy of the secret receives each new value from
 * Secrets Manager ("If you turn on rotation for your primary secret, Secrets Manager rotates the secret
 * in the primary Region, and the new secret value propagates to all of the replicas": Secrets Manager
 * User Guide, "Replicate AWS Secrets Manager secrets across Regions"). The cross-Region read replica
 * receives the new password with the WAL: RDS for PostgreSQL replicas are physical copies fed by
 * PostgreSQL streaming replication (RDS User Guide, "Read replica configuration with PostgreSQL"), and
 * the ALTER USER is a catalog change like any other. Until the replica has replayed it, the standby's
 * copy of the secret may already hold a password the replica does not know yet (replica lag).
 *
 * Bundled by `modules/redshift-feed/bundle.ts` together with `pg` and `@aws-sdk/client-secrets-manager`.
 */
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { Client, escapeIdentifier, escapeLiteral } from 'pg';

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

/** The event Secrets Manager invokes the function with. */
export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: RotationStep;
}

/** What the function needs of a PostgreSQL connection (`pg.Client`). */
export interface PgConnection {
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
}

export interface ConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

export interface RotationDependencies {
  readonly secrets: Pick<SecretsManagerClient, 'send'>;
  /** Opens a connection; rejects when the credentials do not log in. */
  readonly connect: (settings: ConnectionSettings) => Promise<PgConnection>;
  /** Where to connect when the secret does not say (the function's environment). */
  readonly defaults: { readonly host?: string; readonly port?: number; readonly database?: string };
}

/** Password length and alphabet: letters and digits, as the first password (RDS refuses / ' " @ and spaces). */
export const PASSWORD_LENGTH = 40;

interface SecretFields {
  readonly username: string;
  readonly password: string;
  readonly [key: string]: unknown;
}

const PENDING = 'AWSPENDING';
const CURRENT = 'AWSCURRENT';
const PREVIOUS = 'AWSPREVIOUS';

/** Runs one rotation step; throws (so Secrets Manager marks the rotation failed) on any problem. */
export async function rotate(event: RotationEvent, deps: RotationDependencies): Promise<string> {
  const { SecretId: secretId, ClientRequestToken: token, Step: step } = event;
  const described = await deps.secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (described.RotationEnabled === false) throw new Error(`secret ${secretId} does not have rotation enabled`);
  const stages = described.VersionIdsToStages?.[token];
  if (!stages) throw new Error(`secret version ${token} of ${secretId} does not exist`);
  if (stages.includes(CURRENT)) return `${step}: version ${token} is already ${CURRENT}`;
  if (!stages.includes(PENDING)) throw new Error(`secret version ${token} of ${secretId} is not ${PENDING}`);

  switch (step) {
    case 'createSecret':
      return createSecret(secretId, token, deps);
    case 'setSecret':
      return setSecret(secretId, token, deps);
    case 'testSecret':
      return testSecret(secretId, token, deps);
    case 'finishSecret':
      return finishSecret(secretId, token, described.VersionIdsToStages ?? {}, deps);
    default:
      throw new Error(`unknown rotation step ${JSON.stringify(step)}`);
  }
}

async function createSecret(secretId: string, token: string, deps: RotationDependencies): Promise<string> {
  const current = await readSecret(deps, secretId, { stage: CURRENT });
  if (!current) throw new Error(`secret ${secretId} has no ${CURRENT} version`);
  // Idempotent: a retried createSecret finds the version it stored before.
  if (await readSecret(deps, secretId, { versionId: token, stage: PENDING })) return `createSecret: ${PENDING} version ${token} exists already`;
  const random = await deps.secrets.send(
    new GetRandomPasswordCommand({ PasswordLength: PASSWORD_LENGTH, ExcludePunctuation: true, IncludeSpace: false, RequireEachIncludedType: true }),
  );
  if (!random.RandomPassword) throw new Error('GetRandomPassword returned no password');
  await deps.secrets.send(
    new PutSecretValueCommand({
      SecretId: secretId,
      ClientRequestToken: token,
      SecretString: JSON.stringify({ ...current, password: random.RandomPassword }),
      VersionStages: [PENDING],
    }),
  );
  return `createSecret: stored ${PENDING} version ${token}`;
}

async function setSecret(secretId: string, token: string, deps: RotationDependencies): Promise<string> {
  const pending = await requireSecret(deps, secretId, { versionId: token, stage: PENDING });
  const alreadySet = await tryConnect(deps, pending);
  if (alreadySet) {
    await alreadySet.end();
    return `setSecret: the ${PENDING} password logs in already`;
  }
  const current = await requireSecret(deps, secretId, { stage: CURRENT });
  if (current.username !== pending.username) {
    throw new Error(`${PENDING} user ${pending.username} differs from ${CURRENT} user ${current.username}: single-user rotation keeps the user`);
  }
  // AWSPREVIOUS: a run that altered the password but failed before finishSecret leaves AWSCURRENT stale.
  const previous = await readSecret(deps, secretId, { stage: PREVIOUS });
  const connection = (await tryConnect(deps, current)) ?? (previous ? await tryConnect(deps, previous) : undefined);
  if (!connection) throw new Error(`setSecret: neither the ${CURRENT} nor the ${PREVIOUS} password of ${secretId} logs in`);
  try {
    await connection.query(`ALTER USER ${escapeIdentifier(pending.username)} WITH PASSWORD ${escapeLiteral(pending.password)}`);
  } finally {
    await connection.end();
  }
  return `setSecret: password of ${pending.username} changed`;
}

async function testSecret(secretId: string, token: string, deps: RotationDependencies): Promise<string> {
  const pending = await requireSecret(deps, secretId, { versionId: token, stage: PENDING });
  const connection = await tryConnect(deps, pending);
  if (!connection) throw new Error(`testSecret: the ${PENDING} password of ${secretId} does not log in`);
  try {
    await connection.query('SELECT 1');
  } finally {
    await connection.end();
  }
  return `testSecret: ${PENDING} version ${token} logs in`;
}

async function finishSecret(secretId: string, token: string, versions: Record<string, string[]>, deps: RotationDependencies): Promise<string> {
  const current = Object.entries(versions).find(([, stages]) => stages.includes(CURRENT))?.[0];
  await deps.secrets.send(
    new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: CURRENT, MoveToVersionId: token, RemoveFromVersionId: current }),
  );
  return `finishSecret: ${CURRENT} moved from ${current ?? 'no version'} to ${token}`;
}

async function readSecret(deps: RotationDependencies, secretId: string, which: { versionId?: string; stage: string }): Promise<SecretFields | undefined> {
  try {
    const value = await deps.secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: which.versionId, VersionStage: which.stage }));
    return parseFields(secretId, which.stage, value.SecretString);
  } catch (error) {
    if (error instanceof ResourceNotFoundException || (error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function requireSecret(deps: RotationDependencies, secretId: string, which: { versionId?: string; stage: string }): Promise<SecretFields> {
  const fields = await readSecret(deps, secretId, which);
  if (!fields) throw new Error(`secret ${secretId} has no ${which.stage} version${which.versionId ? ` ${which.versionId}` : ''}`);
  return fields;
}

function parseFields(secretId: string, stage: string, text: string | undefined): SecretFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    throw new Error(`the ${stage} value of ${secretId} is not JSON`);
  }
  const fields = parsed as Partial<SecretFields> | null;
  if (!fields || typeof fields.username !== 'string' || typeof fields.password !== 'string') {
    throw new Error(`the ${stage} value of ${secretId} must hold string fields username and password`);
  }
  return fields as SecretFields;
}

/** A connection with these credentials, or undefined when they do not log in. */
async function tryConnect(deps: RotationDependencies, fields: SecretFields): Promise<PgConnection | undefined> {
  const host = typeof fields.host === 'string' ? fields.host : deps.defaults.host;
  const port = Number(fields.port ?? deps.defaults.port ?? 5432);
  const database = typeof fields.dbname === 'string' ? fields.dbname : (deps.defaults.database ?? 'postgres');
  if (!host) throw new Error('no database host: set DB_HOST or a host field in the secret');
  try {
    return await deps.connect({ host, port, database, user: fields.username, password: fields.password });
  } catch (error) {
    // Only the fact is logged, never the credentials.
    console.log(`login as ${fields.username} failed: ${(error as Error).message}`);
    return undefined;
  }
}

/** A `pg` client over TLS with certificate verification. */
async function connectPg(settings: ConnectionSettings): Promise<PgConnection> {
  const client = new Client({ ...settings, ssl: { rejectUnauthorized: true }, connectionTimeoutMillis: 5000 });
  await client.connect();
  return client;
}

let secretsClient: SecretsManagerClient | undefined;

/** The Lambda entry point. */
export async function handler(event: RotationEvent): Promise<string> {
  secretsClient ??= new SecretsManagerClient({});
  const port = process.env.DB_PORT ? Number(process.env.DB_PORT) : undefined;
  const result = await rotate(event, {
    secrets: secretsClient,
    connect: connectPg,
    defaults: { host: process.env.DB_HOST, port, database: process.env.DB_NAME },
  });
  console.log(result);
  return result;
}
