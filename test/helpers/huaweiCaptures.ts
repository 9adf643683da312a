import { readFileSync } from 'node:fs';
import type { SimRequest } from '#src/engine/simRequest.js';
import { splitTarget } from '#src/engine/simRequest.js';

/** A request captured from @huaweicloud/huaweicloud-sdk-core (copied from shared/reference/sdk-captures). */
export interface Capture {
  name: string;
  secret: string;
  request: { method: string; url: string; headers: Record<string, string>; body: string };
}

// Copied from shared/reference/sdk-captures so the suite runs wherever the repository does.
const CAPTURES = new URL('../huawei/captures/', import.meta.url);

export function loadCapture(name: string): Capture {
  return JSON.parse(readFileSync(new URL(`${name}.json`, CAPTURES), 'utf8')) as Capture;
}

export function captureRequest(capture: Capture, change: Partial<SimRequest> = {}): SimRequest {
  const { path, rawQuery } = splitTarget(capture.request.url);
  return {
    method: capture.request.method,
    path,
    rawQuery,
    headers: { ...capture.request.headers },
    body: new TextEncoder().encode(capture.request.body),
    ...change,
  };
}

/** The instant a capture was signed at (its X-Sdk-Date). */
export function captureInstant(capture: Capture): number {
  const d = capture.request.headers['x-sdk-date']!;
  return Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15));
}
