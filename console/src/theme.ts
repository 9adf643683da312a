import { Store } from './store.js';
export { useStore } from './store.js';

export type ThemeChoice = 'auto' | 'light' | 'dark';
const KEY = 'iotcard-sim.theme';

/** The theme in force ('light' or 'dark'): the user's choice, else the system's preference. */
export const theme = new Store<'light' | 'dark'>('light');
export const themeChoice = new Store<ThemeChoice>((localStorage.getItem(KEY) as ThemeChoice | null) ?? 'auto');

const dark = matchMedia('(prefers-color-scheme: dark)');

function apply(): void {
  const choice = themeChoice.value;
  const mode = choice === 'auto' ? (dark.matches ? 'dark' : 'light') : choice;
  document.documentElement.dataset.theme = mode;
  if (theme.value !== mode) theme.set(mode);
}

export function chooseTheme(choice: ThemeChoice): void {
  localStorage.setItem(KEY, choice);
  themeChoice.set(choice);
  apply();
}

dark.addEventListener('change', apply);
apply();
