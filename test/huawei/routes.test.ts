import { describe, expect, it } from 'vitest';
import { gslContract } from '#simulator/huawei/contract.js';
import { GSL_ACTIONS } from '#simulator/huawei/gsl/actions.js';
import { matchRoute, ROUTES } from '#simulator/huawei/routes.js';

describe('GSL routes', () => {
  it('publishes every operation of the contract once each, at its method and path', () => {
    const published = gslContract.operationIds();
    expect(published.length).toBeGreaterThan(0);
    expect(ROUTES.map((r) => r.operationId).sort()).toEqual([...published].sort());
    expect(new Set(ROUTES.map((r) => `${r.method} ${r.template}`)).size).toBe(published.length);
    for (const route of ROUTES) {
      const { method, path } = gslContract.operation(route.operationId);
      expect(`${route.method} ${route.template}`).toBe(`${method} ${path}`);
    }
  });

  it('has a contract operation, at the same method and path, for every emulated action', () => {
    for (const operationId of Object.keys(GSL_ACTIONS)) {
      const route = ROUTES.find((r) => r.operationId === operationId);
      const { method, path } = gslContract.operation(operationId);
      expect(route && `${route.method} ${route.template}`).toBe(`${method} ${path}`);
    }
    for (const operationId of gslContract.operationIds()) expect(GSL_ACTIONS[operationId]).toBeTypeOf('function');
  });

  it('matches paths and decodes their parameters', () => {
    expect(matchRoute('GET', '/v1/sim-cards')?.route.operationId).toBe('ListSimCards');
    expect(matchRoute('GET', '/v1/sim-cards/4710226018477568')).toMatchObject({
      route: { operationId: 'ShowSimCard' },
      pathParams: { sim_card_id: '4710226018477568' },
    });
    expect(matchRoute('POST', '/v1/sim-cards/month-usages')?.route.operationId).toBe('ShowMonthUsages');
    expect(matchRoute('POST', '/v1/sim-cards/0/reset')?.pathParams).toEqual({ sim_card_id: '0' });
    expect(matchRoute('DELETE', '/v1/tags/a%20b')?.pathParams).toEqual({ tag_id: 'a b' });
    expect(matchRoute('GET', '/v1/sim-cards/')).toBeUndefined();
    expect(matchRoute('PUT', '/v1/sim-cards')).toBeUndefined();
    expect(matchRoute('GET', '/v1/sim-cards/1/2')).toBeUndefined();
  });
});

describe('GSL contract extensions', () => {
  it('names the error family of every operation', () => {
    for (const operationId of gslContract.operationIds()) {
      expect([operationId, gslContract.extension(operationId, 'x-gsl-error-family')]).toEqual([
        operationId,
        expect.stringMatching(/^GSL\.000[12]$/),
      ]);
    }
  });
});

describe('GSL paging defaults', () => {
  // call.ts types limit and offset as always present because the contract defaults them (ajv fills
  // the default in before the action runs): every operation that pages must say so.
  it('gives every limit and offset parameter a default in the contract', () => {
    for (const operationId of gslContract.operationIds()) {
      for (const p of gslContract.operation(operationId).operation.parameters ?? []) {
        if (p.name === 'limit' || p.name === 'offset')
          expect([operationId, p.name, p.schema?.['default']]).toEqual([operationId, p.name, p.name === 'limit' ? 10 : 1]);
      }
    }
  });
});
