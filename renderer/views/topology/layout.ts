/** The layout worker's client (elk refinement): one worker for the screen's life, requests matched by id. */
import type { GroupInput, GroupLayout } from './layout-core';

export class LayoutWorker {
  private worker: Worker;
  private seq = 0;
  private pending = new Map<number, (out: Record<string, GroupLayout>) => void>();

  constructor() {
    // Bundled by Vite as its own file under 'self': allowed by the CSP's worker-src.
    this.worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<{ id: number; out: Record<string, GroupLayout> }>) => {
      const done = this.pending.get(ev.data.id);
      this.pending.delete(ev.data.id);
      done?.(ev.data.out);
    };
  }

  run = (groups: GroupInput[]): Promise<Record<string, GroupLayout>> =>
    new Promise((resolve) => {
      const id = ++this.seq;
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, groups });
    });

  dispose(): void {
    this.worker.terminate();
    // Whoever waits gets nothing (falls back to grids) rather than hanging.
    for (const done of this.pending.values()) done({});
    this.pending.clear();
  }
}
