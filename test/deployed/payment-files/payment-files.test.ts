// payment-files against a deployment described by cfn-outputs/flat-outputs.json: a real account (default AWS
// credential chain), or an emulator that is still running (ENCLAVE_AWS_ENDPOINT, after
// `npm run deploy:local -- payment-files --keep`). Skipped, with how to run it, when there is no such deployment.
import { join } from 'node:path';
import { test } from 'node:test';
import { LOCAL_REGION } from '../../../src/local/emulator.ts';
import { projectRoot, runProcessorInProcess, type ClientConfig } from '../../../src/local/deploy.ts';
import { definePaymentFilesSuite, readFlatOutputs } from './suite.ts';

const MOTO_ACCOUNT = ':123456789012:';
const read = readFlatOutputs(join(projectRoot, 'cfn-outputs', 'flat-outputs.json'));
const endpoint = process.env.ENCLAVE_AWS_ENDPOINT;

if ('skip' in read) {
  test('payment-files deployment', { skip: read.skip }, () => undefined);
} else if (!endpoint && read.outputs.KmsKeyArn!.includes(MOTO_ACCOUNT)) {
  test('payment-files deployment', {
    skip: 'cfn-outputs/flat-outputs.json comes from a local emulator deployment that has stopped: run `npm run deploy:local -- payment-files --keep` and set ENCLAVE_AWS_ENDPOINT to the endpoint it prints',
  }, () => undefined);
} else if (endpoint) {
  const emulator: ClientConfig = {
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    forcePathStyle: true,
  };
  definePaymentFilesSuite({
    outputs: read.outputs,
    emulator,
    runProcessor: async (event) => (await runProcessorInProcess(emulator, read.outputs.ProcessorFunctionName!, event)).result,
  });
} else {
  definePaymentFilesSuite({ outputs: read.outputs });
}
