/**
 * What the files service may read and write (README "Who may read what"). Plugsmith serve runs as
 * root, and whoever holds its token reaches the disk through files:*; so the service answers for:
 *
 * - **Credentials, never over the API** (`files/protected`): /etc/shadow and friends, sudoers, SSH
 *   and GnuPG keys, client credentials (.docker, .kube, .aws, .netrc…), /proc, /sys, /dev, and
 *   Plugsmith's own config and state (settings, drafts, backups). Only the host can open one: a path
 *   in PLUGSMITH_FILES_ALLOW in Plugsmith's environment (':'-separated), which no call can change.
 * - **Folders the user opened this session** (`files:allow`, sent by the editor when the user opens a
 *   file or saves one somewhere): reads and writes under them. The folder's identity (device + inode)
 *   is kept, so a folder link swapped after it was opened is refused, not followed.
 * - **Contiv's own files** (/etc/contiv, /etc/cni/net.d, /var/log/contiv…): readable and writable
 *   without opening their folder first.
 * Anything else is refused with `files/not-opened`, saying how to open it. Listing a folder (names,
 * sizes) is allowed everywhere but in the protected places: it is how the user finds a folder.
 * Links count where they lead: a link in an opened folder to /etc/shadow is still /etc/shadow.
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import { PlugsmithError } from '../errors';

export type Access = 'list' | 'read' | 'write';

/** Device + inode: what a path is, whatever its name (bigint: inodes can pass 2^53). */
export interface Identity {
  dev: bigint;
  ino: bigint;
}

export const sameIdentity = (a: Identity, b: Identity) => a.dev === b.dev && a.ino === b.ino;

/** Files and folders that hold credentials or the host's login rules. */
const PROTECTED_PATHS = [
  '/etc/shadow', '/etc/shadow-', '/etc/gshadow', '/etc/gshadow-', '/etc/security/opasswd',
  '/etc/sudoers', '/etc/sudoers.d', '/etc/ssh', '/run/secrets', '/proc', '/sys', '/dev',
];
/** A path with one of these components is someone's keys or credentials, wherever it lives. */
const PROTECTED_NAMES = new Set(['.ssh', '.gnupg', '.docker', '.kube', '.aws', '.netrc', '.pgpass', '.git-credentials']);
/** Contiv's host files: the plugin's config, CNI config, its logs. */
export const CONTIV_PATHS = ['/etc/contiv', '/var/contiv', '/opt/contiv', '/var/run/contiv', '/run/contiv', '/var/log/contiv', '/etc/cni/net.d'];

const under = (p: string, root: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);

export interface ScopeOptions {
  /** Plugsmith's own config and state folders: protected like credentials. */
  ownDirs: string[];
  /** PLUGSMITH_FILES_ALLOW: paths the host opened, protected or not. */
  hostAllow?: string[];
  /** Readable and writable without opening (default: Contiv's). */
  builtins?: string[];
}

export class FileScope {
  private readonly grants = new Map<string, Identity>();
  private readonly hostAllow: string[];
  private ownDirs: string[];
  /** The own folders where they really are (their path may go through a link), found once. */
  private ownReal: Promise<void> | null = null;
  private readonly builtins: string[];

  constructor(opts: ScopeOptions) {
    this.ownDirs = opts.ownDirs.map((d) => resolve(d));
    this.hostAllow = (opts.hostAllow ?? []).filter((p) => p.startsWith('/')).map((p) => resolve(p));
    this.builtins = (opts.builtins ?? CONTIV_PATHS).map((p) => resolve(p));
  }

  /**
   * The user opened `folder` (a file in it, or a save there). A folder opened before that is now
   * another folder (a link swapped) is refused unless `again` (the user opened it anew, by hand).
   */
  async allow(folder: string, again = false): Promise<{ folder: string }> {
    const f = resolve(folder);
    await this.assert(f, 'list');
    const st = await stat(f, { bigint: true }).catch((err: NodeJS.ErrnoException) => {
      throw new PlugsmithError(err.code === 'ENOENT' ? 'files/no-folder' : 'files/error', `The folder ${f} ${err.code === 'ENOENT' ? 'does not exist' : 'cannot be opened'}`, err.message);
    });
    if (!st.isDirectory()) throw new PlugsmithError('files/not-a-folder', `${f} is not a folder`);
    const had = this.grants.get(f);
    if (had && !again && !sameIdentity(had, st)) throw folderChanged(f, had, st);
    this.grants.set(f, { dev: st.dev, ino: st.ino });
    return { folder: f };
  }

  /** Throws unless `p` may be accessed so: protected, not opened, or an opened folder that changed. */
  async assert(p: string, access: Access): Promise<void> {
    this.ownReal ??= Promise.all(this.ownDirs.map(realOf)).then((r) => void (this.ownDirs = [...new Set([...this.ownDirs, ...r])]));
    await this.ownReal;
    const real = await realOf(p);
    if (this.hostAllow.some((a) => under(p, a) || under(real, a))) return;
    const why = this.protectedWhy(p) ?? this.protectedWhy(real);
    if (why) {
      throw new PlugsmithError(
        'files/protected',
        `${p} ${why}: Plugsmith does not ${access === 'write' ? 'write' : 'read'} it over its API. To allow it, start Plugsmith with PLUGSMITH_FILES_ALLOW=${real === p ? p : real} in its environment on this host (':' between paths); no call can change that`,
        real === p ? `protected: ${p}` : `protected: ${p} → ${real}`,
      );
    }
    if (access === 'list' || this.builtins.some((b) => under(p, b) || under(real, b))) return;
    const grant = [...this.grants.keys()].filter((g) => under(p, g)).sort((a, b) => b.length - a.length)[0];
    if (!grant) {
      throw new PlugsmithError(
        'files/not-opened',
        `${p} is not in a folder opened in Plugsmith this session: open it from the editor's Open panel (path field, folder list or recent files), which opens its folder, then try again`,
        `opened folders: ${[...this.grants.keys()].join(', ') || 'none'}; always open: ${this.builtins.join(', ')}`,
      );
    }
    const had = this.grants.get(grant)!;
    const now = await stat(grant, { bigint: true }).catch(() => null);
    if (!now || !sameIdentity(had, now)) throw folderChanged(grant, had, now);
  }

  private protectedWhy(p: string): string | null {
    if (this.ownDirs.some((d) => under(p, d))) return "is Plugsmith's own settings and state (drafts, backups)";
    if (PROTECTED_PATHS.some((q) => under(p, q))) return 'holds credentials or system internals';
    const name = p.split(sep).find((c) => PROTECTED_NAMES.has(c));
    if (name) return `is in ${name}, which holds keys or credentials`;
    return null;
  }
}

function folderChanged(f: string, had: Identity, now: Identity | null): PlugsmithError {
  return new PlugsmithError(
    'files/folder-changed',
    `The folder ${f} is ${now ? 'another folder' : 'gone'} since it was opened (a link changed, or it was moved); nothing was read or written there: open it again from the Open panel if that is where you mean`,
    `opened as device ${had.dev} inode ${had.ino}, now ${now ? `device ${now.dev} inode ${now.ino}` : 'missing'}`,
  );
}

/** Where `p` really leads (links resolved); for a path that does not exist yet, its folder's. */
export async function realOf(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    const parent = dirname(p);
    if (parent === p) return p;
    const rp = await realOf(parent);
    return resolve(rp, basename(p));
  }
}
