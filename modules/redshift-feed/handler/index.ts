/**
 * Feed loader: SQS → S3 object (JSON Lines) → Redshift, through the Redshift Data API.
 *
 * Each SQS record names one S3 object: `{ "bucket": "...", "key": "...", "table"?: "schema.table" }`,
 * either as the raw SQS body (SNS raw message delivery) or inside an SNS envelope
 * (`{ "Type": "Notification", "Message": "<that JSON>" }`). The application publishes to the feed
 * topic of the Region it runs in, naming that Region's payload bucket, and every Region's topic
 * fans out to every Region's queue: the bucket may be in another Region. The loader reads only
 * the buckets of `PAYLOAD_BUCKETS` (bucket name -> Region), each through an S3 client for the
 * bucket's Region (S3 answers a request sent to another Region's endpoint with a redirect). Every line of the object is one JSON
 * object; its keys are column names. Rows go in as parameterised multi-row INSERTs, at most
 * `maxRowsPerStatement` rows per statement and `maxStatementsPerBatch` statements per
 * BatchExecuteStatement call (one transaction per call).
 *
 * Records that fail are returned in `batchItemFailures`, so SQS retries only those (and after
 * `maxReceiveCount` attempts moves them to the dead-letter queue). Delivery is at least once: a
 * retried message (or one SQS delivers twice) loads its rows again, so the target table should
 * tolerate duplicates or be deduplicated downstream.
 *
 * Bundled by `modules/redshift-feed/bundle.ts` together with the `@aws-sdk/*` clients it imports.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchExecuteStatementCommand, DescribeStatementCommand, RedshiftDataClient, SqlParameter } from '@aws-sdk/client-redshift-data';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/** `table` or `schema.table`, lower-case, unquoted identifiers. */
export const TABLE_NAME_PATTERN = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;
/** Column names: the keys of each JSON object. */
export const COLUMN_NAME_PATTERN = /^[a-z_][a-z0-9_]*$/;

/** Where the loader writes and how it chunks. */
export interface LoaderConfig {
  readonly clusterIdentifier: string;
  readonly database: string;
  readonly dbUser: string;
  /** Table used when a message names none. */
  readonly defaultTable: string;
  /** The payload buckets the loader may read, by name, with each bucket's Region. */
  readonly payloadBuckets: Readonly<Record<string, string>>;
  /** @default 100 */
  readonly maxRowsPerStatement?: number;
  /** @default 10 (the Data API allows at most 40) */
  readonly maxStatementsPerBatch?: number;
  /** @default 50 MiB */
  readonly maxObjectBytes?: number;
  /** @default 250 */
  readonly pollIntervalMs?: number;
  /**
   * How long one invocation may wait for statements when there is no Lambda context.
   * @default 30000
   */
  readonly maxWaitMs?: number;
}

/** Clients and clock, injectable for tests. */
export interface LoaderDependencies {
  /** S3 client for a Region (called once per Region and cached by the handler). */
  readonly s3ForRegion: (region: string) => S3Client;
  readonly redshiftData: RedshiftDataClient;
  /** @default - setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The message the application publishes for every payload. */
export interface FeedMessage {
  readonly bucket: string;
  readonly key: string;
  readonly table?: string;
}

/** One INSERT statement and the parameters it references. */
export interface InsertStatement {
  readonly sql: string;
  readonly parameters: SqlParameter[];
}

type Row = Record<string, unknown>;
type LoaderHandler = (event: SQSEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<SQSBatchResponse>;

const DEFAULTS = {
  maxRowsPerStatement: 100,
  maxStatementsPerBatch: 10,
  maxObjectBytes: 50 * 1024 * 1024,
  pollIntervalMs: 250,
  maxWaitMs: 30_000,
};
const DATA_API_MAX_STATEMENTS_PER_BATCH = 40;
/** Time kept back from the Lambda deadline to return the partial-batch response. */
const DEADLINE_MARGIN_MS = 3_000;

/** Parses and validates one SQS body: the app's JSON, raw or inside an SNS envelope. */
export function parseMessage(body: string): FeedMessage {
  let parsed = parseJson(body, 'message body');
  if (isObject(parsed) && parsed.Type === 'Notification') {
    if (typeof parsed.Message !== 'string') throw new Error('SNS envelope field "Message" must be a string');
    parsed = parseJson(parsed.Message, 'SNS envelope field "Message"');
  }
  if (!isObject(parsed)) throw new Error('message must be a JSON object with "bucket" and "key"');
  const { bucket, key, table } = parsed;
  if (typeof bucket !== 'string' || bucket.length === 0) throw new Error('message field "bucket" must be a non-empty string');
  if (typeof key !== 'string' || key.length === 0) throw new Error('message field "key" must be a non-empty string');
  if (table !== undefined) {
    if (typeof table !== 'string') throw new Error('message field "table" must be a string');
    requireTableName(table, 'message field "table"');
  }
  return table === undefined ? { bucket, key } : { bucket, key, table };
}

/** Parses JSON Lines: one JSON object per non-blank line. */
export function parseJsonLines(text: string): Row[] {
  const rows: Row[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim().length === 0) return;
    const value = parseJson(line, `line ${index + 1}`);
    if (!isObject(value)) throw new Error(`line ${index + 1}: expected a JSON object`);
    for (const column of Object.keys(value)) {
      if (!COLUMN_NAME_PATTERN.test(column)) {
        throw new Error(`line ${index + 1}: column ${JSON.stringify(column)} must match ${COLUMN_NAME_PATTERN}`);
      }
    }
    rows.push(value);
  });
  return rows;
}

/**
 * Builds parameterised INSERTs, `maxRowsPerStatement` rows each. Columns are the union of the
 * rows' keys in first-seen order; a row without a column gets NULL. Values travel only as Data
 * API parameters (`:p0`, `:p1`, ... numbered from `firstParameter`): the SQL text holds nothing
 * but validated identifiers, placeholders and the constants NULL and ''.
 */
export function buildInserts(table: string, rows: readonly Row[], maxRowsPerStatement: number, firstParameter = 0): InsertStatement[] {
  requireTableName(table, 'table');
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (columns.length === 0) throw new Error('object has rows but no columns');
  const target = table.split('.').map(quoteIdentifier).join('.');
  const columnList = columns.map(quoteIdentifier).join(', ');

  const statements: InsertStatement[] = [];
  let next = firstParameter;
  for (let start = 0; start < rows.length; start += maxRowsPerStatement) {
    const parameters: SqlParameter[] = [];
    const tuples = rows.slice(start, start + maxRowsPerStatement).map((row) => {
      const values = columns.map((column) => {
        const value = toParameterValue(row[column]);
        if (value === null) return 'NULL';
        // The Data API rejects empty parameter values; '' is a constant, not caller data.
        if (value === '') return "''";
        const name = `p${next++}`;
        parameters.push({ name, value });
        return `:${name}`;
      });
      return `(${values.join(', ')})`;
    });
    statements.push({ sql: `INSERT INTO ${target} (${columnList}) VALUES ${tuples.join(', ')}`, parameters });
  }
  return statements;
}

/** Creates the SQS handler. */
export function createHandler(dependencies: LoaderDependencies, config: LoaderConfig): LoaderHandler {
  const settings = { ...DEFAULTS, ...definedOnly(config) };
  requireTableName(config.defaultTable, 'TARGET_TABLE');
  const buckets = new Map(Object.entries(config.payloadBuckets));
  if (buckets.size === 0) throw new Error('payloadBuckets (PAYLOAD_BUCKETS) must name at least one bucket');
  for (const [bucket, region] of buckets) {
    if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
      throw new Error(`payloadBuckets[${JSON.stringify(bucket)}] must be an AWS Region (got ${JSON.stringify(region)})`);
    }
  }
  const s3Clients = new Map<string, S3Client>();
  const s3For = (region: string): S3Client => {
    let client = s3Clients.get(region);
    if (!client) {
      client = dependencies.s3ForRegion(region);
      s3Clients.set(region, client);
    }
    return client;
  };
  if (!(settings.maxStatementsPerBatch >= 1 && settings.maxStatementsPerBatch <= DATA_API_MAX_STATEMENTS_PER_BATCH)) {
    throw new Error(`maxStatementsPerBatch must be 1..${DATA_API_MAX_STATEMENTS_PER_BATCH} (got ${settings.maxStatementsPerBatch})`);
  }
  if (!(settings.maxRowsPerStatement >= 1)) throw new Error(`maxRowsPerStatement must be >= 1 (got ${settings.maxRowsPerStatement})`);
  const sleep = dependencies.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  async function waitForStatement(id: string, deadline: number): Promise<void> {
    for (;;) {
      const statement = await dependencies.redshiftData.send(new DescribeStatementCommand({ Id: id }));
      switch (statement.Status) {
        case 'FINISHED':
          return;
        case 'FAILED':
        case 'ABORTED':
          throw new Error(`Redshift statement ${id} ${statement.Status}: ${statement.Error ?? 'no error message'}`);
        default:
          if (Date.now() + settings.pollIntervalMs > deadline) throw new Error(`Redshift statement ${id} still ${statement.Status} at the invocation deadline`);
          await sleep(settings.pollIntervalMs);
      }
    }
  }

  async function loadRecord(record: SQSRecord, deadline: number): Promise<number> {
    const message = parseMessage(record.body);
    const region = buckets.get(message.bucket);
    if (region === undefined) {
      throw new Error(`bucket ${JSON.stringify(message.bucket)} is not a payload bucket of this feed (${[...buckets.keys()].join(', ')})`);
    }
    const object = await s3For(region).send(new GetObjectCommand({ Bucket: message.bucket, Key: message.key }));
    if (object.ContentLength !== undefined && object.ContentLength > settings.maxObjectBytes) {
      throw new Error(`s3://${message.bucket}/${message.key} is ${object.ContentLength} bytes; the loader takes at most ${settings.maxObjectBytes}`);
    }
    if (!object.Body) throw new Error(`s3://${message.bucket}/${message.key} has no body`);
    const rows = parseJsonLines(await object.Body.transformToString('utf-8'));
    if (rows.length === 0) return 0;

    const table = message.table ?? config.defaultTable;
    const rowsPerBatch = settings.maxRowsPerStatement * settings.maxStatementsPerBatch;
    for (let start = 0; start < rows.length; start += rowsPerBatch) {
      const statements = buildInserts(table, rows.slice(start, start + rowsPerBatch), settings.maxRowsPerStatement);
      const parameters = statements.flatMap((statement) => statement.parameters);
      const batch = await dependencies.redshiftData.send(
        new BatchExecuteStatementCommand({
          ClusterIdentifier: config.clusterIdentifier,
          Database: config.database,
          DbUser: config.dbUser,
          Sqls: statements.map((statement) => statement.sql),
          ...(parameters.length > 0 ? { Parameters: parameters } : {}),
          StatementName: `feed-loader-${record.messageId}`.slice(0, 500),
        }),
      );
      if (!batch.Id) throw new Error('BatchExecuteStatement returned no statement id');
      await waitForStatement(batch.Id, deadline);
    }
    return rows.length;
  }

  return async (event, context) => {
    const budgetMs = context ? context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS : settings.maxWaitMs;
    const deadline = Date.now() + budgetMs;
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      if (Date.now() >= deadline) {
        // Out of time: hand the rest back to SQS rather than let Lambda time out the whole batch.
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      try {
        const rows = await loadRecord(record, deadline);
        console.log(JSON.stringify({ messageId: record.messageId, rowsLoaded: rows }));
      } catch (error) {
        console.error(JSON.stringify({ messageId: record.messageId, error: error instanceof Error ? error.message : String(error) }));
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

let containerHandler: LoaderHandler | undefined;

/** Lambda entry point: clients and configuration are created once per container. */
export const handler: LoaderHandler = (event, context) => {
  containerHandler ??= createHandler(
    { s3ForRegion: (region) => new S3Client({ region }), redshiftData: new RedshiftDataClient({}) },
    {
      clusterIdentifier: requireEnv('CLUSTER_IDENTIFIER'),
      database: requireEnv('DATABASE'),
      dbUser: requireEnv('DB_USER'),
      defaultTable: requireEnv('TARGET_TABLE'),
      payloadBuckets: parsePayloadBuckets(requireEnv('PAYLOAD_BUCKETS')),
    },
  );
  return containerHandler(event, context);
};

function toParameterValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Nested objects and arrays go in as JSON text (e.g. for JSON_PARSE or a VARCHAR column).
  return JSON.stringify(value);
}

function requireTableName(table: string, field: string): void {
  if (!TABLE_NAME_PATTERN.test(table)) throw new Error(`${field} ${JSON.stringify(table)} must match ${TABLE_NAME_PATTERN}`);
}

/** Quotes an identifier that already matched the patterns above (so it holds no quote). */
function quoteIdentifier(identifier: string): string {
  return `"${identifier}"`;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `PAYLOAD_BUCKETS`: a JSON object of bucket name -> Region. */
export function parsePayloadBuckets(text: string): Record<string, string> {
  const value = parseJson(text, 'PAYLOAD_BUCKETS');
  if (!isObject(value)) throw new Error('PAYLOAD_BUCKETS must be a JSON object of bucket name -> Region');
  for (const [bucket, region] of Object.entries(value)) {
    if (typeof region !== 'string') throw new Error(`PAYLOAD_BUCKETS[${JSON.stringify(bucket)}] must be a Region string`);
  }
  return value as Record<string, string>;
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} must be set`);
  return value;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
