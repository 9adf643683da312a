import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import './style.css';
import { forgetToken, get, onTokenNeeded, query, type JournalEntry, type Schemas } from './api.js';
import { ClockBar } from './clockBar.js';
import { openEvents } from './live.js';
import { addJournal, addJournalGap, bumpWorld, clock, liveStatus, notice, tokenDeclined, useStore, type JournalGap } from './store.js';
import { chooseTheme, themeChoice, type ThemeChoice } from './theme.js';
import { CardPage } from './views/card.js';
import { CardsPage } from './views/cards.js';
import { FaultsPage } from './views/faults.js';
import { LivePage } from './views/live.js';
import { OverviewPage } from './views/overview.js';
import { SettingsPage } from './views/settings.js';

/** Where the page is: `#/cards?state=active`, `#/card/8986…`, … (the hash, so reloads and links keep it). */
export interface Route {
  name: string;
  arg: string | undefined;
  params: URLSearchParams;
}

function currentRoute(): Route {
  const [path = '', search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name = 'overview', arg] = path.split('/');
  return { name: name || 'overview', arg: arg ? decodeURIComponent(arg) : undefined, params: new URLSearchParams(search) };
}

const NAV = [
  ['overview', 'Overview'],
  ['cards', 'Cards'],
  ['live', 'Live requests'],
  ['faults', 'Faults'],
  ['settings', 'Settings & world'],
] as const;

function App() {
  const [route, setRoute] = useState(currentRoute);
  const [tokenAsk, setTokenAsk] = useState<{
    wrong: boolean;
    resolve: (answer: { token: string; remember: boolean } | undefined) => void;
  }>();
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    addEventListener('hashchange', onHash);
    onTokenNeeded((wrong) => new Promise((resolve) => setTokenAsk({ wrong, resolve })));
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => startLiveFeed(), []);
  useEffect(() => {
    // '/' jumps to the card search from anywhere, as in most data browsers.
    const onKey = (e: KeyboardEvent) => {
      const typing =
        e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        if (currentRoute().name !== 'cards') location.hash = '#/cards';
        setTimeout(() => document.getElementById('card-search')?.focus(), 0);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  const active = route.name === 'card' ? 'cards' : route.name;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="brand">
          <img src="console/icon.svg" alt="" width="22" height="22" />
          <span>iotcard-sim</span>
        </div>
        <nav aria-label="Views">
          {NAV.map(([name, label]) => (
            <a href={`#/${name}`} aria-current={active === name ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <TokenButton />
        <ThemeToggle />
      </header>
      <ClockBar />
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
      <Notice />
      {tokenAsk && (
        <TokenDialog
          wrong={tokenAsk.wrong}
          onDone={(answer) => {
            tokenAsk.resolve(answer);
            setTokenAsk(undefined);
          }}
        />
      )}
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'cards':
      return <CardsPage params={route.params} />;
    case 'card':
      return <CardPage iccid={route.arg ?? ''} />;
    case 'live':
      return <LivePage />;
    case 'faults':
      return <FaultsPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return <OverviewPage />;
  }
}

/** The journal's recent past, then every entry and change as it happens (one stream for the page). */
function startLiveFeed(): () => void {
  // A write carries up to LIVE_MAX_PER_WRITE entries: added together once its events are parsed, not one by one.
  let arrived: JournalEntry[] = [];
  const addArrived = () => {
    const entries = arrived;
    arrived = [];
    addJournal(entries);
  };
  const stop = openEvents(
    (name, data) => {
      if (name === 'journal') {
        if (arrived.length === 0) queueMicrotask(addArrived);
        arrived.push(data as JournalEntry);
      } else if (name === 'skipped') addJournalGap(data as JournalGap);
      else if (name === 'clock') clock.set({ state: data as Schemas['Clock'], at: Date.now() });
      else if (name === 'change') {
        clock.set({ state: (data as { clock: Schemas['Clock'] }).clock, at: Date.now() });
        bumpWorld();
      }
    },
    (status) => {
      liveStatus.set(status);
      // (Re)connected: fetch the entries that came while away. The stream is open first, so none fall between.
      if (status === 'live') void loadRecentJournal();
    },
  );
  return stop;
}

async function loadRecentJournal(): Promise<void> {
  const head = await get<Schemas['JournalPage']>(`journal${query({ limit: 1 })}`).catch(() => undefined);
  if (!head) return;
  const page = await get<Schemas['JournalPage']>(`journal${query({ offset: Math.max(0, head.total - 200), limit: 200 })}`).catch(
    () => undefined,
  );
  if (page) addJournal(page.entries);
}

/** After the token dialog was dismissed: ask again, and fetch what the page shows. */
function TokenButton() {
  const declined = useStore(tokenDeclined);
  if (!declined) return null;
  return (
    <button
      type="button"
      onClick={() => {
        tokenDeclined.set(false);
        bumpWorld();
      }}
    >
      Enter control token
    </button>
  );
}

function ThemeToggle() {
  const choice = useStore(themeChoice);
  const next: Record<ThemeChoice, ThemeChoice> = { auto: 'light', light: 'dark', dark: 'auto' };
  return (
    <button class="ghost theme" type="button" onClick={() => chooseTheme(next[choice])} title="Light, dark or as the system says">
      Theme: {choice}
    </button>
  );
}

function Notice() {
  const current = useStore(notice);
  const [, tick] = useState(0);
  useEffect(() => {
    if (!current) return;
    const t = setTimeout(() => tick((n) => n + 1), 6000);
    return () => clearTimeout(t);
  }, [current]);
  if (!current || Date.now() - current.at > 6000) return null;
  return (
    <div class={`notice ${current.error ? 'error' : ''}`} role={current.error ? 'alert' : 'status'}>
      {current.text}
    </div>
  );
}

/** Asks for the control token once (the simulator answered 401); kept for the tab, or remembered. */
function TokenDialog({ wrong, onDone }: { wrong: boolean; onDone: (answer: { token: string; remember: boolean } | undefined) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState('');
  const [remember, setRemember] = useState(false);
  useEffect(() => {
    if (wrong) forgetToken();
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="token" onCancel={() => onDone(undefined)} aria-labelledby="token-title">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) onDone({ token: value.trim(), remember });
        }}
      >
        <h2 id="token-title">Control token</h2>
        <p>
          {wrong ? 'That token was refused. ' : ''}This simulator listens beyond loopback, so its control plane wants the token it was
          started with (ask whoever runs it; docs/console.md).
        </p>
        <label>
          Token
          <input type="password" autoFocus autoComplete="current-password" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </label>
        <label class="inline">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} /> Remember on this browser
        </label>
        <div class="row">
          <button type="submit">Use token</button>
          <button type="button" class="ghost" onClick={() => onDone(undefined)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

const root = document.getElementById('app')!;
root.textContent = ''; // the "Loading…" line the page shows before the script runs
render(<App />, root);
