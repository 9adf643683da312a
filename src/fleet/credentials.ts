import { DuplicateCard } from './errors.js';
import type { Account } from './model.js';

/** One credential as a gateway looks it up: the account it acts for and the scheme's own material. */
export interface Credential<Material> {
  readonly account: Account;
  readonly material: Material;
}

/** A credential an account holds: its scheme, the id it is looked up by, and its material. */
export interface HeldCredential<Schemes> {
  readonly scheme: keyof Schemes & string;
  readonly id: string;
  /** What duplicate errors call the id ("AccessKeyId", "AK"). */
  readonly idName: string;
  readonly material: Schemes[keyof Schemes];
}

/** The look-up half of the registry: what the vendor gateways are given. */
export interface CredentialLookup<Schemes> {
  /** The credential `id` names under `scheme`, with its account; undefined when nobody holds it. */
  lookup<S extends keyof Schemes & string>(scheme: S, id: string): Credential<Schemes[S]> | undefined;
}

/**
 * Credentials by signing scheme, then by id. The registry knows no scheme: the names are opaque
 * keys of `Schemes` (a map from scheme name to its material type), so it stays vendor-neutral and
 * each gateway gets its own material's type back. An id belongs to one account under its scheme:
 * a second holder is refused when its account is added, before anything of that account is kept.
 */
export class CredentialRegistry<Schemes> implements CredentialLookup<Schemes> {
  private readonly bySchemeAndId = new Map<string, Map<string, Credential<unknown>>>();

  lookup<S extends keyof Schemes & string>(scheme: S, id: string): Credential<Schemes[S]> | undefined {
    return this.bySchemeAndId.get(scheme)?.get(id) as Credential<Schemes[S]> | undefined;
  }

  /** Checks every credential of the account first (against the registry and each other), then keeps them all. */
  add(account: Account, held: Iterable<HeldCredential<Schemes>>): void {
    const credentials = [...held];
    const seen = new Set<string>();
    for (const { scheme, id, idName } of credentials) {
      const key = `${scheme}\n${id}`;
      if (seen.has(key) || this.bySchemeAndId.get(scheme)?.has(id)) throw new DuplicateCard(idName, id);
      seen.add(key);
    }
    for (const { scheme, id, material } of credentials) {
      let byId = this.bySchemeAndId.get(scheme);
      if (!byId) this.bySchemeAndId.set(scheme, (byId = new Map()));
      byId.set(id, { account, material });
    }
  }
}
