// Writes expected.json: what AWS's SAM translator makes of each template in ./templates.
//   npx tsx test/verifier/load/cloudformation/sam/generate.ts   (needs aws-sam-translator in .venv)
import { readdirSync, writeFileSync } from 'node:fs';
import { translate } from './samtranslator.ts';

export const TEMPLATES = new URL('./templates/', import.meta.url).pathname;

if (import.meta.url === `file://${process.argv[1]}`) {
  const expected = Object.fromEntries(
    readdirSync(TEMPLATES)
      .sort()
      .map((name) => [name, translate(`${TEMPLATES}${name}`)]),
  );
  writeFileSync(new URL('./expected.json', import.meta.url), `${JSON.stringify(expected, null, 1)}\n`);
  console.log(`wrote expected.json for ${Object.keys(expected).length} templates`);
}
