import type { Rule } from '../types.ts';
import { noPanInOutputs } from './no-pan-in-outputs.ts';

export const dataRules: Rule[] = [noPanInOutputs];
