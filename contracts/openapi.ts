import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * The parts of an OpenAPI 3.1 document the simulator reads. The documents in this folder are
 * the single source of every request and response shape: handlers use the types generated from
 * them, the gateways validate parameters with them, and the tests validate every response.
 */
export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
  description?: string;
}
export type JsonSchema = Record<string, unknown>;
export interface OpenApiResponse {
  description?: string;
  content?: Record<string, { schema: JsonSchema }>;
}
/** A response written once in components/responses and referred to by the operations that share it. */
export interface OpenApiResponseRef {
  $ref: `#/components/responses/${string}`;
}
export interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, OpenApiResponse | OpenApiResponseRef>;
  [extension: `x-${string}`]: unknown;
}
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, OpenApiOperation | unknown>>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    responses?: Record<string, OpenApiResponse>;
    parameters?: Record<string, OpenApiParameter>;
  };
}

/** A parameter written once in components/parameters (GSL's paging pair) and referred to by the operations that share it. */
export interface OpenApiParameterRef {
  $ref: `#/components/parameters/${string}`;
}

export interface LocatedOperation {
  method: string;
  path: string;
  operation: OpenApiOperation;
}

export interface ValidationIssue {
  /** 'missing' for an absent required value; 'invalid' for a value of the wrong type, range or enum. */
  kind: 'missing' | 'invalid';
  /** The parameter (or body property path) at fault. */
  name: string;
  /** The JSON Schema keyword that failed (required, maxItems, type, …), for vendors whose code depends on it. */
  keyword: string;
  message: string;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** The 200 body of a generated operation type (openapi-typescript's `operations[K]`). */
export type SuccessBody<Op> = Op extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

/** The query and path parameters of a generated operation type, as one object. */
export type OperationParams<Op> = Op extends { parameters: { query?: infer Q; path?: infer P } }
  ? ([NonNullable<Q>] extends [never] ? unknown : NonNullable<Q>) & ([NonNullable<P>] extends [never] ? unknown : NonNullable<P>)
  : never;

/** The JSON request body of a generated operation type (undefined for operations without one). */
export type OperationBody<Op> = Op extends { requestBody?: infer R }
  ? [NonNullable<R>] extends [never]
    ? undefined
    : NonNullable<R> extends { content: { 'application/json': infer B } }
      ? B
      : undefined
  : undefined;

/**
 * Compiles and caches the validators of one OpenAPI document. `Operations` is the document's
 * generated `operations` type, so code holding the contract can type each operation from it.
 */
export class Contract<Operations = unknown> {
  /** Types only: the generated operations of this document. */
  declare readonly operationTypes?: Operations;

  private readonly operations = new Map<string, LocatedOperation>();
  // Built on first use: each instance costs tens of milliseconds, and a server that never checks
  // a response (only tests do) never needs the strict one.
  private lenientAjv: Ajv2020 | undefined;
  private strictAjv: Ajv2020 | undefined;
  private readonly docId: string;
  private readonly cache = new Map<string, ValidateFunction>();
  // The parameters an operation checks are filtered once, with their validator: every request of
  // a GSL list operation used to refilter its ~30 declared parameters.
  private readonly parameterCheckers = new Map<string, { params: OpenApiParameter[]; validate: ValidateFunction }>();

  constructor(readonly document: OpenApiDocument) {
    this.docId = `urn:iotcard-sim:${document.info.title.replace(/[^A-Za-z0-9]+/g, '-')}`;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.has(method)) continue;
        const operation = this.resolveParameters(op as OpenApiOperation);
        this.operations.set(operation.operationId, { method: method.toUpperCase(), path, operation });
      }
    }
  }

  /**
   * The operation with its shared parameters (`$ref` to components/parameters) written out, so
   * everything that reads an operation's parameters sees each one whole.
   */
  private resolveParameters(operation: OpenApiOperation): OpenApiOperation {
    const listed = operation.parameters as Array<OpenApiParameter | OpenApiParameterRef> | undefined;
    if (!listed?.some((p) => '$ref' in p)) return operation;
    const parameters = listed.map((p) => {
      if (!('$ref' in p)) return p;
      const shared = this.document.components?.parameters?.[p.$ref.slice('#/components/parameters/'.length)];
      if (!shared) throw new Error(`${this.document.info.title}: ${operation.operationId} refers to missing ${p.$ref}`);
      return shared;
    });
    return { ...operation, parameters };
  }

  /** Parameters arrive as strings: coerce them the way the vendor's gateway does. */
  private get lenient(): Ajv2020 {
    return (this.lenientAjv ??= this.makeAjv({ coerceTypes: 'array', useDefaults: true }));
  }

  /** Responses must match the document exactly, types included. */
  private get strict(): Ajv2020 {
    return (this.strictAjv ??= this.makeAjv({ coerceTypes: false, useDefaults: false }));
  }

  /**
   * The document's schemas checked against the JSON Schema 2020-12 meta-schema (for tests). The
   * validators skip that check, which is costly at start-up (docs/performance.md, "Decisions the
   * figures made").
   */
  schemaErrors(): string[] {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const defs: Record<string, JsonSchema> = { ...this.document.components?.schemas };
    for (const [id, { operation }] of this.operations) {
      for (const p of operation.parameters ?? []) if (p.schema) defs[`${id}.${p.in}.${p.name}`] = p.schema;
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) defs[`${id}.body.${type}`] = media.schema;
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const [type, media] of Object.entries(this.resolveResponse(response).content ?? {}))
          defs[`${id}.${status}.${type}`] = media.schema;
      }
    }
    if (ajv.validateSchema({ $id: this.docId, $defs: this.rebase(defs) })) return [];
    return (ajv.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`.trim());
  }

  operation(operationId: string): LocatedOperation {
    const op = this.operations.get(operationId);
    if (!op) throw new Error(`${this.document.info.title}: no operation ${operationId}`);
    return op;
  }

  operationIds(): string[] {
    return [...this.operations.keys()];
  }

  hasOperation(operationId: string): boolean {
    return this.operations.has(operationId);
  }

  /** An operation's `x-…` field (undefined when the operation or the field is absent). */
  extension(operationId: string, name: `x-${string}`): unknown {
    return this.operations.get(operationId)?.operation[name];
  }

  /** A response as written, or the components/responses entry it refers to. */
  resolveResponse(response: OpenApiResponse | OpenApiResponseRef): OpenApiResponse {
    if (!('$ref' in response)) return response;
    const name = response.$ref.slice('#/components/responses/'.length);
    const shared = this.document.components?.responses?.[name];
    if (!shared) throw new Error(`${this.document.info.title}: no response ${response.$ref}`);
    return shared;
  }

  /**
   * Validates (and coerces in place) the named parameters of an operation, given as one object
   * keyed by parameter name. Returns the first issue, or undefined when the input is valid.
   */
  checkParameters(operationId: string, where: OpenApiParameter['in'][], values: Record<string, unknown>): ValidationIssue | undefined {
    const key = `params:${operationId}:${where.join(',')}`;
    let checker = this.parameterCheckers.get(key);
    if (!checker) {
      const params = (this.operation(operationId).operation.parameters ?? []).filter((p) => where.includes(p.in));
      const schema = {
        type: 'object',
        properties: Object.fromEntries(params.map((p) => [p.name, this.rebase(p.schema ?? {})])),
        required: params.filter((p) => p.required).map((p) => p.name),
      };
      checker = { params, validate: this.lenient.compile(schema) };
      this.parameterCheckers.set(key, checker);
    }
    const { params, validate } = checker;
    return plainNumberIssue(params, values, (ref) => this.resolve(ref)) ?? (validate(values) ? undefined : toIssue(validate.errors ?? []));
  }

  /** Validates (and coerces in place) a JSON request body. */
  checkBody(operationId: string, body: unknown): ValidationIssue | undefined {
    const validate = this.compiled(`body:${operationId}`, this.lenient, () => {
      const content = this.operation(operationId).operation.requestBody?.content ?? {};
      const media = content['application/json'] ?? Object.values(content)[0];
      return media?.schema ?? {};
    });
    return validate(body) ? undefined : toIssue(validate.errors ?? []);
  }

  /** Checks a response body against the document; returns every error (for tests). */
  responseErrors(operationId: string, status: number, body: unknown): string[] {
    const validate = this.compiled(`response:${operationId}:${status}`, this.strict, () => {
      const responses = this.operation(operationId).operation.responses;
      const response = responses[String(status)] ?? responses['default'];
      if (!response) throw new Error(`${operationId}: the contract documents no ${status} response`);
      const content = this.resolveResponse(response).content ?? {};
      const media = content['application/json'] ?? Object.values(content)[0];
      return media?.schema ?? {};
    });
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`.trim());
  }

  private compiled(key: string, ajv: Ajv2020, schemaOf: () => JsonSchema): ValidateFunction {
    let validate = this.cache.get(key);
    if (!validate) {
      validate = ajv.compile(this.rebase(schemaOf()));
      this.cache.set(key, validate);
    }
    return validate;
  }

  private makeAjv(options: { coerceTypes: false | 'array'; useDefaults: boolean }): Ajv2020 {
    const ajv = new Ajv2020({ ...options, allErrors: false, strict: false, validateFormats: true, validateSchema: false });
    addFormats(ajv);
    // The components are registered once under the document's id; local refs are rebased onto it.
    ajv.addSchema({ $id: this.docId, $defs: this.rebase(this.document.components?.schemas ?? {}) });
    return ajv;
  }

  /** A local '#/components/schemas/X' reference's schema (one level), else the schema itself. */
  private resolve(schema: JsonSchema): JsonSchema {
    const ref = schema['$ref'];
    if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) return schema;
    return this.document.components?.schemas?.[ref.slice('#/components/schemas/'.length)] ?? schema;
  }

  /**
   * Rewrites '#/components/schemas/X' references to the registered document, and bounds every
   * integer without bounds of its own to the safe integers: JSON's 1e308 is an "integer" to JSON
   * Schema, but no vendor's Long holds it, and past 2^53 JavaScript loses the digits anyway.
   */
  private rebase(schema: JsonSchema): JsonSchema {
    return JSON.parse(JSON.stringify(schema).replace(/"#\/components\/schemas\//g, `"${this.docId}#/$defs/`), (_key, value: unknown) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      const node = value as JsonSchema;
      const type = node['type'];
      if (type !== 'integer' && !(Array.isArray(type) && type.includes('integer'))) return node;
      return { minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, ...node };
    }) as JsonSchema;
  }
}

const DECIMAL_INTEGER = /^[+-]?\d{1,16}$/;
const DECIMAL_NUMBER = /^[+-]?(\d{1,16}(\.\d{1,16})?|\.\d{1,16})$/;

/**
 * Numbers in a query or path arrive as text, and the vendors' Java backends read them as
 * decimal: ajv's coercion would also take `0x1`, `1e308`, ` 1` or `1.0` for an integer (it
 * compares with `+value`). Those are refused here, as Integer.valueOf / Long.valueOf refuse them.
 */
function plainNumberIssue(
  params: readonly OpenApiParameter[],
  values: Record<string, unknown>,
  resolve: (schema: JsonSchema) => JsonSchema,
): ValidationIssue | undefined {
  for (const p of params) {
    const value = values[p.name];
    if (value === undefined) continue;
    const schema = resolve(p.schema ?? {});
    const items = schema['type'] === 'array' ? resolve((schema['items'] as JsonSchema | undefined) ?? {}) : schema;
    const type = items['type'];
    const kind =
      type === 'integer' || (Array.isArray(type) && type.includes('integer'))
        ? 'integer'
        : type === 'number' || (Array.isArray(type) && type.includes('number'))
          ? 'number'
          : undefined;
    if (!kind) continue;
    const pattern = kind === 'integer' ? DECIMAL_INTEGER : DECIMAL_NUMBER;
    for (const text of Array.isArray(value) ? value : [value]) {
      if (typeof text === 'string' && !pattern.test(text)) {
        return {
          kind: 'invalid',
          name: p.name,
          keyword: 'type',
          message: `${p.name} must be ${kind === 'integer' ? 'an integer' : 'a number'} written in decimal digits`,
        };
      }
    }
  }
  return undefined;
}

function toIssue(errors: ErrorObject[]): ValidationIssue {
  const e = errors[0]!;
  if (e.keyword === 'required') {
    const name = (e.params as { missingProperty: string }).missingProperty;
    const parent = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    return { kind: 'missing', name: parent ? `${parent}.${name}` : name, keyword: e.keyword, message: `${name} is required` };
  }
  const name = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(body)';
  return { kind: 'invalid', name, keyword: e.keyword, message: `${name} ${e.message ?? 'is invalid'}` };
}
