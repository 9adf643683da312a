import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// @huaweicloud/huaweicloud-sdk-core writes ~/.huaweicloud/application_id on first use.
process.env.HOME = mkdtempSync(join(tmpdir(), 'iotcard-sim-home-'));
