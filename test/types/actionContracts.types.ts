/**
 * Type-level tests, checked by `tsc -p tsconfig.json --noEmit` (the first step of `npm test`):
 * each `@ts-expect-error` line must fail to compile, or tsc reports the directive as unused. They
 * prove the action tables are typed from the contracts' generated `operations`, so an action
 * answering the wrong shape, or reading a parameter its operation does not have, is a compile error.
 * (A field beyond the contract's in a non-literal answer is structural typing's blind spot; the
 * tests' response validation against the contract catches it at run time.)
 */
import { rpcAction, type ActionCall } from '#simulator/aliyun/action.js';
import { dyiotapiContract, linkcardContract } from '#simulator/aliyun/contracts.js';
import type { GslActionTable, GslCall } from '#simulator/huawei/gsl/call.js';

// GSL: the right shape compiles.
({ ShowRealNamed: () => ({ iccid: '8986', real_named: true }) }) satisfies GslActionTable;

// @ts-expect-error an answer of nonsense is not ShowRealNamedResponse
({ ShowRealNamed: () => ({ nonsense: true }) }) satisfies GslActionTable;

// @ts-expect-error real_named is a boolean in the contract
({ ShowRealNamed: () => ({ iccid: '8986', real_named: 'yes' }) }) satisfies GslActionTable;

// A named action function, as the tables hold them: its declared result is checked too.
function wrongShowRealNamed(_call: GslCall<undefined>): { iccid: number; real_named: boolean } {
  return { iccid: 8986, real_named: true };
}
// @ts-expect-error iccid is a string in the contract
({ ShowRealNamed: wrongShowRealNamed }) satisfies GslActionTable;

// @ts-expect-error ShowRealNamed has no parameter `msisdn` to require
({ ShowRealNamed: (_call: GslCall<{ msisdn: string }>) => ({ iccid: '8986', real_named: true }) }) satisfies GslActionTable;

// The paging defaults are filled in by the gateway, so a list action reads a number.
({ ListTags: ({ params }) => ({ limit: params.limit, offset: params.offset, count: 0, tags: [] }) }) satisfies GslActionTable;

// Alibaba: linkcard's action answers the envelope's Data, Dyiotapi's the envelope's own fields.
rpcAction(linkcardContract, 'GetRealNameStatus', () => ({ Desc: 'ok', RealNameStatus: 'REAL_NAME' }));

// @ts-expect-error an answer of nonsense is not GetRealNameStatusData
rpcAction(linkcardContract, 'GetRealNameStatus', () => ({ nonsense: true }));

// @ts-expect-error no such linkcard action
rpcAction(linkcardContract, 'GetRealNameStatusTypo', () => ({ Desc: 'ok', RealNameStatus: 'REAL_NAME' }));

// @ts-expect-error GetRealNameStatus has no parameter Msisdn to require
rpcAction(linkcardContract, 'GetRealNameStatus', (_call: ActionCall<{ Msisdn: string }>) => ({ Desc: 'ok', RealNameStatus: 'REAL_NAME' }));

rpcAction(dyiotapiContract, 'QueryCardStatus', () => ({ CardStatus: { Iccid: '8986', Msisdn: '1064', UserStatus: 'active' } }));

// @ts-expect-error Dyiotapi's QueryCardStatus answers CardStatus beside the envelope, not inside Data
rpcAction(dyiotapiContract, 'QueryCardStatus', () => ({ Data: { CardStatus: { Iccid: '8986', Msisdn: '1064', UserStatus: 'active' } } }));
