import { useEffect, useRef, useState } from 'preact/hooks';
import { worldVersion, useStore } from './store.js';

/**
 * What a view shows, fetched again whenever its inputs change or the world changed (a live
 * `change` event): each view asks only for what it shows, never the whole world. The last answer
 * stays on screen while the next is on its way.
 */
export function useData<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): { data: T | undefined; error: Error | undefined; reload: () => void } {
  const version = useStore(worldVersion);
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    load().then(
      (value) => {
        if (call !== latest.current) return;
        setData(value);
        setError(undefined);
      },
      (err: Error) => {
        if (call === latest.current) setError(err);
      },
    );
  }, [...deps, version, nonce]);
  return { data, error, reload: () => setNonce((n) => n + 1) };
}
