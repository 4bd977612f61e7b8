/**
 * What the side panels (Privileges, Contiv settings) show while the text is one the engine would
 * refuse (bad JSON mid-typing, a wrong type): the last report the engine would have accepted,
 * marked stale — not "the plugin asks for no privileges" and not a vanished Contiv panel, which
 * read as facts about a config that merely does not parse for a moment.
 */
import type { ConfigReport } from '../../../electron/ipc/types';

export interface PanelView {
  /** The text the report was computed on (the Contiv panel reads values and positions from it). */
  text: string;
  report: ConfigReport;
  /** True when this is an earlier text's report because the current one does not decode. */
  stale: boolean;
}

/** `last`: the previous good view (or null). Returns the view to show now, and the good view to keep. */
export function panelView(last: PanelView | null, text: string, report: ConfigReport | null): { view: PanelView | null; keep: PanelView | null } {
  if (report && report.decoded !== null) {
    const view = { text, report, stale: false };
    return { view, keep: view };
  }
  if (last) return { view: { ...last, stale: true }, keep: last };
  return { view: null, keep: null };
}
