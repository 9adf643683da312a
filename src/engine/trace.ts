/** What an injected fault that short-circuits a request asks the engine to do. */
export type ShortCircuit = { kind: 'error'; code: string } | { kind: 'http'; status: number } | { kind: 'drop' };

/**
 * Thrown at the checkpoint when a fault rule says the request fails. A vendor gateway turns an
 * 'error' into its own catalogue error (so the product's envelope applies); anything it does not
 * map reaches the engine, which answers the vendor's system error or drops the connection.
 */
export class InjectedFault extends Error {
  constructor(
    readonly effect: ShortCircuit,
    readonly ruleId: string,
  ) {
    super(`injected fault ${ruleId}: ${effect.kind}`);
    this.name = 'InjectedFault';
  }
}

/** How a request's credentials fared: checked and good, checked and bad, or not checked (authMode 'off'). */
export type AuthResult = 'passed' | 'failed' | 'skipped';

/**
 * What the gateways learn about one request while answering it, for the fault rules (which match
 * on vendor, account, action) and the journal. Plain fields, written once each: cheap enough
 * for every request. Never holds a secret: no header values, no bodies.
 */
export class RequestTrace {
  vendor: 'aliyun' | 'huawei' | undefined;
  /** The account the request acts for, once authentication has resolved it. */
  account: string | undefined;
  /** Alibaba's Action or Huawei's operationId. */
  action: string | undefined;
  auth: AuthResult | undefined;
  /** `<code>: <message>` of the authentication failure (served anyway in 'warn' mode). */
  authError: string | undefined;
  /** The string-to-sign the server expected, when a signature did not match. */
  stringToSign: string | undefined;
  /** The canonical request behind it (Huawei), when a signature did not match. */
  canonicalRequest: string | undefined;
  /** The headers the client said it signed (names only), when a signature did not match. */
  signedHeaders: string | undefined;
  /**
   * The operation's own parameters as the gateway read them (the ones its contract declares:
   * ICCID, page number and size, …), never a common or signing parameter: a reference to the
   * object the gateway builds anyway, so recording it costs nothing.
   */
  params: Readonly<Record<string, unknown>> | undefined;
  /** Names the request carries that its operation does not declare (the gateway ignores them). */
  unknownParams: readonly string[] | undefined;
  /** How many items a listing holds in all (its Total / count), when the request was a listing. */
  total: number | undefined;
  /** The vendor error code answered, if any. */
  errorCode: string | undefined;
  /** What exactly was wrong, where the vendor's published message is generic (GSL's 参数异常). */
  errorDetail: string | undefined;
  /** Its message as answered (which parameter, which page size). */
  errorMessage: string | undefined;
  /** Latency added by fault rules, in ms. */
  delayMs = 0;
  /** The fault rule that acted on this request. */
  faultId: string | undefined;
  /** Set by the engine: the fault rules' look at the request once account and action are known. */
  checkpoint: ((trace: RequestTrace) => void) | undefined;

  /** Called by a gateway once it knows who calls which API; an injected fault may throw from here. */
  reached(account: string, action: string): void {
    this.account = account;
    this.action = action;
    this.checkpoint?.(this);
  }

  authFailed(error: { code: string; message: string }, stringToSign?: string, canonicalRequest?: string, signedHeaders?: string): void {
    this.auth = 'failed';
    this.authError = `${error.code}: ${error.message}`;
    if (stringToSign !== undefined) this.stringToSign = stringToSign;
    if (canonicalRequest !== undefined) this.canonicalRequest = canonicalRequest;
    if (signedHeaders !== undefined) this.signedHeaders = signedHeaders;
  }
}
