/**
 * Test support (Node only, never imported by app code): loads the real configs from ../shared
 * into the view the checks read.
 *
 * Until the config model's decoder lands, this does the small part of Go's decoding the Contiv
 * fields need: case-insensitive key matching (ASCII is enough for these files) and Contiv's own
 * template step (drop `##` lines) plus the one historical trailing comma, so the historical
 * templates can be read too. The model's decoder should replace `toView` when it exists.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContivConfigView } from './view';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..', '..', '..');
export const sharedDir = join(repoRoot, '..', 'shared');
export const corpusDir = join(sharedDir, 'corpus', 'plugin-configs');

/** Contiv's template step (sed '/##/d') and tolerance for the trailing comma fixed upstream in 8a93f7de. */
export function lenientParse(text: string): unknown {
  const cleaned = text
    .split('\n')
    .filter((l) => !l.includes('##'))
    .join('\n')
    .replace(/,(\s*[\]}])/g, '$1');
  return JSON.parse(cleaned);
}

function pick(obj: unknown, key: string): unknown {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  let found: unknown;
  // Go: an exact match wins, otherwise the last case-insensitive match.
  for (const [k, v] of Object.entries(obj)) {
    if (k === key) return v;
    if (k.toLowerCase() === key.toLowerCase()) found = v;
  }
  return found;
}

function pickObjects(obj: unknown, key: string, fields: string[]): Record<string, unknown>[] | null {
  const arr = pick(obj, key);
  if (!Array.isArray(arr)) return null;
  return arr.map((item) => Object.fromEntries(fields.map((f) => [f, pick(item, f) ?? null])));
}

export function toView(raw: unknown): ContivConfigView {
  const iface = pick(raw, 'Interface');
  const network = pick(raw, 'Network');
  return {
    Env: pickObjects(raw, 'Env', ['Name', 'Description', 'Value', 'Settable']) as ContivConfigView['Env'],
    Mounts: pickObjects(raw, 'Mounts', ['Name', 'Source', 'Destination', 'Type']) as ContivConfigView['Mounts'],
    Interface: { Types: (pick(iface, 'Types') as unknown[]) ?? null, Socket: (pick(iface, 'Socket') as string) ?? '' },
    Entrypoint: (pick(raw, 'Entrypoint') as string[]) ?? null,
    Network: { Type: (pick(network, 'Type') as string) ?? '' },
  };
}

export function loadShared(rel: string): ContivConfigView {
  return toView(lenientParse(readFileSync(join(sharedDir, rel), 'utf8')));
}

export function corpusFiles(): string[] {
  return readdirSync(corpusDir).filter((f) => f.endsWith('.json'));
}

export function loadCorpus(file: string): ContivConfigView {
  return toView(lenientParse(readFileSync(join(corpusDir, file), 'utf8')));
}

/** A deep copy with one env value replaced (or the entry appended when missing). */
export function withEnv(view: ContivConfigView, changes: Record<string, string | null>): ContivConfigView {
  const env = (view.Env ?? []).map((e) => ({ ...e }));
  for (const [name, value] of Object.entries(changes)) {
    const i = env.findIndex((e) => e.Name === name);
    if (i >= 0) env[i] = { ...env[i], Value: value };
    else env.push({ Name: name, Description: '', Value: value, Settable: ['value'] });
  }
  return { ...view, Env: env };
}
