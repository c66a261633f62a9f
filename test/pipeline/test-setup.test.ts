/**
 * test/setup.ts formats the stacks cdktf captures for its tokens without source maps (for speed) and
 * leaves errors, which failing tests print, mapped to the TypeScript lines.
 */
import { captureStackTrace } from 'cdktf/lib/tokens/private/stack-trace';

// Blank lines and a type-only construct above the throw move the transpiled line away from this one.
type Unused = { readonly a: string };

test('an error still points at the TypeScript line that made it', () => {
  const line = 12; // the line below
  const stack = new Error('here').stack ?? '';
  expect(stack).toContain(`test-setup.test.ts:${line}:`);
});

test("cdktf's token creation stacks keep every frame, in V8's plain format", () => {
  const frames = captureStackTrace();
  expect(frames.length).toBeGreaterThan(3);
  expect(frames[0]).toMatch(/test-setup\.test\.ts:\d+:\d+\)$/);
  expect(frames.every((frame) => !frame.startsWith('at '))).toBe(true);
});

export type { Unused };
