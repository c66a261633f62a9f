/**
 * A resource in one Region that a construct in another Region refers to.
 *
 * Cross-Region pairs take their peer through this interface so that the standby side can be built
 * from configuration or deterministic names while the primary Region is down: nothing here needs a
 * read of the other Region's state.
 */
export interface RegionalRef {
  /** Full ARN of the resource. */
  readonly arn: string;
  /** The identifier AWS APIs take (name, identifier or id, depending on the service). */
  readonly id: string;
  /** Region the resource lives in. */
  readonly region: string;
}

/** Builds a {@link RegionalRef} from its parts, for peers known only by deterministic naming. */
export function regionalRef(arn: string, id: string, region: string): RegionalRef {
  return { arn, id, region };
}
