// What the two loads of one verification share. Its own module: verify.ts makes one for every path, and a
// CloudFormation-only run must not initialise the Terraform loader for it.
import type { ModuleConfig } from './config.ts';

/**
 * What the loads of one verification share (the load as given, and the load at the longest inputs): the files
 * functions read (filebase64sha256 of a function's zip), so the same bytes are read and hashed once, and each module
 * directory as parsed, with the digests of the files it was parsed from.
 */
export interface LoadShare {
  files: Map<string, Buffer>;
  modules: Map<string, { config: ModuleConfig; digests: [absolute: string, sha256: string][] }>;
}

export function newLoadShare(): LoadShare {
  return { files: new Map(), modules: new Map() };
}
