import type { Rule, Severity } from '../types.ts';

export interface PackEntry {
  rule: Rule;
  severity: Severity;
}

export interface Pack {
  id: string;
  title: string;
  entries: PackEntry[];
}
