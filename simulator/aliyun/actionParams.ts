import type { Contract } from '../../contracts/openapi.js';
import type { EngineContext } from '../../src/engine/context.js';
import { AliyunError } from './errors.js';
import { listParam, normaliseBoolean } from './rpcParams.js';

/** How one contract parameter is read from the merged RPC parameters. */
export interface ParameterSpec {
  readonly name: string;
  readonly kind: 'scalar' | 'boolean' | 'array';
  /** The page sizes the vendor documents (`x-aliyun-page-sizes`), enforced per settings. */
  readonly pageSizes?: readonly number[];
}

/** Read once per action when the product tables are built, never per request. */
export function parameterPlan(contract: Contract, operationId: string): ParameterSpec[] {
  const parameters = contract.operation(operationId).operation.parameters ?? [];
  return parameters
    .filter((p) => p.in === 'query')
    .map((p) => {
      const type = p.schema?.['type'];
      const pageSizes = p.schema?.['x-aliyun-page-sizes'] as number[] | undefined;
      return {
        name: p.name,
        kind: type === 'boolean' ? 'boolean' : type === 'array' ? 'array' : 'scalar',
        ...(pageSizes ? { pageSizes } : {}),
      };
    });
}

/**
 * The action's parameters as an object for the contract to validate: only the ones it declares
 * (the gateway ignores the rest, as Alibaba's does), arrays in either style, booleans in any
 * case, and empty values treated as absent.
 */
export function collectParameters(specs: readonly ParameterSpec[], all: ReadonlyMap<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    if (spec.kind === 'array') {
      const list = listParam(all, spec.name);
      if (list !== undefined) values[spec.name] = list;
      continue;
    }
    const value = all.get(spec.name);
    if (value === undefined || value === '') continue;
    values[spec.name] = spec.kind === 'boolean' ? normaliseBoolean(value) : value;
  }
  return values;
}

/** Alibaba's common RPC parameters, which any action may carry. */
export const COMMON_PARAMETERS: ReadonlySet<string> = new Set([
  'Action',
  'Version',
  'Format',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'SignatureType',
  'Timestamp',
  'RegionId',
  'SecurityToken',
  'OwnerId',
  'OwnerAccount',
  'ResourceOwnerId',
  'ResourceOwnerAccount',
]);

const declaredNames = new WeakMap<readonly ParameterSpec[], ReadonlySet<string>>();

/**
 * Names a request carries that are neither common nor declared by its action: the gateway
 * ignores them, as Alibaba's does, so only the journal can tell a client it sends what nobody
 * reads (a typo in a parameter name is the usual cause). Repeat-list arrays arrive as Name.1.
 * Undefined when there are none (the usual case allocates nothing).
 */
export function undeclaredParameters(specs: readonly ParameterSpec[], all: ReadonlyMap<string, string>): string[] | undefined {
  let names = declaredNames.get(specs);
  if (!names) declaredNames.set(specs, (names = new Set(specs.map((p) => p.name))));
  let out: string[] | undefined;
  for (const name of all.keys()) {
    if (COMMON_PARAMETERS.has(name) || names.has(name)) continue;
    const dot = name.lastIndexOf('.');
    if (dot > 0 && /^\d+$/.test(name.slice(dot + 1)) && names.has(name.slice(0, dot))) continue;
    (out ??= []).push(name);
  }
  return out;
}

/** Validates (coercing in place) against the contract; throws the vendor's parameter error. */
export function checkParameters(
  contract: Contract,
  operationId: string,
  specs: readonly ParameterSpec[],
  values: Record<string, unknown>,
  ctx: EngineContext,
): void {
  const issue = contract.checkParameters(operationId, ['query'], values);
  if (issue) throw new AliyunError(issue.kind === 'missing' ? 'MissingParameter' : 'InvalidParameter', { name: issue.name });
  if (ctx.settings.aliyunPageSizePolicy === 'accept') return;
  for (const spec of specs) {
    if (spec.pageSizes && values[spec.name] !== undefined && !spec.pageSizes.includes(values[spec.name] as number)) {
      throw new AliyunError('InvalidParameter', { name: spec.name });
    }
  }
}
