#!/usr/bin/env node
import { createProgram } from './program.js';

createProgram()
  .parseAsync()
  .catch((err: unknown) => {
    process.stderr.write(`iotcard-sim: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
