/**
 * The networks made with a network plugin: the ones that block its disable (build --replace,
 * upgrade with disable-first). The engine names such a network's driver after the plugin, with or
 * without its `:latest` tag, so both spellings count.
 */
import type { Engine } from './engine';

export interface EngineNetwork {
  Id: string;
  Name: string;
  Driver: string;
  Containers?: Record<string, unknown>;
}

export function madeWith(network: { Driver: string }, plugin: string): boolean {
  return network.Driver === plugin || network.Driver === plugin.replace(/:latest$/, '');
}

/** Every network the engine has (engine errors are thrown). */
export function engineNetworks(engine: Engine, signal?: AbortSignal): Promise<EngineNetwork[]> {
  return engine.request<EngineNetwork[]>({ method: 'GET', path: '/networks', signal, timeoutMs: 10_000 });
}

/** The names of the plugin's networks, or none when the engine cannot list them: only used to word a refusal already being made. */
export async function networksUsing(engine: Engine, plugin: string): Promise<string[]> {
  const all = await engineNetworks(engine).catch(() => []);
  return all.filter((n) => madeWith(n, plugin)).map((n) => n.Name);
}
