#!/usr/bin/env node
// Runs the CLI straight from the checkout's TypeScript sources, so `npx enclave` never reaches the registry
// and never runs a stale build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../../../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
