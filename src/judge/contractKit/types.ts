/** How the suite reaches the simulator: a real HTTP server on loopback, or MSW in this process. */
export type ContractTransport = 'http' | 'msw';

/** Where and as whom the client under test must talk. */
export interface ClientTarget<Credentials> {
  /** Base URL with scheme: `http://127.0.0.1:PORT`, or the vendor's production URL under MSW. */
  readonly endpoint: string;
  /** `host[:port]` without scheme, the form Alibaba's Tea clients take as `endpoint`. */
  readonly host: string;
  readonly protocol: 'http' | 'https';
  readonly credentials: Credentials;
}

export interface AliyunCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

export interface HuaweiCredentials {
  readonly ak: string;
  readonly sk: string;
  readonly projectId: string;
}

/**
 * One card as the client reports it, in the kit's units: data in KB (1 MB = 1024 KB), whatever
 * unit the vendor printed. Optional fields are compared when given, so an adapter reports what
 * its client knows.
 */
export interface CardFacts {
  readonly iccid: string;
  readonly msisdn?: string;
  readonly imsi?: string;
  readonly dataUsedKB: number;
  /**
   * The card's state as the API codes it: linkcard `Status` (`"30"` in use, `"35"` stopped, …),
   * GSL `sim_status` (`20` in use, …); compared as text, so `30` and `"30"` are the same code.
   */
  readonly status?: string | number;
  /** What is left of the period's data allowance, in KB: linkcard `PeriodRestFlow`, GSL `flow_left` (MB). */
  readonly dataRemainingKB?: number;
}

/** A card as a listing reports it: only its identity is checked. */
export interface ListedCard {
  readonly iccid: string;
}

/** A simulator already running (a service shared by CI jobs), reached over HTTP. */
export interface RunningSimulator {
  /** Its base URL, e.g. `http://iotcard-sim:8986`. */
  readonly url: string;
  /** Its control plane; default `<url>/_sim`. */
  readonly controlUrl?: string;
  /** The control-plane token, sent as `Authorization: Bearer <token>` (needed when it listens beyond loopback). */
  readonly token?: string;
}

/** What every suite needs from its user. */
export interface ContractAdapter<Client, Credentials, Operations, Clause extends string> {
  /** Shown in the suite's title. */
  readonly name?: string;
  /** Default 'http'. */
  readonly transport?: ContractTransport;
  /**
   * Run the clauses against this running simulator instead of one the kit starts (a function is
   * called when the clauses run, so a URL known only then, e.g. from a globalSetup, works). Each
   * clause reloads the contract scenario there: the suite takes the service over while it runs.
   */
  readonly simulator?: RunningSimulator | (() => RunningSimulator);
  createClient(target: ClientTarget<Credentials>): Client | Promise<Client>;
  /** How each contract operation maps onto the client; leave out what it does not implement (and skip its clauses). */
  readonly operations: Partial<Operations>;
  /** The vendor error code a failed call surfaces (`SignatureDoesNotMatch`, `GSL.00011001`, …), or undefined. */
  errorCode(error: unknown): string | undefined;
  /** Clauses not to run, by name, where the client deliberately does not implement an operation. */
  readonly skip?: readonly Clause[];
}
