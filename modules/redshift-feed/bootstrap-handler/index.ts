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
 * 2. In one transaction, for each schema: `GRANT USAGE ON SCHEMA`, `GRANT INSERT ON ALL TABLES IN
 *    SCHEMA` and `ALTER DEFAULT PRIVILEGES IN SCHEMA ... GRANT INSERT ON TABLES` (tables the master
 *    creates later). INSERT only: no SELECT, UPDATE, DELETE or DDL.
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
}

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
      return [
        `GRANT USAGE ON SCHEMA ${schema} TO ${user}`,
        `GRANT INSERT ON ALL TABLES IN SCHEMA ${schema} TO ${user}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT INSERT ON TABLES TO ${user}`,
      ];
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

  const created = await dependencies.redshiftData.send(new ExecuteStatementCommand({ ...target, Sql: createUser, StatementName: 'feed-loader-user' }));
  const createError = await outcome(created.Id);
  if (createError !== undefined && !/already exists/i.test(createError)) throw new Error(`${createUser} failed: ${createError}`);
  const batch = await dependencies.redshiftData.send(new BatchExecuteStatementCommand({ ...target, Sqls: grants, StatementName: 'feed-loader-grants' }));
  const grantError = await outcome(batch.Id);
  if (grantError !== undefined) throw new Error(`granting the loader user failed: ${grantError}`);
  return { user: createError === undefined ? 'created' : 'exists', grants };
}

/** Lambda entry point. */
export const handler = (event: LoaderUserEvent): Promise<LoaderUserResult> => bootstrapLoaderUser(event, { redshiftData: new RedshiftDataClient({}) });
