/** ARN partition of a Region (`aws`, `aws-cn`, `aws-us-gov`). */
export function arnPartition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
