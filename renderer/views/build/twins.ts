/**
 * The CLI twin of each build stage, before the service reports its own (the final
 * result carries the service's exact commands, which then replace these). Shown,
 * never run; quoted for a POSIX shell.
 */
import type { BuildStage } from '../../../electron/ipc/types';
import { cliTwin, shellQuote } from '../../components/cli';

export interface TwinInput {
  dir: string;
  name: string;
  dockerfile: string | null;
  buildArgs: Record<string, string>;
  target: string;
  settings: { key: string; value: string }[];
  keepImage: boolean;
}

/** The image tag the build stage would use by hand (the service picks its own, temporary one). */
const imageOf = (name: string) => `${name.replace(/:[^/]*$/, '')}-rootfs`;

export function stageTwin(stage: BuildStage, i: TwinInput): string {
  const name = i.name || 'NAME:TAG';
  switch (stage) {
    case 'check':
      return cliTwin.inspect(name);
    case 'build': {
      const args = Object.entries(i.buildArgs).map(([k, v]) => ` --build-arg ${shellQuote(`${k}=${v}`)}`).join('');
      const target = i.target ? ` --target ${shellQuote(i.target)}` : '';
      const file = i.dockerfile ? ` -f ${shellQuote(i.dockerfile)}` : '';
      return `docker build -t ${shellQuote(imageOf(name))}${file}${args}${target} ${shellQuote(i.dir || '.')}`;
    }
    case 'create':
      // What the seed did with an exported rootfs on disk; Plugsmith streams it instead.
      return `docker plugin create ${shellQuote(name)} BUNDLE_DIR`;
    case 'set':
      return i.settings.length ? cliTwin.set(name, i.settings) : `docker plugin set ${shellQuote(name)} KEY=VALUE`;
    case 'enable':
      return cliTwin.enable(name);
    case 'push':
      return `docker plugin push ${shellQuote(name)}`;
  }
}

/** The whole pipeline as Plugsmith's own CLI runs it. */
export function pipelineTwin(i: TwinInput & { enable: boolean; replace?: boolean }): string {
  const parts = ['plugsmith', 'build', shellQuote(i.dir || '.'), '--name', shellQuote(i.name || 'NAME:TAG')];
  for (const s of i.settings) parts.push('--set', shellQuote(`${s.key}=${s.value}`));
  if (i.enable) parts.push('--enable');
  return parts.join(' ');
}
