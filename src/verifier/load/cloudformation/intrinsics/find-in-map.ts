// Fn::FindInMap: [MapName, TopLevelKey, SecondLevelKey].
import type { Value } from '../../types.ts';
import { fail, isUnknown, unknown, type Intrinsic } from '../context.ts';
import { plain } from '../json-positions.ts';

export const findInMap: Intrinsic = {
  name: 'Fn::FindInMap',
  evaluate(argument, ctx, evaluate, line) {
    if (argument.type !== 'array' || argument.items.length < 3) {
      return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]');
    }
    const keys = argument.items.slice(0, 3).map((item) => evaluate(item, ctx));
    if (keys.some(isUnknown))
      return unknown('Fn::FindInMap', keys.map((k) => (typeof k === 'string' ? k : '?')).join('.'));
    if (!keys.every((k) => typeof k === 'string'))
      return fail(ctx, line, 'cfn-bad-intrinsic', 'Fn::FindInMap keys must be strings');
    const [mapName, top, second] = keys as string[];
    const map = ctx.mappings?.type === 'object' ? ctx.mappings.entries.get(mapName!)?.value : undefined;
    if (map?.type !== 'object') return fail(ctx, line, 'cfn-mapping-missing', `Fn::FindInMap: no mapping "${mapName}"`);
    const level = map.entries.get(top!)?.value;
    const found = level?.type === 'object' ? level.entries.get(second!)?.value : undefined;
    // AWS::LanguageExtensions: [Map, Top, Second, { "DefaultValue": … }] when the keys are not in the map.
    const fallback =
      argument.items[3]?.type === 'object' ? argument.items[3].entries.get('DefaultValue')?.value : undefined;
    if (!found && fallback) return evaluate(fallback, ctx);
    if (!found)
      return fail(ctx, line, 'cfn-mapping-missing', `Fn::FindInMap: mapping "${mapName}" has no ${top}.${second}`);
    return plain(found) as Value;
  },
};
