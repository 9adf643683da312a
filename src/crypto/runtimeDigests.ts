import { pureDigests, type Digests } from './digests.js';

/** The few node:crypto calls the digests need, typed here so nothing imports node:crypto. */
interface NodeCrypto {
  createHash(algorithm: string): { update(data: Uint8Array | string): { digest(encoding: 'hex'): string } };
  createHmac(
    algorithm: string,
    key: Uint8Array | string,
  ): { update(data: string, encoding: 'utf8'): { digest(encoding: 'hex' | 'base64'): string } };
}

/**
 * The digests for code that runs anywhere (the MSW entry): node:crypto where the runtime offers
 * it without an import (`process.getBuiltinModule`, Node ≥ 20.16, Bun, Deno), pure JavaScript
 * elsewhere (a browser). No `node:` import, so a browser bundle never sees one. Hashing in pure
 * JavaScript was a third of the engine's cost of a signed call under MSW in Node; both give
 * identical bytes (test/crypto: the same vectors through both).
 */
export function runtimeDigests(): Digests {
  const crypto = nodeCrypto();
  if (!crypto) return pureDigests;
  return {
    sha256Hex: (data) => crypto.createHash('sha256').update(data).digest('hex'),
    hmacSha256Hex: (key, data) => crypto.createHmac('sha256', key).update(data, 'utf8').digest('hex'),
    hmacSha1Base64: (key, data) => crypto.createHmac('sha1', key).update(data, 'utf8').digest('base64'),
  };
}

function nodeCrypto(): NodeCrypto | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return runtime?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  } catch {
    return undefined;
  }
}
