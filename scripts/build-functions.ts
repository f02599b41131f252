// npm run build [name…]: builds every Lambda function (or the ones named) with src/packaging/functions.ts, which says
// what a deployment package is.
import { relative } from 'node:path';
import { buildFunction, discoverFunctions } from '../src/packaging/functions.ts';

const root = new URL('..', import.meta.url).pathname;

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const names = discoverFunctions().filter((n) => only.length === 0 || only.includes(n));
  if (names.length === 0) throw new Error('no functions to build');
  for (const name of names) {
    const built = await buildFunction(name);
    console.log(
      `${name.padEnd(20)} ${relative(root, built.bundle)}  ${(built.bytes / 1024).toFixed(0)} KiB  + ${relative(root, built.contract)}` +
        `  → ${relative(root, built.zip)} (sha256 ${built.zipSha256})`,
    );
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
