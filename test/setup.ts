import { types } from 'node:util';
// cdktf records where every token was created: it captures a full stack into a plain object (not an
// Error) and formats it at once, thousands of times per synth. Jest's source-map-support maps each of
// those frames through the source maps, which was two fifths of a synth suite's CPU. Those creation
// stacks appear only inside cdktf's own messages, so they keep V8's plain format; errors, which are
// what a failing test prints, are still mapped to the TypeScript lines.
// V8's CallSite prints itself in the default format; the Node types do not declare that toString.
const plainFrame = (frame: NodeJS.CallSite): string => `    at ${(frame as { toString(): string }).toString()}`;
const mapStackTrace = Error.prepareStackTrace?.bind(Error);
if (mapStackTrace) {
  Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]): unknown =>
    types.isNativeError(target) ? mapStackTrace(target, frames) : `Error\n${frames.map(plainFrame).join('\n')}`;
}
