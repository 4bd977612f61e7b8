/**
 * What the Contiv checks read from a config, and how they report.
 *
 * The config model (services/config) decodes config.json the way the engine does, into moby's
 * PascalCase plugin Config struct. These types name only the part Contiv cares about, as loosely
 * as possible, so the model's richer `DecodedConfig` is assignable to `ContivConfigView` whatever
 * it says about the fields we do not read. Browser-safe: the renderer's Contiv form imports this.
 */
import type { Finding } from '../types';

export interface ContivEnvEntry {
  readonly Name?: string | null;
  readonly Description?: string | null;
  /** Go's *string: null means "absent until `docker plugin set`". */
  readonly Value?: string | null;
  readonly Settable?: readonly string[] | null;
}

export interface ContivMountEntry {
  readonly Name?: string | null;
  readonly Source?: string | null;
  readonly Destination?: string | null;
  readonly Type?: string | null;
}

export interface ContivConfigView {
  readonly Env?: readonly ContivEnvEntry[] | null;
  readonly Mounts?: readonly ContivMountEntry[] | null;
  /** Types may reach us as strings (`docker.networkdriver/1.0`) or as moby's {Prefix, Capability, Version}. */
  readonly Interface?: { readonly Types?: readonly unknown[] | null; readonly Socket?: string | null } | null;
  readonly Entrypoint?: readonly string[] | null;
  readonly Network?: { readonly Type?: string | null } | null;
}

/** One finding: the config model's own `Finding` (what its lint hook `ExtraCheck` returns), not a copy of it. */
export type ContivFinding = Finding;

export type ContivCheck = (view: ContivConfigView) => ContivFinding[];

/** An env entry with its index, its value as the process will see it ('' when null/absent). */
export interface EnvSlot {
  index: number;
  name: string;
  value: string;
  /** True when the config has no value at all (null): the process gets no variable. */
  unset: boolean;
}

/**
 * Env entries by name. The engine passes env to the process in config order, and a later entry
 * of the same name wins in a POSIX environment, so the last one is kept.
 */
export function envSlots(view: ContivConfigView): Map<string, EnvSlot> {
  const out = new Map<string, EnvSlot>();
  const env = Array.isArray(view.Env) ? view.Env : [];
  env.forEach((e, index) => {
    if (!e || typeof e.Name !== 'string' || e.Name === '') return;
    const unset = e.Value === null || e.Value === undefined;
    out.set(e.Name, { index, name: e.Name, value: unset ? '' : String(e.Value), unset });
  });
  return out;
}

export function valuePath(slot: EnvSlot): (string | number)[] {
  return ['Env', slot.index, 'Value'];
}
