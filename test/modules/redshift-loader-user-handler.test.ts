import { BatchExecuteStatementCommand, DescribeStatementCommand, ExecuteStatementCommand } from '@aws-sdk/client-redshift-data';
import { LoaderUserEvent, bootstrapLoaderUser, loaderUserSql } from '../../modules/redshift-feed/bootstrap-handler';

const event: LoaderUserEvent = {
  clusterIdentifier: 'pay-feed',
  database: 'feed',
  secretArn: 'arn:aws:secretsmanager:us-west-2:111122223333:secret:redshift!pay-feed-admin-AbCdEf',
  loaderUser: 'feed_loader',
  schemas: ['public'],
};

/** A Data API fake: each statement id ends as `outcomes[id]` (FINISHED unless given). */
function fakeDataApi(outcomes: Record<string, { Status: string; Error?: string }> = {}) {
  const sent: any[] = [];
  let next = 0;
  const client = {
    send: jest.fn((command: any): Promise<any> => {
      sent.push(command);
      if (command instanceof ExecuteStatementCommand || command instanceof BatchExecuteStatementCommand) return Promise.resolve({ Id: `s${next++}` });
      if (command instanceof DescribeStatementCommand) return Promise.resolve(outcomes[command.input.Id!] ?? { Status: 'FINISHED' });
      throw new Error(`unexpected command ${command.constructor.name}`);
    }),
  };
  return { client, sent };
}

describe('loader user bootstrap', () => {
  test('creates a password-less user and grants INSERT only, through the master secret', async () => {
    const { client, sent } = fakeDataApi();
    const result = await bootstrapLoaderUser(event, { redshiftData: client, sleep: () => Promise.resolve() });
    expect(result).toEqual({
      user: 'created',
      grants: [
        'GRANT USAGE ON SCHEMA "public" TO "feed_loader"',
        // Scoped: current and future tables whoever creates them (not ALTER DEFAULT PRIVILEGES, which
        // covers only tables the granting user creates).
        'GRANT INSERT FOR TABLES IN SCHEMA "public" TO "feed_loader"',
      ],
    });
    const create: any = sent.find((c) => c instanceof ExecuteStatementCommand);
    expect(create.input).toMatchObject({
      ClusterIdentifier: 'pay-feed',
      Database: 'feed',
      SecretArn: event.secretArn,
      Sql: 'CREATE USER "feed_loader" PASSWORD DISABLE',
    });
    expect(create.input.DbUser).toBeUndefined();
    const grants: any = sent.find((c) => c instanceof BatchExecuteStatementCommand);
    expect(grants.input.SecretArn).toBe(event.secretArn);
    expect(grants.input.Sqls.join(';')).not.toMatch(/SELECT|UPDATE|DELETE|ALL PRIVILEGES|CREATE/);
  });

  test('an existing user is success; the grants still run', async () => {
    const { client, sent } = fakeDataApi({ s0: { Status: 'FAILED', Error: 'ERROR: user "feed_loader" already exists' } });
    const result = await bootstrapLoaderUser(event, { redshiftData: client, sleep: () => Promise.resolve() });
    expect(result.user).toBe('exists');
    expect(sent.some((c) => c instanceof BatchExecuteStatementCommand)).toBe(true);
  });

  test('any other failure fails the invocation with the statement error', async () => {
    const { client } = fakeDataApi({ s0: { Status: 'FAILED', Error: 'permission denied' } });
    await expect(bootstrapLoaderUser(event, { redshiftData: client, sleep: () => Promise.resolve() })).rejects.toThrow(
      /CREATE USER "feed_loader" PASSWORD DISABLE failed: permission denied/,
    );
    const grantFails = fakeDataApi({ s1: { Status: 'ABORTED' } });
    await expect(bootstrapLoaderUser(event, { redshiftData: grantFails.client, sleep: () => Promise.resolve() })).rejects.toThrow(
      /granting the loader user failed: statement ABORTED/,
    );
  });

  test('an IAM denial while the role policy propagates is retried; a lasting one fails naming it', async () => {
    const { client, sent } = fakeDataApi({ s0: { Status: 'FAILED', Error: 'User is not authorized to perform: secretsmanager:GetSecretValue' } });
    const send = client.send.getMockImplementation()!;
    let thrown = 0;
    client.send.mockImplementation((command: any) => {
      if (command instanceof ExecuteStatementCommand && thrown++ === 0) {
        return Promise.reject(Object.assign(new Error('not authorized to perform redshift-data:ExecuteStatement'), { name: 'AccessDeniedException' }));
      }
      return send(command);
    });
    const sleeps: number[] = [];
    const result = await bootstrapLoaderUser(event, { redshiftData: client, sleep: (ms) => (sleeps.push(ms), Promise.resolve()) });
    expect(result.user).toBe('created');
    // Thrown denial, then a statement failed on the secret, then success.
    expect(sent.filter((c) => c instanceof ExecuteStatementCommand)).toHaveLength(2); // the thrown one never reached `sent`
    expect(sleeps.filter((ms) => ms === 5_000)).toHaveLength(2);

    const denied = fakeDataApi();
    denied.client.send.mockImplementation(() => Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' })));
    await expect(bootstrapLoaderUser(event, { redshiftData: denied.client, sleep: () => Promise.resolve(), accessDeniedAttempts: 3 })).rejects.toThrow(
      /still denied after 3 attempts: AccessDeniedException: denied/,
    );
    expect(denied.client.send).toHaveBeenCalledTimes(3);

    // Other errors are not retried.
    const other = fakeDataApi();
    other.client.send.mockImplementation(() => Promise.reject(new Error('ValidationException: cluster not found')));
    await expect(bootstrapLoaderUser(event, { redshiftData: other.client, sleep: () => Promise.resolve() })).rejects.toThrow(/cluster not found/);
    expect(other.client.send).toHaveBeenCalledTimes(1);
  });

  test('rejects identifiers that would need quoting or carry SQL', () => {
    expect(() => loaderUserSql({ loaderUser: 'x"; DROP TABLE t; --', schemas: ['public'] })).toThrow(/^loaderUser .* must match/);
    expect(() => loaderUserSql({ loaderUser: 'feed_loader', schemas: ['raw data'] })).toThrow(/^schema "raw data" must match/);
    expect(() => loaderUserSql({ loaderUser: 'feed_loader', schemas: [] })).toThrow(/schemas must name at least one schema/);
  });
});
