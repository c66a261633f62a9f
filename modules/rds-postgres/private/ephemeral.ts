// Shared by every module that draws a secret into a write-only argument; kept here for existing imports.
export { EphemeralResource } from '../../core/ephemeral';
