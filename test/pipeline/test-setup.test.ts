/**
 * test/setup.ts formats the stacks cdktf captures for its tokens without source maps (for speed) and
 * leaves errors, which failing tests print, mapped to the TypeScript lines. test/global-setup.js gives
 * the run one temp folder, removed at its end.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { captureStackTrace } from 'cdktf/lib/tokens/private/stack-trace';

// Blank lines and a type-only construct above the throw move the transpiled line away from this one.
type Unused = { readonly a: string };

test('an error still points at the TypeScript line that made it', () => {
  const line = 15; // the line below
  const stack = new Error('here').stack ?? '';
  expect(stack).toContain(`test-setup.test.ts:${line}:`);
});

test("cdktf's token creation stacks keep every frame, in V8's plain format", () => {
  const frames = captureStackTrace();
  expect(frames.length).toBeGreaterThan(3);
  expect(frames[0]).toMatch(/test-setup\.test\.ts:\d+:\d+\)$/);
  expect(frames.every((frame) => !frame.startsWith('at '))).toBe(true);
});

test("the suites' temp folders are made in the run's own folder (cdktf's Testing never removes its outdirs)", () => {
  expect(path.basename(os.tmpdir())).toMatch(/^ws-jest-/);
});

export type { Unused };
