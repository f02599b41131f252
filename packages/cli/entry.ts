// The bundle's entry point (packages/cli/build.mjs): the CLI's main, nothing else.
export { main } from '../../src/cli/main.ts';
