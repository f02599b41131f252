import type { Rule } from '../types.ts';
import { classificationDeclared } from './classification-declared.ts';
import { noPanInOutputs } from './no-pan-in-outputs.ts';

export const dataRules: Rule[] = [noPanInOutputs, classificationDeclared];
