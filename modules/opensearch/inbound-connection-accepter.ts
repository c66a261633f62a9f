import { Construct } from 'constructs';
import { OpensearchInboundConnectionAccepter } from '@cdktf/provider-aws/lib/opensearch-inbound-connection-accepter';
import { requireProp, validatedConstruct } from '../core';
import { OpenSearchDomainRef } from './domain';

export interface InboundConnectionAccepterProps {
  /** Id of the follower's outbound connection (`CrossClusterConnection.connectionId`). */
  readonly connectionId: string;
  /** The leader domain the connection points at; it is in this stack's Region. */
  readonly leader: OpenSearchDomainRef;
  /** Region of the stack this accepter is created in (the primary Region). */
  readonly region: string;
}

/**
 * Accepts the follower's cross-cluster connection on the leader's side. Lives in the
 * `replication` stack (primary Region, deployed last): the inbound connection only exists in the
 * leader's Region, so the standby stack cannot accept it (`accept_connection` calls its own Region).
 *
 * The connection id is assigned by AWS, so it reaches this stack as a reference to the standby
 * stack's output (a remote-state read of the standby's state from the primary side, never the
 * reverse); the standby stack stays plannable while the primary Region is down.
 */
@validatedConstruct
export class InboundConnectionAccepter extends Construct {
  /** The underlying aws_opensearch_inbound_connection_accepter. */
  public readonly accepter: OpensearchInboundConnectionAccepter;

  constructor(scope: Construct, id: string, props: InboundConnectionAccepterProps) {
    super(scope, id);
    requireProp(props.leader.region === props.region, 'leader.region', props.leader.region, `must be this stack's Region ${props.region}`);
    requireProp(props.connectionId.length > 0, 'connectionId', props.connectionId, 'must not be empty');

    this.accepter = new OpensearchInboundConnectionAccepter(this, 'Accepter', { connectionId: props.connectionId });
  }

  /** Id of the accepted connection. */
  public get connectionId(): string {
    return this.accepter.connectionId;
  }

  /** Status of the connection after acceptance, e.g. `ACTIVE`. */
  public get connectionStatus(): string {
    return this.accepter.connectionStatus;
  }
}
