import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { ConnectionSettings, PASSWORD_LENGTH, RotationStep, rotate } from '../../modules/rds-postgres/rotation-handler';

const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:pay-example-use1-pg-master-AbCdEf';
const TOKEN = 'token-2';

/** Secrets Manager as far as rotation goes: versions with values and staging labels. */
class FakeSecrets {
  readonly versions = new Map<string, { value: string; stages: string[] }>();
  readonly sent: any[] = [];
  rotationEnabled = true;
  nextPassword = 'NewPassword0123456789abcdefghijABCDEFGHIJ';

  constructor() {
    this.versions.set('token-1', { value: JSON.stringify({ username: 'app_admin', password: 'OldPassword' }), stages: ['AWSCURRENT'] });
  }

  /** Secrets Manager's RotateSecret: a version for the token, labelled AWSPENDING, with no value yet. */
  startRotation(token = TOKEN): void {
    this.versions.set(token, { value: '', stages: ['AWSPENDING'] });
  }

  send = jest.fn((command: any): Promise<any> => {
    this.sent.push(command);
    const input = command.input;
    if (command instanceof DescribeSecretCommand) {
      const stages: Record<string, string[]> = {};
      for (const [id, v] of this.versions) stages[id] = [...v.stages];
      return Promise.resolve({ RotationEnabled: this.rotationEnabled, VersionIdsToStages: stages });
    }
    if (command instanceof GetSecretValueCommand) {
      const match = [...this.versions].find(
        ([id, v]) => (input.VersionId === undefined || id === input.VersionId) && v.stages.includes(input.VersionStage) && v.value !== '',
      );
      if (!match) return Promise.reject(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
      return Promise.resolve({ VersionId: match[0], SecretString: match[1].value });
    }
    if (command instanceof GetRandomPasswordCommand) return Promise.resolve({ RandomPassword: this.nextPassword });
    if (command instanceof PutSecretValueCommand) {
      this.versions.set(input.ClientRequestToken, { value: input.SecretString, stages: input.VersionStages });
      return Promise.resolve({});
    }
    if (command instanceof UpdateSecretVersionStageCommand) {
      const from = this.versions.get(input.RemoveFromVersionId);
      if (from) from.stages = from.stages.filter((s) => s !== input.VersionStage).concat(input.VersionStage === 'AWSCURRENT' ? ['AWSPREVIOUS'] : []);
      const to = this.versions.get(input.MoveToVersionId)!;
      to.stages = [...to.stages.filter((s) => s !== 'AWSPENDING'), input.VersionStage];
      return Promise.resolve({});
    }
    return Promise.reject(new Error(`unexpected command ${command.constructor.name}`));
  });

  stagesOf(id: string): string[] {
    return this.versions.get(id)!.stages;
  }

  valueOf(id: string): { username: string; password: string } {
    return JSON.parse(this.versions.get(id)!.value) as { username: string; password: string };
  }

  commands(type: new (...args: any[]) => unknown): any[] {
    return this.sent.filter((c) => c instanceof type);
  }
}

/** PostgreSQL with one user: a login succeeds with the user's password, ALTER USER changes it. */
class FakePostgres {
  password = 'OldPassword';
  readonly queries: string[] = [];
  readonly logins: ConnectionSettings[] = [];
  failQueries = false;

  connect = (settings: ConnectionSettings) => {
    this.logins.push(settings);
    if (settings.user !== 'app_admin' || settings.password !== this.password) {
      return Promise.reject(new Error('password authentication failed for user "app_admin"'));
    }
    return Promise.resolve({
      query: (text: string) => {
        this.queries.push(text);
        if (this.failQueries) return Promise.reject(new Error('server closed the connection'));
        const alter = /^ALTER USER "app_admin" WITH PASSWORD '([^']*)'$/.exec(text);
        if (alter) this.password = alter[1];
        return Promise.resolve({});
      },
      end: () => Promise.resolve(),
    });
  };
}

function setUp() {
  const secrets = new FakeSecrets();
  const pg = new FakePostgres();
  const deps = { secrets, connect: pg.connect, defaults: { host: 'db.example.internal', port: 5432, database: 'payments' } };
  const step = (Step: RotationStep, token = TOKEN) => rotate({ SecretId: SECRET, ClientRequestToken: token, Step }, deps);
  return { secrets, pg, step };
}

beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

describe('master secret rotation handler', () => {
  test('the four steps change the password on the database and move AWSCURRENT to the new version', async () => {
    const { secrets, pg, step } = setUp();
    secrets.startRotation();

    await step('createSecret');
    expect(secrets.valueOf(TOKEN)).toEqual({ username: 'app_admin', password: secrets.nextPassword });
    expect(secrets.stagesOf(TOKEN)).toEqual(['AWSPENDING']);
    expect(secrets.commands(GetRandomPasswordCommand)[0].input).toEqual({
      PasswordLength: PASSWORD_LENGTH,
      ExcludePunctuation: true,
      IncludeSpace: false,
      RequireEachIncludedType: true,
    });

    await step('setSecret');
    expect(pg.password).toBe(secrets.nextPassword);
    expect(pg.queries).toEqual([`ALTER USER "app_admin" WITH PASSWORD '${secrets.nextPassword}'`]);
    expect(pg.logins.at(-1)).toEqual({ host: 'db.example.internal', port: 5432, database: 'payments', user: 'app_admin', password: 'OldPassword' });

    await step('testSecret');
    expect(pg.queries.at(-1)).toBe('SELECT 1');

    await step('finishSecret');
    expect(secrets.stagesOf(TOKEN)).toEqual(['AWSCURRENT']);
    expect(secrets.stagesOf('token-1')).toEqual(['AWSPREVIOUS']);
    expect(secrets.commands(UpdateSecretVersionStageCommand)[0].input).toEqual({
      SecretId: SECRET,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: TOKEN,
      RemoveFromVersionId: 'token-1',
    });
  });

  test('createSecret is idempotent: an AWSPENDING value already stored is kept, no new password drawn', async () => {
    const { secrets, step } = setUp();
    secrets.startRotation();
    await step('createSecret');
    const stored = secrets.valueOf(TOKEN);
    secrets.nextPassword = 'SomethingElse0123456789abcdefghijABCDEFG';

    await expect(step('createSecret')).resolves.toMatch(/exists already/);
    expect(secrets.valueOf(TOKEN)).toEqual(stored);
    expect(secrets.commands(GetRandomPasswordCommand)).toHaveLength(1);
    expect(secrets.commands(PutSecretValueCommand)).toHaveLength(1);
  });

  test('setSecret is idempotent: a pending password that logs in already is not set again', async () => {
    const { secrets, pg, step } = setUp();
    secrets.startRotation();
    await step('createSecret');
    await step('setSecret');
    await expect(step('setSecret')).resolves.toMatch(/logs in already/);
    expect(pg.queries.filter((q) => q.startsWith('ALTER USER'))).toHaveLength(1);
  });

  test('setSecret falls back to AWSPREVIOUS when AWSCURRENT no longer logs in', async () => {
    const { secrets, pg, step } = setUp();
    secrets.versions.set('token-0', { value: JSON.stringify({ username: 'app_admin', password: 'OlderPassword' }), stages: ['AWSPREVIOUS'] });
    pg.password = 'OlderPassword';
    secrets.startRotation();
    await step('createSecret');
    await step('setSecret');
    expect(pg.password).toBe(secrets.nextPassword);
  });

  test('setSecret fails when no stored password logs in, and changes nothing', async () => {
    const { secrets, pg, step } = setUp();
    pg.password = 'ChangedOutOfBand';
    secrets.startRotation();
    await step('createSecret');
    await expect(step('setSecret')).rejects.toThrow(/neither the AWSCURRENT nor the AWSPREVIOUS password .* logs in/);
    expect(pg.queries).toEqual([]);
  });

  test('testSecret fails when the pending password does not log in, and finishSecret was not reached', async () => {
    const { secrets, step } = setUp();
    secrets.startRotation();
    await step('createSecret');
    // setSecret skipped: the database still has the old password.
    await expect(step('testSecret')).rejects.toThrow(/AWSPENDING password .* does not log in/);
    expect(secrets.stagesOf('token-1')).toEqual(['AWSCURRENT']);
  });

  test('testSecret fails when the test query fails', async () => {
    const { secrets, pg, step } = setUp();
    secrets.startRotation();
    await step('createSecret');
    await step('setSecret');
    pg.failQueries = true;
    await expect(step('testSecret')).rejects.toThrow(/server closed the connection/);
  });

  test('a version that is already AWSCURRENT is left alone at every step', async () => {
    const { secrets, step } = setUp();
    for (const s of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) {
      await expect(step(s, 'token-1')).resolves.toMatch(/already AWSCURRENT/);
    }
    expect(secrets.commands(PutSecretValueCommand)).toHaveLength(0);
    expect(secrets.commands(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  test('refuses a secret without rotation, an unknown token, a token that is not AWSPENDING, an unknown step', async () => {
    const { secrets, step } = setUp();
    secrets.rotationEnabled = false;
    await expect(step('createSecret')).rejects.toThrow(/does not have rotation enabled/);
    secrets.rotationEnabled = true;
    await expect(step('createSecret', 'nope')).rejects.toThrow(/version nope .* does not exist/);
    secrets.versions.set('token-9', { value: '{}', stages: ['AWSPREVIOUS'] });
    await expect(step('createSecret', 'token-9')).rejects.toThrow(/is not AWSPENDING/);
    secrets.startRotation();
    await expect(step('dropDatabase' as RotationStep)).rejects.toThrow(/unknown rotation step "dropDatabase"/);
  });

  test('escapes the password literal and the user identifier', async () => {
    const { secrets, pg, step } = setUp();
    secrets.nextPassword = "it's";
    secrets.startRotation();
    await step('createSecret');
    await step('setSecret').catch(() => undefined);
    expect(pg.queries[0]).toBe(`ALTER USER "app_admin" WITH PASSWORD 'it''s'`);
  });
});
