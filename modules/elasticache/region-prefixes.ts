/**
 * Global Datastore id prefixes. ElastiCache names a Global Datastore `<prefix>-<suffix>`: the suffix is
 * the one given to `CreateGlobalReplicationGroup`, the prefix is fixed per AWS Region *of the primary
 * replication group* (where the Global Datastore is created).
 *
 * Source: Amazon ElastiCache User Guide, "Using global datastores (CLI)", the table "each AWS Region and
 * its global datastore ID prefix"
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/Redis-Global-Clusters-CLI.html).
 * Only Regions listed there are here: a Region missing from the table is an error, never a guess.
 */
export const GLOBAL_DATASTORE_ID_PREFIXES: Readonly<Record<string, string>> = {
  'us-east-2': 'fpkhr',
  'us-east-1': 'ldgnf',
  'us-west-1': 'virxk',
  'us-west-2': 'sgaui',
  'ca-central-1': 'bxodz',
  'ap-south-1': 'erpgt',
  'ap-northeast-1': 'quwsw',
  'ap-northeast-2': 'lfqnh',
  'ap-northeast-3': 'nlapn',
  'ap-southeast-1': 'vlqxn',
  'ap-southeast-2': 'vbgxd',
  'eu-central-1': 'iudkw',
  'eu-west-1': 'gxeiz',
  'eu-west-2': 'okuqm',
  'eu-west-3': 'fgjhi',
  'sa-east-1': 'juxlw',
  'cn-north-1': 'emvgo',
  'cn-northwest-1': 'ckbem',
  'ap-east-1': 'knjmp',
};

/** Prefix AWS gives Global Datastores whose primary is in `region`, or undefined when the table lacks it. */
export function globalDatastoreIdPrefix(region: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(GLOBAL_DATASTORE_ID_PREFIXES, region) ? GLOBAL_DATASTORE_ID_PREFIXES[region] : undefined;
}
