/**
 * What a signing scheme reads from a request, in the terms the common checks need (who signed,
 * when, with which nonce) and how to check the signature once the secret is known. Each scheme
 * (signatureV1.ts, signatureAcs3.ts) produces one; authenticate.ts runs the checks in the
 * gateway's order.
 */
export interface SignedRequest {
  readonly scheme: 'v1' | 'acs3';
  readonly accessKeyId: string | undefined;
  readonly accessKeyIdName: string;
  readonly timestamp: string | undefined;
  /** How the client named the timestamp (Timestamp, x-acs-date), for MissingParameter. */
  readonly timestampName: string;
  readonly nonce: string | undefined;
  readonly nonceName: string;
  verify(secret: string): { matches: boolean; stringToSign: string };
}
