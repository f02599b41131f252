// Reading a function's environment against its contract: every variable the code reads is declared there.
import { ConfigurationError } from '../core/index.ts';
import type { FunctionContract } from '../core/contract.ts';

export function readEnvironment(
  contract: FunctionContract,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const missing: string[] = [];
  for (const variable of contract.environment) {
    const value = env[variable.name];
    if (value === undefined || value === '') {
      if (variable.required) missing.push(variable.name);
      out[variable.name] = undefined;
    } else out[variable.name] = value;
  }
  if (missing.length > 0) throw new ConfigurationError(`missing environment variables: ${missing.join(', ')}`);
  return out;
}
