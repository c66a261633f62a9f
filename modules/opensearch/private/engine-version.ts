/** A parsed `OpenSearch_X.Y` / `Elasticsearch_X.Y` engine version. */
export interface EngineVersion {
  readonly engine: 'OpenSearch' | 'Elasticsearch';
  readonly major: number;
  readonly minor: number;
}

/** Oldest version of each engine with cross-cluster replication. */
const MIN_CCR_VERSION: Record<EngineVersion['engine'], readonly [number, number]> = {
  OpenSearch: [1, 1],
  Elasticsearch: [7, 10],
};

/** Parses `OpenSearch_2.17` or `Elasticsearch_7.10`; `undefined` for anything else. */
export function parseEngineVersion(value: string): EngineVersion | undefined {
  const match = /^(OpenSearch|Elasticsearch)_(\d+)\.(\d+)$/.exec(value);
  if (!match) return undefined;
  return { engine: match[1] as EngineVersion['engine'], major: Number(match[2]), minor: Number(match[3]) };
}

/** True when the engine version supports cross-cluster replication (OpenSearch >= 1.1, Elasticsearch >= 7.10). */
export function supportsCrossClusterReplication(version: EngineVersion): boolean {
  const [major, minor] = MIN_CCR_VERSION[version.engine];
  return version.major > major || (version.major === major && version.minor >= minor);
}
