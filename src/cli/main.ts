#!/usr/bin/env node
import { createProgram } from './program.js';

// `iotcard-sim verify …` has a command line of its own (src/cli/verify.ts), loaded only when asked for.
const run =
  process.argv[2] === 'verify'
    ? import('./verify.js').then((verify) => verify.runVerifyCommand(process.argv.slice(3)))
    : createProgram().parseAsync();
run.catch((err: unknown) => {
  process.stderr.write(`iotcard-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
