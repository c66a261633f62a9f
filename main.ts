/**
 * The cdktf app: picks the environment, builds its stacks, synthesizes, then runs the policy gate
 * over everything it synthesized. A mandatory finding exits non-zero, so `cdktf synth|diff|deploy`
 * stop before Terraform runs.
 */
import { App } from 'cdktf';
import { DEFAULT_ENVIRONMENT, loadEnvironment } from './environments';
import { buildEnvironment } from './stacks';
import { gateSynthesizedApp } from './gate/synth-gate';
import { breakGlassFrom, gateWithBreakGlass } from './gate/break-glass';

function selected(app: App): { envName: string; failover: boolean } {
  const envName = process.env.WARM_STANDBY_ENV || (app.node.tryGetContext('env') as string | undefined) || DEFAULT_ENVIRONMENT;
  const flag = process.env.WARM_STANDBY_FAILOVER ?? String(app.node.tryGetContext('failover') ?? '');
  return { envName, failover: ['1', 'true', 'yes'].includes(flag.toLowerCase()) };
}

async function main(): Promise<number> {
  const app = new App();
  const { envName, failover } = selected(app);
  const env = loadEnvironment(envName);
  // Checked before synth: a malformed override fails fast, not after the gate.
  const breakGlass = breakGlassFrom(process.env, failover);
  buildEnvironment(app, env, { failover });
  app.synth();
  return gateWithBreakGlass(() => gateSynthesizedApp(app.outdir, env), breakGlass);
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    // Configuration errors are the user's to fix: the message names the field, value and rule.
    process.stderr.write(`warm-standby: ${error.message}\n`);
    process.exit(1);
  },
);
