import { createHash, createHmac } from 'node:crypto';
import type { Digests } from './digests.js';

/** node:crypto implementation of {@link Digests}; used by the Node entry points only. */
export const nodeDigests: Digests = {
  sha256Hex: (data) => createHash('sha256').update(data).digest('hex'),
  hmacSha256Hex: (key, data) => createHmac('sha256', key).update(data, 'utf8').digest('hex'),
  hmacSha1Base64: (key, data) => createHmac('sha1', key).update(data, 'utf8').digest('base64'),
};
