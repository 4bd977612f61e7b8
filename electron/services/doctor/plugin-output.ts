/**
 * A plugin's own story in the engine's log, for every plugin (Contiv or not): its own last output
 * (stdout/stderr lines the engine tags `plugin=<id>`), the engine's own word on its last enable
 * (`Handler for POST …/plugins/<name>/enable returned error: …`), and how often its process was
 * started and ended (`starting signal loop … /<id>`, `shim disconnected id=<id>`). The engine logs
 * no exit code for a plugin's process, so "exited" is as far as the log can tell. Pure.
 */
import { messageOf, pluginLines } from './engine-log';

export interface PluginOutput {
  /** The messages of its own lines, oldest first (the last `max`). */
  lines: string[];
  /** How many lines it wrote in the part of the log read. */
  total: number;
  /** The engine's error on the last failed enable in the log (read it with the plugin's state: a disabled plugin's last enable failed). */
  enableError: string | null;
  /** The engine's error names the socket the entrypoint never opened (dial … no such file or directory). */
  neverListened: boolean;
  starts: number;
  exits: number;
  /** One line: what the log says about its process ending. */
  exit: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function pluginOutputOf(text: string, plugin: { Id: string; Name: string }, max = 20): PluginOutput {
  const own = pluginLines(text, plugin.Id, 2_000);
  const name = plugin.Name.replace(/:latest$/, '');
  const handler = new RegExp(`Handler for POST \\S*/plugins/(?:${escape(plugin.Name)}|${escape(name)}|${escape(plugin.Id)})/enable returned error: (.*)$`);
  let enableError: string | null = null;
  let starts = 0;
  let exits = 0;
  for (const line of text.split('\n')) {
    if (!line.includes(plugin.Id) && !line.includes(name)) continue;
    const msg = messageOf(line);
    const h = handler.exec(msg);
    if (h) enableError = h[1];
    else if (/starting signal loop/.test(msg) && line.includes(`/${plugin.Id}`)) starts++;
    else if (/^shim disconnected$/.test(msg) && line.includes(`id=${plugin.Id}`)) exits++;
  }
  const neverListened = !!enableError && /dial unix \S+: connect: no such file or directory/.test(enableError);
  const exit =
    starts === 0
      ? 'the engine log shows no start of its process'
      : exits >= starts
        ? `its process ended after each of ${starts} start(s) (the engine logs no exit code)`
        : exits > 0
          ? `started ${starts} time(s), ended ${exits} time(s) (the engine logs no exit code)`
          : `started ${starts} time(s) and still running`;
  return { lines: own.slice(-max).map((l) => messageOf(l)), total: own.length, enableError, neverListened, starts, exits, exit };
}
