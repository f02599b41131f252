// What the RDS rules share: the parameter group an instance uses, and the engine family.
import type { DbInstance, DbParameterGroup, Model } from '../../model/model.ts';

export function parameterGroupOf(model: Model, db: DbInstance): DbParameterGroup | undefined {
  return model.dbParameterGroups.find((g) => g.address === db.parameterGroup.target || (db.parameterGroup.literal !== undefined && g.name.value === db.parameterGroup.literal));
}

export type EngineKind = 'postgres' | 'mysql' | 'other';

export function engineKind(engine: string | undefined): EngineKind {
  if (engine === undefined) return 'other';
  if (/postgres/i.test(engine)) return 'postgres';
  if (/mysql|maria/i.test(engine)) return 'mysql';
  return 'other';
}
