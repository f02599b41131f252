// payment-files against the deployment described by cfn-outputs/flat-outputs.json:
// - the emulator: `npm run deploy:local -- payment-files` (cfn-outputs/deployment.json names the emulator it lives
//   in), then `node scripts/run-tests.mjs test/deployed/payment-files`; the processor's package runs in-process;
// - a real account (default AWS credential chain): deploy the template (README) and write its outputs there.
// Skipped, with how to run it, when there is no such deployment (under CI=true: failed).
import { test } from 'node:test';
import { runProcessorInProcess } from '../../../src/local/deploy.ts';
import type { EmulatorClientConfig } from '../../../src/local/emulator-service.ts';
import { deployLocally, deployedTarget } from '../flat-outputs.ts';
import { REQUIRED_OUTPUTS, definePaymentFilesSuite } from './suite.ts';

const loaded = await deployedTarget({
  environment: 'payment-files',
  required: REQUIRED_OUTPUTS,
  how: deployLocally('payment-files'),
  region: (o) => String(o.StackRegion),
});

if ('skip' in loaded) {
  test('payment-files deployment', { skip: loaded.skip }, () => undefined);
} else {
  const { target } = loaded;
  const outputs = target.outputs as Record<string, string>;
  if (target.emulator) {
    const emulator = target.config as EmulatorClientConfig;
    definePaymentFilesSuite({
      outputs,
      emulator,
      runProcessor: async (event) =>
        (await runProcessorInProcess(emulator, outputs.ProcessorFunctionName!, event)).result,
    });
  } else {
    definePaymentFilesSuite({ outputs });
  }
}
