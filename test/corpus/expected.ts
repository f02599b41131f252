// The corpus verdicts a correct verifier must give, and the errors Enclave reports that the reference tools do not
// (each with the reason it is nevertheless right). expected.json pins Enclave's diagnostics per entry; regenerate it
// with `npx tsx test/corpus/expected.ts` after a reviewed change, and read the diff.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, runEnclave, type EnclaveResult } from './run-enclave.ts';
import type { ManifestEntry } from './vendor.ts';

/**
 * Errors beyond what `terraform validate` / cfn-lint see, reviewed one by one: id → (a substring of the diagnostic
 * → why it is a true diagnostic).
 */
const RAIN_EMBED =
  'Rain::Embed is a directive of the rain CLI, which inlines a file before deploying; the template as written gives CloudFormation a non-string ZipFile, which it rejects. cfn-lint reports exactly this (E3012) on ElastiCache/Elasticache-snapshot; here the template tells cfn-lint to ignore E3012';

export const BEYOND_THE_ORACLE: Record<string, Record<string, string>> = {
  'cfn/aws-cloudformation-templates/APIGateway/apigateway_lambda_integration.json': { '"Code.ZipFile" on AWS::Lambda::Function must be a string': RAIN_EMBED },
  'cfn/aws-cloudformation-templates/APIGateway/apigateway_lambda_integration.yaml': { 'unknown tag !Rain::Embed': RAIN_EMBED },
  'tf/vpc/issues': {
    'coalescelist(): no non-null, non-empty argument':
      'module vpc_issue_46 has private_subnets = [] and no database or elasticache route tables, so coalescelist(aws_route_table.database[*].id, aws_route_table.private[*].id) gets two empty lists: terraform plan fails there ("no non-null arguments"); validate does not evaluate counts',
  },
};

export function manifest(): ManifestEntry[] {
  return JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as ManifestEntry[];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const expected: Record<string, EnclaveResult> = {};
  for (const entry of manifest()) expected[entry.id] = (await runEnclave(entry)).result;
  writeFileSync(join(CORPUS, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
  console.log(`wrote expected.json for ${Object.keys(expected).length} entries`);
}
