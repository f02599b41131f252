// ENC-NAME-001: every name AWS limits fits its length and pattern, also with each input at the longest value its
// validation accepts.
import type { NameFact } from '../../analysis/names/index.ts';
import { check } from '../helpers.ts';
import { resultOf, type Check, type Rule } from '../types.ts';

function problem(fact: NameFact, name: string): string | undefined {
  const r = fact.rule;
  if (name.length > r.max) return `is ${name.length} characters, over the ${r.max} AWS allows`;
  if (name.length < r.min) return `is ${name.length} characters, under the ${r.min} AWS requires`;
  if (r.pattern && !r.pattern.re.test(name)) return `is not made of ${r.pattern.says}`;
  const bad = r.forbidden?.find((f) => f.re.test(name));
  return bad ? `has ${bad.says}, which AWS refuses` : undefined;
}

export const awsNameLimits: Rule = {
  id: 'ENC-NAME-001',
  title: 'Names fit the lengths and patterns AWS enforces, at the longest inputs',
  description: 'AWS refuses a resource whose name breaks its limits (IAM role and user names 64 characters, bucket names 3-63 lower-case characters, Lambda function names 64, security group names that must not start with "sg-", DB identifiers 63, EventBridge rules 64…; each limit cites its API page), and the failure appears only at apply, often only in the environment with the longest suffix. A value the root accepts that the configuration then refuses (a module\'s own validation) is reported too. Each name is judged as written and with every input at the longest value its declaration accepts (Terraform validation blocks, CloudFormation AllowedPattern/MaxLength/AllowedValues), the account id as 12 digits and the region as the longest region code. A name with a part known only after apply that is not of known length is unknown.',
  service: 'names',
  severity: 'high',
  controls: { 'pci-dss-4.0.1': ['6.4.1', '12.5.1'] },
  evaluate(_model, analysis) {
    const inputs = Object.entries(analysis.names.longestInputs).map(([k, v]) => `${k} = ${v.length} characters`).join(', ');
    const refused: Check[] = analysis.names.longestErrors.map((d) => check('non-compliant', { address: d.location?.file ?? 'configuration', location: d.location ?? { file: '(configuration)', line: 0 } },
      `with the longest inputs the root accepts (${inputs}) the configuration is refused: ${d.message}`, d.location));
    return resultOf([...refused, ...analysis.names.facts.map((fact): Check => {
      const object = { address: fact.address, location: fact.location };
      if (fact.unknown) return check('unknown', object, `${fact.address}'s ${fact.rule.what} contains ${fact.unknown}, whose length is known only after apply (${fact.rule.doc})`, fact.location);
      const written = fact.written !== undefined ? problem(fact, fact.written) : undefined;
      if (written) return check('non-compliant', object, `${fact.address}'s ${fact.rule.what} "${fact.written}" ${written} (${fact.rule.doc})`, fact.location, fact.written ?? null);
      const longest = fact.longest !== undefined && fact.longest !== fact.written ? problem(fact, fact.longest) : undefined;
      if (longest) return check('non-compliant', object, `${fact.address}'s ${fact.rule.what} ${longest} with the longest inputs the validation accepts (${inputs}): "${fact.longest}" (${fact.rule.doc})`, fact.location, fact.longest ?? null);
      return check('compliant', object, `${fact.address}'s ${fact.rule.what} fits AWS's limits (${fact.longest?.length ?? fact.written?.length} of ${fact.rule.max} characters at the longest inputs)`, fact.location);
    })]);
  },
};
