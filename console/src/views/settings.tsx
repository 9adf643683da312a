import { useState } from 'preact/hooks';
import { api, get, send, type Schemas } from '../api.js';
import { count, LIFECYCLE_STATES, STATE_WORDS } from '../format.js';
import { bumpWorld, say } from '../store.js';
import { useData } from '../useData.js';

type Settings = Schemas['Settings'];

/** Settings as numbers to type, with what each means (context.ts holds the full story). */
const NUMBERS: Array<[keyof Settings, string]> = [
  ['signatureWindowMs', 'Signature window (ms): how far a signed timestamp may be from the clock'],
  ['huaweiWorkOrderDurationMs', 'Huawei work order duration (simulated ms)'],
  ['aliyunOperationDurationMs', 'Alibaba async operation duration (simulated ms)'],
  ['aliyunRequestsPerSecond', 'Alibaba flow control (requests/s per account and API; 0 off)'],
  ['huaweiRequestsPerSecond', 'Huawei flow control (requests/s per account and API; 0 off)'],
  ['journalLimit', 'Journal size (entries kept)'],
];

export function SettingsPage() {
  return (
    <>
      <h1>Settings and world</h1>
      <SettingsForm />
      <World />
      <AddCard />
    </>
  );
}

function SettingsForm() {
  const { data, reload } = useData(() => get<Settings>('settings'), []);
  const [draft, setDraft] = useState<Partial<Settings>>({});
  if (!data) return <p class="muted">Loading…</p>;
  const value = <K extends keyof Settings>(key: K): Settings[K] => (key in draft ? (draft[key] as Settings[K]) : data[key]);
  const set = (patch: Partial<Settings>) => setDraft({ ...draft, ...patch });
  const toggle = (key: 'aliyunUnavailableProducts', item: string) => {
    const list = value(key) as string[];
    set({ [key]: list.includes(item) ? list.filter((x) => x !== item) : [...list, item] } as Partial<Settings>);
  };
  return (
    <section aria-labelledby="settings">
      <h2 id="settings">Settings</h2>
      <form
        class="settings"
        onSubmit={async (e) => {
          e.preventDefault();
          if (Object.keys(draft).length === 0) return say('Nothing changed');
          try {
            await api('PATCH', 'settings', draft);
            setDraft({});
            reload();
            bumpWorld();
            say(`Settings saved: ${Object.keys(draft).join(', ')}`);
          } catch (err) {
            say(`Settings: ${(err as Error).message}`, true);
          }
        }}
      >
        <label>
          Auth mode
          <select value={value('authMode')} onChange={(e) => set({ authMode: e.currentTarget.value as Settings['authMode'] })}>
            <option value="strict">strict: bad signatures refused</option>
            <option value="warn">warn: served, failure journalled</option>
            <option value="off">off: nothing verified</option>
          </select>
        </label>
        <label>
          Alibaba page sizes outside 10/15/25/40
          <select
            value={value('aliyunPageSizePolicy')}
            onChange={(e) => set({ aliyunPageSizePolicy: e.currentTarget.value as Settings['aliyunPageSizePolicy'] })}
          >
            <option value="reject">reject (as Alibaba)</option>
            <option value="accept">accept 1–100</option>
          </select>
        </label>
        <label>
          Dyiotapi business error status
          <select
            value={String(value('dyiotapiBusinessErrorStatus'))}
            onChange={(e) => {
              const chosen = e.currentTarget.value;
              set({ dyiotapiBusinessErrorStatus: chosen === 'published' ? 'published' : (Number(chosen) as 200 | 400 | 404) });
            }}
          >
            <option value="published">as published (400, 404 for isv.SYSTEM_ERROR)</option>
            <option value="200">200 (as the live service has answered)</option>
            <option value="400">400 for all</option>
            <option value="404">404 for all</option>
          </select>
        </label>
        {NUMBERS.map(([key, label]) => (
          <label>
            {label}
            <input
              type="number"
              min="0"
              value={String(value(key))}
              onInput={(e) => set({ [key]: Number(e.currentTarget.value) } as Partial<Settings>)}
            />
          </label>
        ))}
        <fieldset>
          <legend>Alibaba products unavailable</legend>
          {['linkcard', 'dyiotapi'].map((product) => (
            <label class="inline">
              <input
                type="checkbox"
                checked={(value('aliyunUnavailableProducts') as string[]).includes(product)}
                onChange={() => toggle('aliyunUnavailableProducts', product)}
              />{' '}
              {product}
            </label>
          ))}
        </fieldset>
        <p class="muted">Carrier outages are on the Faults page.</p>
        <div class="row">
          <button type="submit" disabled={Object.keys(draft).length === 0}>
            Save settings
          </button>
          <button type="button" class="ghost" disabled={Object.keys(draft).length === 0} onClick={() => setDraft({})}>
            Discard
          </button>
        </div>
      </form>
    </section>
  );
}

function World() {
  const [busy, setBusy] = useState(false);
  const act = async (label: string, call: () => Promise<string>) => {
    setBusy(true);
    try {
      say(`${label}: ${await call()}`);
      bumpWorld();
    } catch (err) {
      say(`${label}: ${(err as Error).message}`, true);
    } finally {
      setBusy(false);
    }
  };
  const summary = (s: Schemas['WorldSummary']) => `scenario ${s.scenario}, ${count(s.cards)} cards`;
  return (
    <section aria-labelledby="world">
      <h2 id="world">The world</h2>
      <p class="muted">
        An export is the scenario plus what changed since it was generated: small even for a million cards. Load it here, with --scenario or
        --state-file.
      </p>
      <div class="row">
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            act('Export', async () => {
              const res = await send('GET', 'state');
              if (!res.ok) throw new Error(`HTTP ${res.status}`);
              const blob = await res.blob();
              const link = document.createElement('a');
              link.href = URL.createObjectURL(blob);
              link.download = `iotcard-sim-world-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`;
              link.click();
              setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
              return `downloaded ${link.download}`;
            })
          }
        >
          Export (download)
        </button>
        <label class="button">
          Import (upload)…
          <input
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            disabled={busy}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void act('Import', async () => summary(await api('PUT', 'scenario', await file.text())));
            }}
          />
        </label>
        <button
          type="button"
          class="danger"
          disabled={busy}
          onClick={() =>
            confirm('Reset the world to the scenario as generated? Every change since is dropped (the clock stays).') &&
            act('Reset', async () => summary(await api('POST', 'reset')))
          }
        >
          Reset
        </button>
      </div>
    </section>
  );
}

function AddCard() {
  const overview = useData(() => get<Schemas['Overview']>('overview'), []).data;
  const [form, setForm] = useState({ account: '', iccid: '', plan: '', state: '' });
  const account = form.account || overview?.accounts[0]?.id || '';
  const plans = overview?.accounts.find((a) => a.id === account)?.plans ?? [];
  return (
    <section aria-labelledby="add-card">
      <h2 id="add-card">Add a card</h2>
      <form
        class="filters"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const card = await api<Schemas['SimCard']>('POST', 'cards', {
              account,
              iccid: form.iccid.trim(),
              ...(form.plan ? { plan: form.plan } : {}),
              ...(form.state ? { state: form.state } : {}),
            });
            say(`Card ${card.iccid} added`);
            bumpWorld();
            location.hash = `#/card/${card.iccid}`;
          } catch (err) {
            say(`Add card: ${(err as Error).message}`, true);
          }
        }}
      >
        <label>
          Account
          <select value={account} onChange={(e) => setForm({ ...form, account: e.currentTarget.value, plan: '' })}>
            {overview?.accounts.map((a) => (
              <option value={a.id}>{a.id}</option>
            ))}
          </select>
        </label>
        <label class="grow">
          ICCID (Luhn-valid, unused)
          <input
            type="text"
            inputMode="numeric"
            required
            pattern="\d{19,20}"
            value={form.iccid}
            onInput={(e) => setForm({ ...form, iccid: e.currentTarget.value })}
          />
        </label>
        <label>
          Plan
          <select value={form.plan} onChange={(e) => setForm({ ...form, plan: e.currentTarget.value })}>
            <option value="">derived</option>
            {plans.map((p) => (
              <option value={p.id}>{p.id}</option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={form.state} onChange={(e) => setForm({ ...form, state: e.currentTarget.value })}>
            <option value="">derived</option>
            {LIFECYCLE_STATES.map((s) => (
              <option value={s}>{STATE_WORDS[s]}</option>
            ))}
          </select>
        </label>
        <button type="submit">Add card</button>
      </form>
    </section>
  );
}
