import { DescribeOutboundConnectionsCommand, OutboundConnection } from '@aws-sdk/client-opensearch';
import { awsCall } from '../calls';
import { CHECKS } from '../catalogue';
import { CheckContext, CheckSubject, formatSeconds, guarded, judged, readMetrics } from '../check';
import { CheckResult } from '../types';

/**
 * RDY-SEARCH-001: the follower domain's outbound connection with the environment's alias points at
 * the leader domain and is ACTIVE. DescribeOutboundConnections filters by domain, not by alias
 * (its filter names are connection-id, remote-domain-info.*, local-domain-info.domain-name), so the
 * alias is matched here.
 */
export async function checkSearchConnection(ctx: CheckContext): Promise<CheckResult[]> {
  const { search, standbyRegion: region } = ctx.targets;
  const subject: CheckSubject = {
    region,
    resource: `${search.followerDomain} -> ${search.leaderDomain} (alias ${search.connectionAlias})`,
    threshold: 'connection status ACTIVE',
  };
  return guarded([[CHECKS.searchConnection, subject]], async () => {
    const connections: OutboundConnection[] = [];
    let token: string | undefined;
    do {
      const out = await awsCall('OpenSearch DescribeOutboundConnections', region, () =>
        ctx.clients.opensearch(region).send(
          new DescribeOutboundConnectionsCommand({
            Filters: [{ Name: 'local-domain-info.domain-name', Values: [search.followerDomain] }],
            NextToken: token,
          }),
        ),
      );
      connections.push(...(out?.Connections ?? []));
      token = out?.NextToken;
    } while (token);
    const mine = connections.filter((c) => c.ConnectionAlias === search.connectionAlias);
    if (mine.length === 0) {
      return [
        judged(
          CHECKS.searchConnection,
          subject,
          false,
          `no outbound connection with alias ${search.connectionAlias} (${connections.length} other)`,
          `follower ${search.followerDomain} has no connection ${search.connectionAlias} to the leader`,
        ),
      ];
    }
    // A deleted connection stays listed for a while; prefer the one that is not deleted.
    const connection = mine.find((c) => !/^DELET/.test(c.ConnectionStatus?.StatusCode ?? '')) ?? mine[0];
    const remote = connection.RemoteDomainInfo?.AWSDomainInformation?.DomainName;
    const status = connection.ConnectionStatus?.StatusCode ?? 'unknown';
    const problems = [
      status !== 'ACTIVE'
        ? `connection ${connection.ConnectionId ?? '?'} is ${status}${connection.ConnectionStatus?.Message ? ` (${connection.ConnectionStatus.Message})` : ''}`
        : '',
      remote !== search.leaderDomain ? `it points at ${remote ?? 'an unknown domain'}, not the leader ${search.leaderDomain}` : '',
    ].filter(Boolean);
    return [
      judged(
        CHECKS.searchConnection,
        subject,
        problems.length === 0,
        `connection ${connection.ConnectionId ?? '?'} ${status} to ${remote ?? '?'}`,
        problems.length ? problems.join('; ') : `connection ${connection.ConnectionId ?? '?'} to the leader is ACTIVE`,
      ),
    ];
  });
}

const SEARCH_WINDOW_SECONDS = 600;

/**
 * RDY-SEARCH-002: replication lag of the follower. Amazon OpenSearch Service publishes no lag in
 * seconds for cross-cluster replication; its CloudWatch metrics (namespace AWS/ES, dimensions
 * ClientId, DomainName, LeaderAlias) are LeaderCheckPoint and FollowerCheckPoint (sums of the
 * indexes' checkpoints, "to measure replication latency") and ReplicationRate (operations/s). The
 * lag is estimated as the operations behind divided by the replication rate: the time the follower
 * needs to catch up. No FAILED or PAUSED follower index is allowed either
 * (ReplicationNumFailedIndices, ReplicationNumPausedIndices; dimensions ClientId, DomainName).
 */
export async function checkSearchLag(ctx: CheckContext): Promise<CheckResult[]> {
  const { search, accountId, standbyRegion: region } = ctx.targets;
  const subject: CheckSubject = {
    region,
    resource: search.followerDomain,
    threshold: `estimated lag <= ${search.lagAllowanceSeconds} s (opensearch.replicationLagAllowanceSeconds); no FAILED or PAUSED follower index`,
  };
  return guarded([[CHECKS.searchLag, subject]], async () => {
    const byAlias = { ClientId: accountId, DomainName: search.followerDomain, LeaderAlias: search.connectionAlias };
    const byDomain = { ClientId: accountId, DomainName: search.followerDomain };
    const m = await readMetrics(
      ctx,
      region,
      [
        { id: 'leader', namespace: 'AWS/ES', metricName: 'LeaderCheckPoint', dimensions: byAlias, stat: 'Maximum', periodSeconds: 60 },
        { id: 'follower', namespace: 'AWS/ES', metricName: 'FollowerCheckPoint', dimensions: byAlias, stat: 'Maximum', periodSeconds: 60 },
        { id: 'rate', namespace: 'AWS/ES', metricName: 'ReplicationRate', dimensions: byAlias, stat: 'Average', periodSeconds: 60 },
        { id: 'failed', namespace: 'AWS/ES', metricName: 'ReplicationNumFailedIndices', dimensions: byDomain, stat: 'Maximum', periodSeconds: 60 },
        { id: 'paused', namespace: 'AWS/ES', metricName: 'ReplicationNumPausedIndices', dimensions: byDomain, stat: 'Maximum', periodSeconds: 60 },
      ],
      SEARCH_WINDOW_SECONDS,
    );
    const newest = (id: string): number | undefined => m.get(id)?.[0];
    const leader = newest('leader');
    const follower = newest('follower');
    const failed = newest('failed') ?? 0;
    const paused = newest('paused') ?? 0;
    if (leader === undefined || follower === undefined) {
      return [
        judged(
          CHECKS.searchLag,
          subject,
          false,
          `no LeaderCheckPoint/FollowerCheckPoint datapoints in the last ${SEARCH_WINDOW_SECONDS / 60} minutes`,
          `follower ${search.followerDomain} reports no replication through ${search.connectionAlias}: no index is being replicated (no replication rule or _start yet?)`,
        ),
      ];
    }
    const behind = Math.max(0, leader - follower);
    const rate = newest('rate') ?? 0;
    const lagSeconds = behind === 0 ? 0 : rate > 0 ? behind / rate : Number.POSITIVE_INFINITY;
    const problems = [
      lagSeconds > search.lagAllowanceSeconds
        ? Number.isFinite(lagSeconds)
          ? `estimated lag ${formatSeconds(lagSeconds)} exceeds ${search.lagAllowanceSeconds} s`
          : `${behind} operations behind and not replicating (rate 0)`
        : '',
      failed > 0 ? `${failed} FAILED follower index(es)` : '',
      paused > 0 ? `${paused} PAUSED follower index(es)` : '',
    ].filter(Boolean);
    const observed =
      `${behind} operations behind (leader checkpoint ${leader}, follower ${follower}) at ${Number(rate.toFixed(2))} ops/s, ` +
      `estimated lag ${formatSeconds(lagSeconds)}; ${failed} failed, ${paused} paused indexes`;
    return [
      judged(
        CHECKS.searchLag,
        subject,
        problems.length === 0,
        observed,
        problems.length ? `follower ${search.followerDomain}: ${problems.join('; ')}` : `follower ${search.followerDomain} is within the lag allowance`,
      ),
    ];
  });
}
