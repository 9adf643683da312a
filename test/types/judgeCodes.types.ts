/**
 * Type-level tests, checked by `tsc -p tsconfig.json --noEmit` (the first step of `npm test`):
 * each `@ts-expect-error` line must fail to compile. They prove that the codes src/judge groups
 * and expects are read from the vendors' catalogues through the surfaces' public entries, so a
 * code the simulator never answers (a typo, another vendor's spelling) is a compile error.
 */
import type { VendorErrorCode } from '#src/judge/verify/codes.js';

// Each vendor's catalogue, through its public entry, is in.
export const known: readonly VendorErrorCode[] = ['Throttling.User', 'isv.IOT_RES_NOT_EXIST', 'APIGW.0308', 'GSL.00016016'];

// @ts-expect-error Alibaba's gateway answers Throttling.User; the simulator never answers bare Throttling
export const bare: VendorErrorCode = 'Throttling';

// @ts-expect-error GSL's codes have eight digits (the documentation's nine are typos)
export const nineDigits: VendorErrorCode = 'GSL.000160051';
