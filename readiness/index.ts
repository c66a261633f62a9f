/** `warm-standby readiness`: read-only checks of a deployed environment through the AWS SDK. */
export * from './types';
export { CHECKS } from './catalogue';
export type { CheckDefinition } from './catalogue';
export { AWS_CALLS, AwsCallError, requiredIamActions } from './calls';
export { defaultClients } from './clients';
export type { ClientOptions, ReadinessClients } from './clients';
export { DEFAULT_MAX_FEED_BACKLOG } from './check';
export type { ReadinessThresholds } from './check';
export { readinessTargets, searchConnectionAlias } from './names';
export type { ReadinessTargets } from './names';
export { runReadiness } from './run';
export type { ReadinessOptions } from './run';
export { READINESS_FORMATS, isReadinessFormat, renderReadiness, READINESS_MARKDOWN_MARKER } from './report';
export type { ReadinessFormat } from './report';
