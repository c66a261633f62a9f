import { Construct } from 'constructs';
import { OpensearchOutboundConnection } from '@cdktf/provider-aws/lib/opensearch-outbound-connection';
import { requireProp, validateAccountId, validatedConstruct } from '../core';
import { OpenSearchDomain, OpenSearchDomainRef } from './domain';

export interface CrossClusterConnectionProps {
  /** The follower domain, in this stack (the standby Region). */
  readonly follower: OpenSearchDomain;
  /** The leader domain in the primary Region, e.g. from {@link openSearchDomainRef}. */
  readonly leader: OpenSearchDomainRef;
  /**
   * Name of the connection, used by the follower's replication rules
   * (2-100 characters: a letter, then letters, digits, hyphens or underscores).
   */
  readonly connectionAlias: string;
  /**
   * Accept the connection from this stack (`accept_connection`). Only possible when both domains
   * are in the same Region: the provider accepts with this stack's Region, and across Regions the
   * inbound connection lives in the leader's Region, so the call fails with ResourceNotFound
   * (hashicorp/terraform-provider-aws#44599). For this cross-Region pair, leave it off and accept
   * with {@link InboundConnectionAccepter} in the leader's Region.
   * @default false
   */
  readonly acceptConnection?: boolean;
}

/**
 * The follower's outbound connection to the leader (connection mode DIRECT), which
 * cross-cluster replication rules on the follower use. Created in the standby stack from a
 * leader reference built from names, so it needs nothing from the primary Region's state.
 * The connection stays `PENDING_ACCEPTANCE` until an {@link InboundConnectionAccepter} in the
 * leader's Region accepts it.
 */
@validatedConstruct
export class CrossClusterConnection extends Construct {
  /** The underlying aws_opensearch_outbound_connection. */
  public readonly connection: OpensearchOutboundConnection;
  private readonly alias: string;

  constructor(scope: Construct, id: string, props: CrossClusterConnectionProps) {
    super(scope, id);
    const { follower, leader } = props;
    const acceptConnection = props.acceptConnection ?? false;
    requireProp(follower.role === 'follower', 'follower.role', follower.role, 'must be "follower"');
    requireProp(leader.region !== follower.region, 'leader.region', leader.region, `must differ from the follower's Region ${follower.region}`);
    validateAccountId('leader.ownerId', leader.ownerId);
    requireProp(
      /^[a-zA-Z][a-zA-Z0-9_-]{1,99}$/.test(props.connectionAlias),
      'connectionAlias',
      props.connectionAlias,
      'must be 2-100 characters: a letter, then letters, digits, hyphens or underscores',
    );
    requireProp(
      !acceptConnection,
      'acceptConnection',
      acceptConnection,
      "cannot accept a cross-Region connection from the follower's Region (hashicorp/terraform-provider-aws#44599); use InboundConnectionAccepter in the leader's Region",
    );
    this.alias = props.connectionAlias;

    this.connection = new OpensearchOutboundConnection(this, 'OutboundConnection', {
      connectionAlias: props.connectionAlias,
      connectionMode: 'DIRECT',
      acceptConnection,
      localDomainInfo: { ownerId: follower.ownerId, region: follower.region, domainName: follower.domainName },
      remoteDomainInfo: { ownerId: leader.ownerId, region: leader.region, domainName: leader.domainName },
      // The local domain is named by its literal name (readable by the policy gate); order explicitly.
      dependsOn: [follower.domain],
    });
  }

  /** Id of the connection (what the leader's Region accepts). */
  public get connectionId(): string {
    return this.connection.id;
  }

  /** Status of the connection, e.g. `PENDING_ACCEPTANCE` or `ACTIVE`. */
  public get connectionStatus(): string {
    return this.connection.connectionStatus;
  }

  /** The connection alias. */
  public get connectionAlias(): string {
    return this.alias;
  }
}
