import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeNodegroupCommand, ResourceNotFoundException } from '@aws-sdk/client-eks';
import { awsCall, awsCallOrMissing } from '../calls';
import { CHECKS } from '../catalogue';
import { CheckContext, CheckSubject, guarded, judged } from '../check';
import { CheckResult } from '../types';

/**
 * RDY-EKS-001 and RDY-EKS-002 from one DescribeNodegroup: the node group is ACTIVE without health
 * issues and its Auto Scaling group(s) have at least eks.standby.minNodes instances InService and
 * Healthy; its deployed scalingConfig still allows the configured minimum and the scale-up to the
 * primary's desired size.
 */
export async function checkEksNodeGroup(ctx: CheckContext): Promise<CheckResult[]> {
  const { eks, standbyRegion: region } = ctx.targets;
  const resource = `${eks.clusterName}/${eks.nodeGroupName}`;
  const nodes: CheckSubject = {
    region,
    resource,
    threshold: `status ACTIVE, no health issues, >= ${eks.minNodes} instances InService and Healthy (eks.standby.minNodes)`,
  };
  const scaling: CheckSubject = {
    region,
    resource,
    threshold: `scalingConfig minSize >= ${eks.minNodes} (eks.standby.minNodes), maxSize >= ${eks.scaleUpTargetNodes} (eks.primary.desiredNodes)`,
  };
  return guarded(
    [
      [CHECKS.eksNodes, nodes],
      [CHECKS.eksScaling, scaling],
    ],
    async () => {
      const out = await awsCallOrMissing(
        'EKS DescribeNodegroup',
        region,
        (e) => e instanceof ResourceNotFoundException || (e as Error)?.name === 'ResourceNotFoundException',
        () => ctx.clients.eks(region).send(new DescribeNodegroupCommand({ clusterName: eks.clusterName, nodegroupName: eks.nodeGroupName })),
      );
      const group = out?.nodegroup;
      if (!group) {
        const message = `node group ${eks.nodeGroupName} of cluster ${eks.clusterName} does not exist in ${region}`;
        return [judged(CHECKS.eksNodes, nodes, false, 'no such node group', message), judged(CHECKS.eksScaling, scaling, false, 'no such node group', message)];
      }
      const asgNames = (group.resources?.autoScalingGroups ?? []).map((g) => g.name).filter((n): n is string => Boolean(n));
      let inService = 0;
      let total = 0;
      if (asgNames.length) {
        const asgs = await awsCall('Auto Scaling DescribeAutoScalingGroups', region, () =>
          ctx.clients.autoscaling(region).send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: asgNames })),
        );
        for (const asg of asgs?.AutoScalingGroups ?? []) {
          for (const instance of asg.Instances ?? []) {
            total++;
            if (instance.LifecycleState === 'InService' && instance.HealthStatus === 'Healthy') inService++;
          }
        }
      }
      const issues = (group.health?.issues ?? []).map((i) => `${i.code ?? '?'}${i.message ? `: ${i.message}` : ''}`);
      const status = group.status ?? 'unknown';
      const nodeProblems = [
        status !== 'ACTIVE' ? `status is ${status}` : '',
        issues.length ? `health issues: ${issues.join('; ')}` : '',
        inService < eks.minNodes ? `${inService} healthy in-service instances, below ${eks.minNodes}` : '',
      ].filter(Boolean);
      const sc = group.scalingConfig ?? {};
      const scalingProblems = [
        (sc.minSize ?? 0) < eks.minNodes ? `minSize ${sc.minSize ?? 'unset'} is below ${eks.minNodes}` : '',
        (sc.maxSize ?? 0) < eks.scaleUpTargetNodes ? `maxSize ${sc.maxSize ?? 'unset'} cannot reach the primary's ${eks.scaleUpTargetNodes} nodes` : '',
      ].filter(Boolean);
      return [
        judged(
          CHECKS.eksNodes,
          nodes,
          nodeProblems.length === 0,
          `status ${status}; ${inService}/${total} instances InService and Healthy in ${asgNames.join(', ') || 'no Auto Scaling group'}; ${issues.length} health issues`,
          nodeProblems.length ? `standby node group ${resource}: ${nodeProblems.join('; ')}` : `standby node group ${resource} has ${inService} healthy nodes`,
        ),
        judged(
          CHECKS.eksScaling,
          scaling,
          scalingProblems.length === 0,
          `scalingConfig min ${sc.minSize ?? '?'}, desired ${sc.desiredSize ?? '?'}, max ${sc.maxSize ?? '?'}`,
          scalingProblems.length
            ? `standby node group ${resource}: ${scalingProblems.join('; ')}`
            : `standby node group ${resource} can scale to the primary's size`,
        ),
      ];
    },
  );
}
