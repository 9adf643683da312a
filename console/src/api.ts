import type { components } from '../../contracts/generated/sim-control.js';
import { tokenDeclined } from './store.js';

/** The control plane's shapes, generated from contracts/sim-control.openapi.json: one source. */
export type Schemas = components['schemas'];
export type SimCard = Schemas['SimCard'];
export type Clock = Schemas['Clock'];
export type JournalEntry = Schemas['JournalEntry'];

/** The page is served at <prefix>/_sim/, so the control plane is this folder. */
export const BASE = location.pathname.replace(/[^/]*$/, '');

const TOKEN_KEY = 'iotcard-sim.controlToken';

/** The control token, once asked for: kept for the tab, or for good if the user chose so. */
let token: string | undefined = sessionStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(TOKEN_KEY) ?? undefined;

/** Who shows the token dialog (the App); answers the token typed, or undefined if dismissed. */
let askForToken: ((wrong: boolean) => Promise<{ token: string; remember: boolean } | undefined>) | undefined;
let asking: Promise<boolean> | undefined;

export function onTokenNeeded(ask: typeof askForToken): void {
  askForToken = ask;
}

/**
 * A 401 means the simulator wants its control token (it listens beyond loopback): ask once, even
 * when several requests were refused together, and keep the answer.
 */
async function obtainToken(): Promise<boolean> {
  // Dismissed: do not ask again on every refused call (the live feed retries); the header offers it.
  if (tokenDeclined.value) return false;
  asking ??= (async () => {
    const answer = await askForToken?.(token !== undefined);
    asking = undefined;
    if (!answer) {
      tokenDeclined.set(true);
      return false;
    }
    token = answer.token;
    sessionStorage.setItem(TOKEN_KEY, token);
    if (answer.remember) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
    return true;
  })();
  return asking;
}

export function forgetToken(): void {
  token = undefined;
  sessionStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(TOKEN_KEY);
}

export function authHeaders(): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** A control-plane error: its `{error: {code, message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Fetches from the control plane with the token, asking for it on a 401. */
export async function send(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<Response> {
  for (;;) {
    const res = await fetch(BASE + path, {
      ...init,
      method,
      headers: { ...authHeaders(), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    if (res.status === 401 && (await obtainToken())) continue;
    return res;
  }
}

/** A JSON call to the control plane; throws ApiError with the plane's own code and message. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body);
  const json = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
  if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? `HTTP ${res.status}`, json?.error?.message ?? res.statusText);
  return json as T;
}

export const get = <T>(path: string) => api<T>('GET', path);

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') q.set(name, String(value));
  const text = q.toString();
  return text ? `?${text}` : '';
}
