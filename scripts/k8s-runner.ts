/**
 * Prints the GitHub Actions `runs-on` label for the jobs that deploy an environment's Kubernetes
 * stacks: they talk to the cluster API, so they run where the environment's `eks.endpoint` says that
 * API is reachable. A self-hosted runner label for `github-runner`; a GitHub-hosted runner for
 * `hcp-agent-pool`, where HCP Terraform runs the plan and apply on the agent pool inside the VPC.
 *
 *   npx ts-node --transpile-only scripts/k8s-runner.ts <environment>
 */
import { loadEnvironment } from '../environments';
import { EnvironmentConfig } from '../environments/types';

export function kubernetesRunnerLabel(env: EnvironmentConfig): string {
  const runner = env.eks.endpoint.deployRunner;
  return runner.kind === 'github-runner' ? runner.runnerLabel : 'ubuntu-latest';
}

if (require.main === module) {
  const name = process.argv[2];
  try {
    if (!name) throw new Error('usage: k8s-runner <environment>');
    process.stdout.write(`${kubernetesRunnerLabel(loadEnvironment(name))}\n`);
  } catch (error) {
    process.stderr.write(`k8s-runner: ${(error as Error).message}\n`);
    process.exit(2);
  }
}
