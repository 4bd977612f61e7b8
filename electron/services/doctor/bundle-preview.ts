/**
 * "Preview before saving": the bundle is collected once (doctor run + every part, redacted),
 * kept under an id for a while, described to the view, and — when the user presses Save —
 * those very entries are written. What was shown is what is saved, even though the logs kept
 * growing in between. Bounded: a few previews, each forgotten after a quarter of an hour.
 */
import { randomBytes } from 'node:crypto';
import type { DoctorBundlePreview, DoctorBundleResult, DoctorReport } from '../../ipc/types';
import { PlugsmithError } from '../errors';
import { collectBundle, previewBundle, writeBundle, type BundleEntry } from './bundle';
import { DoctorFacts, type DoctorOptions } from './facts';
import { runDoctor } from './runner';

export interface BundlePreviewDeps {
  /** The doctor's options for a plugin (the DoctorService's, so defaults and settings agree). */
  options: (args: { plugin?: string }) => DoctorOptions;
  env?: NodeJS.ProcessEnv;
  /** Runs the doctor for the bundle's report on the facts the bundle then reads (tests pass a cheaper one). */
  run?: (opts: DoctorOptions, facts: DoctorFacts) => Promise<DoctorReport>;
  now?: () => number;
  ttlMs?: number;
  keep?: number;
}

interface Held {
  entries: BundleEntry[];
  redactions: number;
  expires: number;
}

export class BundlePreviews {
  private held = new Map<string, Held>();

  constructor(private readonly deps: BundlePreviewDeps) {}

  private get now() {
    return (this.deps.now ?? Date.now)();
  }

  private prune(): void {
    const now = this.now;
    for (const [id, h] of this.held) if (h.expires <= now) this.held.delete(id);
    const keep = this.deps.keep ?? 4;
    // Oldest first in a Map: drop from the front.
    while (this.held.size > keep) this.held.delete(this.held.keys().next().value as string);
  }

  async preview(args: { plugin?: string } = {}): Promise<DoctorBundlePreview> {
    const opts = this.deps.options(args);
    const facts = new DoctorFacts(opts);
    const report = await (this.deps.run ?? ((o, f) => runDoctor(o, undefined, undefined, null, f)))(opts, facts);
    const { entries, redactions } = await collectBundle(opts, report, this.deps.env ?? process.env, facts);
    return this.hold(entries, redactions);
  }

  /** Keeps already collected entries under a new id (preview() and tests). */
  hold(entries: BundleEntry[], redactions: number): DoctorBundlePreview {
    this.prune();
    const id = `bp-${randomBytes(8).toString('hex')}`;
    const created = this.now;
    const expires = created + (this.deps.ttlMs ?? 15 * 60_000);
    this.held.set(id, { entries, redactions, expires });
    this.prune();
    const files = previewBundle(entries);
    return {
      id,
      files,
      redactions,
      totalBytes: files.reduce((n, f) => n + f.bytes, 0),
      createdAt: new Date(created).toISOString(),
      expiresAt: new Date(expires).toISOString(),
    };
  }

  /** Writes the previewed entries, unchanged, to path. */
  async save(path: string, id: string): Promise<DoctorBundleResult> {
    this.prune();
    const h = this.held.get(id);
    if (!h) throw new PlugsmithError('doctor/preview-expired', 'This bundle preview is no longer held by the service (it expired, or the service restarted): preview again, then save.', id);
    const bytes = await writeBundle(path, h.entries);
    return { path, bytes, redactions: h.redactions };
  }
}
