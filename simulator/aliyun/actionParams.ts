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
