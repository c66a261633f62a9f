import { UsageError } from '../../common/errors';
import { GateReport } from '../types';
import { renderGithub } from './github';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { renderSarif } from './sarif';
import { renderText } from './text';

export * from './common';
export { MARKDOWN_MARKER } from './markdown';
export type { JsonReport, JsonFinding, JsonRule } from './json';
export { toJsonReport } from './json';
export { toSarif } from './sarif';

const RENDERERS = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  github: renderGithub,
  markdown: renderMarkdown,
} as const satisfies Record<string, (report: GateReport) => string>;

export type Format = keyof typeof RENDERERS;
export const FORMATS = Object.keys(RENDERERS) as Format[];

export function isFormat(value: string): value is Format {
  return Object.prototype.hasOwnProperty.call(RENDERERS, value);
}

/** Renders a report; an unknown format is a {@link UsageError}. */
export function render(format: string, report: GateReport): string {
  if (!isFormat(format)) throw new UsageError(`unknown format "${format}"`, `--format: one of ${FORMATS.join(', ')}`);
  return RENDERERS[format](report);
}
