/**
 * Loader user bootstrap: creates the feed loader's database user and grants it only what a load
 * needs, run once per configuration change by an `aws_lambda_invocation` (see `../loader-user.ts`).
 *
 * Connects through the Redshift Data API with the cluster's master secret (`SecretArn`), which only
 * this function's role may read; the loader itself then connects as the new user with temporary
 * credentials (`DbUser`, redshift:GetClusterCredentials scoped to that user), never as the master.
 *
 * 1. `CREATE USER "<user>" PASSWORD DISABLE` (no password: IAM temporary credentials only); a user
 *    that already exists is success.
 * 2. In one transaction, for each schema: `GRANT USAGE ON SCHEMA` and the scoped
 *    `GRANT INSERT FOR TABLES IN SCHEMA`, which covers the schema's current and future tables whoever
 *    creates them. (`ALTER DEFAULT PRIVILEGES` without `FOR USER` covers only tables the user running it
 *    creates later, so a table made by a migration user would refuse the loader: Redshift Database
 *    Developer Guide, "ALTER DEFAULT PRIVILEGES" and "Scoped permissions"; the master user is a
 *    superuser, who may grant scoped permissions.) INSERT only: no SELECT, UPDATE, DELETE or DDL.
 *
 * The function's role policy is created just before this runs; IAM is eventually consistent, so an
 * access denial (thrown by the Data API or reported by the statement) is retried for about a minute.
 *
 * Bundled by `../bundle.ts` together with the `@aws-sdk/*` client it imports.
 */
import { BatchExecuteStatementCommand, DescribeStatementCommand, ExecuteStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';

/** Database user names the loader may get (lower-case, unquoted identifiers). */
export const DB_USER_PATTERN = /^[a-z][a-z0-9_]{0,127}$/;
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]*$/;

/** The invocation's input. */
export interface LoaderUserEvent {
  readonly clusterIdentifier: string;
  readonly database: string;
  /** ARN of the cluster's master user secret (`manage_master_password`). */
  readonly secretArn: string;
  /** The loader's database user. */
  readonly loaderUser: string;
  /** Schemas the loader inserts into. */
  readonly schemas: readonly string[];
}

export interface LoaderUserResult {
  readonly user: 'created' | 'exists';
  readonly grants: readonly string[];
}

export interface BootstrapDependencies {
  readonly redshiftData: Pick<RedshiftDataClient, 'send'>;
  /** @default - setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default 250 */
  readonly pollIntervalMs?: number;
  /** @default 600000 */
  readonly maxWaitMs?: number;
  /** Attempts of the first statement while IAM answers access denied. @default 13 */
  readonly accessDeniedAttempts?: number;
  /** @default 5000 */
  readonly accessDeniedIntervalMs?: number;
}

/** An IAM denial (policy not yet propagated), as opposed to a SQL permission error. */
const IAM_DENIED = /AccessDenied|not authorized to perform/i;

/** The SQL the bootstrap runs, validated: identifiers only, no caller values in the text otherwise. */
export function loaderUserSql(event: Pick<LoaderUserEvent, 'loaderUser' | 'schemas'>): { createUser: string; grants: string[] } {
  if (!DB_USER_PATTERN.test(event.loaderUser)) throw new Error(`loaderUser ${JSON.stringify(event.loaderUser)} must match ${DB_USER_PATTERN}`);
  if (event.schemas.length === 0) throw new Error('schemas must name at least one schema');
  for (const schema of event.schemas) {
    if (!SCHEMA_PATTERN.test(schema)) throw new Error(`schema ${JSON.stringify(schema)} must match ${SCHEMA_PATTERN}`);
  }
  const user = `"${event.loaderUser}"`;
  return {
    createUser: `CREATE USER ${user} PASSWORD DISABLE`,
    grants: [...new Set(event.schemas)].flatMap((name) => {
      const schema = `"${name}"`;
      return [`GRANT USAGE ON SCHEMA ${schema} TO ${user}`, `GRANT INSERT FOR TABLES IN SCHEMA ${schema} TO ${user}`];
    }),
  };
}

/** Runs the bootstrap against the Data API. */
export async function bootstrapLoaderUser(event: LoaderUserEvent, dependencies: BootstrapDependencies): Promise<LoaderUserResult> {
  for (const field of ['clusterIdentifier', 'database', 'secretArn'] as const) {
    if (typeof event[field] !== 'string' || event[field].length === 0) throw new Error(`${field} must be a non-empty string`);
  }
  const { createUser, grants } = loaderUserSql(event);
  const sleep = dependencies.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollIntervalMs = dependencies.pollIntervalMs ?? 250;
  const deadline = Date.now() + (dependencies.maxWaitMs ?? 600_000);
  const target = { ClusterIdentifier: event.clusterIdentifier, Database: event.database, SecretArn: event.secretArn };

  /** Waits for a statement; returns its error message when it failed, undefined when it finished. */
  async function outcome(id: string | undefined): Promise<string | undefined> {
    if (!id) throw new Error('the Data API returned no statement id');
    for (;;) {
      const statement = await dependencies.redshiftData.send(new DescribeStatementCommand({ Id: id }));
      if (statement.Status === 'FINISHED') return undefined;
      if (statement.Status === 'FAILED' || statement.Status === 'ABORTED') return statement.Error ?? `statement ${statement.Status}`;
      if (Date.now() + pollIntervalMs > deadline) throw new Error(`statement ${id} still ${statement.Status} after the bootstrap's wait`);
      await sleep(pollIntervalMs);
    }
  }

  /** Runs the CREATE USER; an IAM denial comes back as `denied` instead of being thrown. */
  async function createOnce(): Promise<{ denied: string } | { error: string | undefined }> {
    let id: string | undefined;
    try {
      id = (await dependencies.redshiftData.send(new ExecuteStatementCommand({ ...target, Sql: createUser, StatementName: 'feed-loader-user' }))).Id;
    } catch (e) {
      const text = `${(e as { name?: string }).name ?? ''}: ${(e as Error).message ?? String(e)}`;
      if (IAM_DENIED.test(text)) return { denied: text };
      throw e;
    }
    const error = await outcome(id);
    return error !== undefined && IAM_DENIED.test(error) ? { denied: error } : { error };
  }
  const attempts = dependencies.accessDeniedAttempts ?? 13;
  let created = await createOnce();
  for (let attempt = 1; attempt < attempts && 'denied' in created; attempt++) {
    await sleep(dependencies.accessDeniedIntervalMs ?? 5_000);
    created = await createOnce();
  }
  if ('denied' in created) throw new Error(`${createUser} was still denied after ${attempts} attempts: ${created.denied}`);
  const createError = created.error;
  if (createError !== undefined && !/already exists/i.test(createError)) throw new Error(`${createUser} failed: ${createError}`);
  const batch = await dependencies.redshiftData.send(new BatchExecuteStatementCommand({ ...target, Sqls: grants, StatementName: 'feed-loader-grants' }));
  const grantError = await outcome(batch.Id);
  if (grantError !== undefined) throw new Error(`granting the loader user failed: ${grantError}`);
  return { user: createError === undefined ? 'created' : 'exists', grants };
}

/** Lambda entry point. */
export const handler = (event: LoaderUserEvent): Promise<LoaderUserResult> => bootstrapLoaderUser(event, { redshiftData: new RedshiftDataClient({}) });
