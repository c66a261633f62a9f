/**
 * ARN partition of a Region (`aws`, `aws-cn`, `aws-us-gov`).
 *
 * Computed locally from the Region name rather than read from an `aws_partition` data source, so
 * a stack can build the other Region's deterministic ARNs without touching that Region's state.
 */
export function arnPartition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
