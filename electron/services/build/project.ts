/**
 * What kind of plugin project a folder is, in words, before anything is built:
 *  1. config.json + Dockerfile (a build context honouring .dockerignore, build args, stages);
 *  2. config.json + a ready rootfs/ folder (what the seed's "method two" leaves behind);
 *  3. config.json + a rootfs tarball (compression told by magic bytes, not by the name);
 *  4. config.json + an image already in the engine (chosen by the caller: `image`).
 * Contiv's install/v2plugin/ holds `config.template` instead of config.json; it is filled in by
 * the build (template.ts). Only config.json and rootfs/ ever go to the engine.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ProjectInfo, ProjectLayout } from '../../ipc/types';
import { PlugsmithError } from '../errors';
import { parseDockerfile } from './dockerfile';
import { archiveKind } from './magic';
import { NAME_SETTINGS, isTemplate } from './template';
import { PREPARE_FILE, prepareTwin, readPrepareStep, type PrepareStep } from './prepare';

/** Where a layout's parts are on disk (absolute paths), next to the explanation the user sees. */
export interface ProjectPlan extends ProjectInfo {
  /** The build context folder (layout 1): the project folder, or its `context/` subfolder when there is one. */
  contextDir: string | null;
  /** Tarballs in the folder (by their bytes), whatever the layout uses them for. */
  tarballs: { path: string; compressed: boolean }[];
  /** The command plugsmith.json declares to run on this host before the build (prepare.ts). */
  prepare: PrepareStep | null;
}

async function kindOf(p: string): Promise<'file' | 'dir' | null> {
  try {
    const s = await stat(p);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

/** The name setting's current value, read loosely (a template may not parse until filled in). */
function findNameSetting(text: string): { key: string; value: string | null } | null {
  for (const key of NAME_SETTINGS) {
    const re = new RegExp(`"name"\\s*:\\s*"${key}"[^}]*?"value"\\s*:\\s*(null|"((?:[^"\\\\]|\\\\.)*)")`, 'is');
    const m = re.exec(text);
    if (m) return { key, value: m[1] === 'null' ? null : m[2] };
    if (new RegExp(`"name"\\s*:\\s*"${key}"`, 'i').test(text)) return { key, value: null };
  }
  return null;
}

export interface DetectOptions {
  /** Layout 4: build from this image (already in the engine) instead of the folder's own rootfs. */
  image?: string;
}

export async function detectProject(dir: string, opts: DetectOptions = {}): Promise<ProjectPlan> {
  if ((await kindOf(dir)) !== 'dir') throw new PlugsmithError('build/no-project', `${dir} is not a folder`);
  const names = (await readdir(dir)).sort();
  const warnings: string[] = [];
  const say: string[] = [];

  let configPath: string | null = null;
  let template = false;
  let configText = '';
  if (names.includes('config.json') && (await kindOf(join(dir, 'config.json'))) === 'file') {
    configPath = join(dir, 'config.json');
    configText = await readFile(configPath, 'utf8');
    template = isTemplate(configText);
    if (names.includes('config.template')) warnings.push('both config.json and config.template are here: config.json is used');
  } else if (names.includes('config.template')) {
    configPath = join(dir, 'config.template');
    configText = await readFile(configPath, 'utf8');
    template = true;
  }

  const tarballs: { path: string; compressed: boolean }[] = [];
  for (const n of names) {
    const p = join(dir, n);
    if ((await kindOf(p)) !== 'file') continue;
    const k = await archiveKind(p).catch(() => 'other' as const);
    if (k === 'other') continue;
    tarballs.push({ path: p, compressed: k === 'gzip' });
    if (/\.(tgz|gz)$/i.test(n) && k === 'tar') warnings.push(`${n} is named like gzip but is a plain tar (told by its bytes)`);
  }

  const dockerfile = names.includes('Dockerfile') ? join(dir, 'Dockerfile') : null;
  const rootfsDir = names.includes('rootfs') && (await kindOf(join(dir, 'rootfs'))) === 'dir' ? join(dir, 'rootfs') : null;
  const contextDir = dockerfile ? ((await kindOf(join(dir, 'context'))) === 'dir' ? join(dir, 'context') : dir) : null;

  let layout: ProjectLayout = 'unknown';
  let buildArgs: ProjectInfo['buildArgs'] = [];
  let stages: string[] = [];
  let tarball: ProjectInfo['tarball'] = null;
  if (opts.image) {
    layout = 'image';
    say.push(`Image ${opts.image} (already in the engine): its filesystem becomes the plugin's rootfs.`);
  } else if (dockerfile) {
    layout = 'dockerfile';
    const info = parseDockerfile(await readFile(dockerfile, 'utf8'));
    buildArgs = info.args.map((a) => ({ name: a.name, default: a.default }));
    stages = info.stages.map((s) => s.name ?? `#${s.index}`);
    const ctx = contextDir === dir ? 'this folder' : `${basename(contextDir!)}/`;
    const ignore = names.includes('.dockerignore') && contextDir === dir ? ' (minus what .dockerignore excludes)' : '';
    say.push(`Dockerfile with ${info.stages.length} stage(s): built by the engine from ${ctx}${ignore}; the image's filesystem becomes the plugin's rootfs.`);
    const needed = info.args.filter((a) => a.default === null);
    if (needed.length) say.push(`Build args without a default: ${needed.map((a) => a.name).join(', ')}.`);
    if (rootfsDir) warnings.push('a rootfs/ folder is here too: it is not used (the Dockerfile is); it is not sent to the engine either');
  } else if (rootfsDir) {
    layout = 'rootfs';
    say.push('A ready rootfs/ folder: sent to the engine as it is, beside config.json.');
  } else if (tarballs.length === 1) {
    layout = 'tarball';
    tarball = tarballs[0];
    say.push(`A rootfs tarball, ${basename(tarball.path)} (${tarball.compressed ? 'gzip-compressed' : 'an uncompressed tar'}, told by its bytes): unpacked on the fly under rootfs/.`);
  } else if (tarballs.length > 1) {
    warnings.push(`several tarballs here (${tarballs.map((t) => basename(t.path)).join(', ')}): keep only the rootfs one`);
  } else {
    say.push('No Dockerfile, rootfs/ folder or rootfs tarball here.');
  }

  if (configPath) {
    say.unshift(
      template
        ? `${basename(configPath)} is a template (Contiv's "##" lines / __CONTIV_V2PLUGIN_NAME__): filled in with the plugin's name, no sed.`
        : 'config.json is the plugin\'s config.',
    );
  } else {
    say.unshift('No config.json (nor Contiv\'s config.template): a plugin needs one.');
    layout = layout === 'image' ? 'image' : 'unknown';
  }
  const others = names.filter((n) => n !== 'config.json' && n !== 'rootfs' && n !== 'config.template');
  if (layout !== 'unknown') say.push(`Only config.json and rootfs/ go to the engine${others.length ? `; ${others.length} other file(s) here stay out` : ''}.`);

  const prepare = await readPrepareStep(dir);
  if (prepare) {
    say.push(`Before building, its prepare step runs on this host, in this folder: ${prepareTwin(prepare)} (declared in ${PREPARE_FILE})${prepare.why ? ` — ${prepare.why}` : ''}.`);
  }

  const pluginNameSetting = configText ? findNameSetting(configText) : null;
  if (pluginNameSetting) say.push(`${pluginNameSetting.key} names the plugin: the build sets it to the name you choose.`);

  return {
    dir,
    layout: configPath ? layout : 'unknown',
    explanation: say.join(' '),
    configPath,
    template,
    dockerfile,
    buildArgs,
    stages,
    rootfsDir: layout === 'rootfs' ? rootfsDir : null,
    tarball,
    pluginNameSetting,
    warnings,
    contextDir: layout === 'dockerfile' ? contextDir : null,
    tarballs,
    prepare,
  };
}

/** The public part of a plan (what crosses the contract). */
export function toProjectInfo(plan: ProjectPlan): ProjectInfo {
  const { contextDir: _c, tarballs: _t, prepare: _p, ...info } = plan;
  return info;
}
