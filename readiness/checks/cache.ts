import { DescribeGlobalReplicationGroupsCommand, GlobalReplicationGroupMember, GlobalReplicationGroupNotFoundFault } from '@aws-sdk/client-elasticache';
import { awsCallOrMissing } from '../calls';
import { CHECKS } from '../catalogue';
import { CheckContext, CheckSubject, guarded, judged } from '../check';
import { CheckResult } from '../types';

/**
 * RDY-CACHE-001: the Global Datastore is `available` and both groups are `associated` members, the
 * primary's group as PRIMARY in the primary Region and the standby's as SECONDARY in the standby
 * Region. Asked in the standby Region, so it answers while the primary Region is impaired.
 */
export async function checkCacheGlobalDatastore(ctx: CheckContext): Promise<CheckResult[]> {
  const { cache, primaryRegion, standbyRegion: region } = ctx.targets;
  const subject: CheckSubject = {
    region,
    resource: cache.globalReplicationGroupId,
    threshold: `status available; PRIMARY ${cache.primaryGroupId} (${primaryRegion}) and SECONDARY ${cache.standbyGroupId} (${region}) associated`,
  };
  return guarded([[CHECKS.cacheGlobal, subject]], async () => {
    const out = await awsCallOrMissing(
      'ElastiCache DescribeGlobalReplicationGroups',
      region,
      (e) => e instanceof GlobalReplicationGroupNotFoundFault || (e as Error)?.name === 'GlobalReplicationGroupNotFoundFault',
      () =>
        ctx.clients
          .elasticache(region)
          .send(new DescribeGlobalReplicationGroupsCommand({ GlobalReplicationGroupId: cache.globalReplicationGroupId, ShowMemberInfo: true })),
    );
    const group = out?.GlobalReplicationGroups?.find((g) => g.GlobalReplicationGroupId === cache.globalReplicationGroupId);
    if (!group)
      return [judged(CHECKS.cacheGlobal, subject, false, 'no such Global Datastore', `Global Datastore ${cache.globalReplicationGroupId} does not exist`)];
    const members = group.Members ?? [];
    const describe = (m: GlobalReplicationGroupMember): string =>
      `${m.Role ?? '?'} ${m.ReplicationGroupId ?? '?'} (${m.ReplicationGroupRegion ?? '?'}) ${m.Status ?? '?'}`;
    const expect = (role: string, id: string, memberRegion: string): string => {
      const m = members.find((x) => x.ReplicationGroupId === id);
      if (!m) return `${id} is not a member`;
      if ((m.Role ?? '').toUpperCase() !== role) return `${id} is ${m.Role ?? 'without a role'}, expected ${role}`;
      if (m.ReplicationGroupRegion !== memberRegion) return `${id} is in ${m.ReplicationGroupRegion ?? '?'}, expected ${memberRegion}`;
      if (m.Status !== 'associated') return `${id} is ${m.Status ?? 'without a status'}, expected associated`;
      return '';
    };
    const problems = [
      group.Status !== 'available' ? `the Global Datastore is ${group.Status ?? 'without a status'}` : '',
      expect('PRIMARY', cache.primaryGroupId, primaryRegion),
      expect('SECONDARY', cache.standbyGroupId, region),
    ].filter(Boolean);
    const observed = `status ${group.Status ?? '?'}; ${members.length ? members.map(describe).join('; ') : 'no members'}`;
    return [
      judged(
        CHECKS.cacheGlobal,
        subject,
        problems.length === 0,
        observed,
        problems.length
          ? `Global Datastore ${cache.globalReplicationGroupId}: ${problems.join('; ')}`
          : `Global Datastore ${cache.globalReplicationGroupId} has both groups associated`,
      ),
    ];
  });
}
