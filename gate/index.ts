/** The warm-standby policy gate: load the compiled Rego, read inputs, evaluate, report. */
export * from './types';
export * from '../common/errors';
export { ENTRYPOINT, buildBundle, bundlePaths, ensureBundle, findOpa, isBundleStale, policySourceFiles, repoRoot } from './bundle';
export type { BundlePaths, BuildOptions } from './bundle';
export { PolicyEngine } from './engine';
export type { EvaluateOptions, PolicyParams } from './engine';
export { readInput, readInputs } from './inputs';
export type { GateInput } from './inputs';
export { loadExceptions, validateExceptions, MIN_REASON_LENGTH } from './exceptions';
export { loadParams, mergeParams, environmentParams } from './params';
export { checkPaths, mergeReports, runGate, summarize } from './gate';
export type { CheckOptions, GateOptions, GateResult } from './gate';
export { FORMATS, render, isFormat } from './reporters';
export type { Format } from './reporters';
