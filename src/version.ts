/**
 * The package's version, for `--version` and `GET /_sim/health`. A constant rather than a read of
 * package.json: the engine also runs in a browser. test/cli/version.test.ts keeps it equal to
 * package.json's.
 */
export const VERSION = '0.1.0';
