/**
 * The editor's one door to the config model (electron/services/config, pure and
 * browser-safe): the local lint, field docs for hover, field names and known values
 * for completion and the form's pickers. Everything the editor knows about Docker's
 * and Contiv's rules comes through here, so the raw view, the form and the CLI
 * judge a file the same way.
 */
import type { ConfigReport, HostFacts } from '../../../electron/ipc/types';
import { docsFor, KNOWN_VALUES, lintConfig, matchField, typeAt, type GoType } from '../../../electron/services/config';
import { contivChecks, detectContivProfile } from '../../../electron/services/config/contiv';
import type { PathSeg } from './jsontree';

export interface FieldDoc {
  /** The canonical name (`Linux.Capabilities`). */
  name: string;
  meaning: string;
  rule?: string;
  values?: string[];
}

export interface Option {
  label: string;
  detail?: string;
}

/** What the CodeMirror extensions ask; an interface so they can be tested without the model. */
export interface ModelHelpers {
  docFor(path: PathSeg[]): FieldDoc | null;
  keysAt(path: PathSeg[]): Option[];
  valuesAt(path: PathSeg[]): Option[];
}

/**
 * The pure lint with Contiv's profile and checks, as the service runs it; host facts
 * (when loaded) let the IP and uplink rules run locally too.
 */
export function lintLocal(text: string, pluginName?: string, facts?: HostFacts | null): ConfigReport {
  return lintConfig(text, {
    ...(pluginName ? { pluginName } : {}),
    detectProfile: detectContivProfile,
    extraChecks: [contivChecks({ pluginName, facts: facts ?? null })],
  });
}

const structOf = (t: GoType | null): Extract<GoType, { k: 'struct' }> | null =>
  !t ? null : t.k === 'struct' ? t : t.k === 'ptrStruct' ? t.target : null;

/** A path as written (`linux`, `capabilities`) → the canonical one (`Linux`, `Capabilities`), like the engine matches. */
export function canonicalPath(path: PathSeg[]): PathSeg[] | null {
  const out: PathSeg[] = [];
  for (const seg of path) {
    const t = typeAt(out);
    if (typeof seg === 'number') {
      if (t?.k !== 'slice') return null;
      out.push(seg);
      continue;
    }
    const s = structOf(t);
    const m = s && matchField(s, seg);
    if (!m) return null;
    out.push(m.field.name);
  }
  return out;
}

const dotted = (path: PathSeg[]) => path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[]` : acc ? `${acc}.${seg}` : seg), '');

export const helpers: ModelHelpers = {
  docFor(path) {
    const c = canonicalPath(path);
    if (!c) return null;
    const d = docsFor(c);
    if (!d) return null;
    return { name: dotted(c), meaning: d.meaning, rule: d.rule, values: [d.allowed] };
  },
  keysAt(path) {
    const c = canonicalPath(path);
    const s = c && structOf(typeAt(c));
    if (!s) return [];
    return s.fields
      .filter((f) => f.name !== 'rootfs' && f.name !== 'DockerVersion')
      .map((f) => {
        const meaning = docsFor([...c, f.name])?.meaning;
        // The documented spelling: camelCase at the top level, as Docker's docs write config.json.
        return { label: c.length === 0 ? f.name[0].toLowerCase() + f.name.slice(1) : f.name, detail: meaning?.split('. ')[0] };
      });
  },
  valuesAt(path) {
    const c = canonicalPath(path);
    if (!c) return [];
    const key = dotted(c).replace(/\[\]/g, '');
    if (key === 'Interface.Types') return interfaceTypeOptions();
    if (key === 'Linux.Capabilities') return capabilityOptions();
    if (key === 'Network.Type') return networkTypeOptions();
    if (key.endsWith('.Settable')) {
      const field = key.startsWith('Mounts') ? 'source' : key.startsWith('Linux.Devices') ? 'path' : 'value';
      // Only the one field `docker plugin set` can change is worth offering.
      return [{ label: field }];
    }
    return [];
  },
};

export const interfaceTypeOptions = (): Option[] => KNOWN_VALUES.interfaceTypes.map((v) => ({ label: v.type, detail: v.meaning }));
export const capabilityOptions = (): Option[] => KNOWN_VALUES.capabilities.map((v) => ({ label: v.name, detail: v.meaning }));
export const networkTypeOptions = (): Option[] => KNOWN_VALUES.networkTypes.map((v) => ({ label: v.value, detail: v.meaning }));
