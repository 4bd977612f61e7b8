/**
 * Install from a registry, upgrade a plugin, push a plugin: three flows, each
 * inspect → consent → job (push has no consent: it grants nothing). The jobs run on the
 * service side; the store keeps their ids and the view derived from their event streams,
 * so leaving the screen and coming back shows them where they are.
 *
 * Consent: `accept` sends exactly the privileges the user saw (the last inspect's list). The
 * service reads the registry again and refuses if the plugin asks for anything else now.
 * Typed credentials live only in memory, for the calls that need them.
 */
import { createStore } from 'zustand/vanilla';
import type { PlugsmithApi } from '../../electron/ipc/contract';
import type { InstallInspect } from '../../electron/ipc/types';
import { toErrorInfo, type ErrorInfo } from './errors';
import { createJobFollower } from './job-follower';
import { failedRun, isActive, reduceRun, startingRun, type RunView } from './install-run';

export interface Credentials {
  username: string;
  password: string;
}

export interface ConsentFlow {
  reference: string;
  inspecting: boolean;
  inspect: InstallInspect | null;
  inspectError: ErrorInfo | null;
  run: RunView | null;
}

export interface InstallForm {
  reference: string;
  alias: string;
  enable: boolean;
}

export interface InstallState {
  form: InstallForm;
  credentials: Credentials;
  install: ConsentFlow;
  /** The plugin being upgraded (the details panel that opened it). */
  upgrade: ConsentFlow & { name: string; disableFirst: boolean };
  push: { name: string; run: RunView | null };

  setForm(patch: Partial<InstallForm>): void;
  setCredentials(c: Partial<Credentials>): void;
  inspectInstall(): Promise<void>;
  acceptInstall(): Promise<void>;
  /** Cancel on the consent screen: nothing is installed, the inspect is dropped, the form kept. */
  declineInstall(): void;
  resetInstall(): void;

  openUpgrade(name: string, reference: string, enabled: boolean): void;
  setUpgrade(patch: Partial<{ reference: string; disableFirst: boolean }>): void;
  inspectUpgrade(): Promise<void>;
  acceptUpgrade(): Promise<void>;
  declineUpgrade(): void;

  startPush(name: string): Promise<void>;
  cancelRun(which: 'install' | 'upgrade' | 'push'): Promise<void>;
}

const emptyFlow = (): ConsentFlow => ({ reference: '', inspecting: false, inspect: null, inspectError: null, run: null });

export function createInstallStore(api: PlugsmithApi) {
  const followers = { install: createJobFollower(api), upgrade: createJobFollower(api), push: createJobFollower(api) };
  let seq = 0;

  return createStore<InstallState>()((set, get) => {
    const auth = () => {
      const c = get().credentials;
      return c.username ? { auth: { username: c.username, password: c.password } } : {};
    };

    /** Follows a job into one flow's run; events for a run already replaced are dropped by the follower. */
    const follow = (which: 'install' | 'upgrade' | 'push', jobId: string) => {
      followers[which].follow(jobId, (e) => {
        const cur = get()[which];
        if (!cur.run || (cur.run.id !== null && cur.run.id !== jobId)) return;
        set({ [which]: { ...cur, run: reduceRun({ ...cur.run, id: jobId }, e) } } as Partial<InstallState>);
      });
    };

    const startJob = async (which: 'install' | 'upgrade' | 'push', title: string, call: () => Promise<{ jobId: string }>) => {
      followers[which].unfollow();
      set({ [which]: { ...get()[which], run: startingRun(title) } } as Partial<InstallState>);
      try {
        const { jobId } = await call();
        const cur = get()[which];
        if (cur.run) set({ [which]: { ...cur, run: { ...cur.run, id: jobId, state: cur.run.state === 'starting' ? 'running' : cur.run.state } } } as Partial<InstallState>);
        follow(which, jobId);
      } catch (err) {
        const cur = get()[which];
        if (cur.run) set({ [which]: { ...cur, run: failedRun(cur.run, toErrorInfo(err)) } } as Partial<InstallState>);
      }
    };

    return {
      form: { reference: '', alias: '', enable: true },
      credentials: { username: '', password: '' },
      install: emptyFlow(),
      upgrade: { ...emptyFlow(), name: '', disableFirst: true },
      push: { name: '', run: null },

      setForm(patch) {
        const form = { ...get().form, ...patch };
        // A changed reference or alias makes the consent shown so far about something else.
        const stale = (patch.reference !== undefined && patch.reference !== get().form.reference) || (patch.alias !== undefined && patch.alias !== get().form.alias);
        set({ form, ...(stale && !isActive(get().install.run) ? { install: { ...get().install, inspect: null, inspectError: null } } : {}) });
      },
      setCredentials(c) {
        set({ credentials: { ...get().credentials, ...c } });
      },

      async inspectInstall() {
        const { form, install } = get();
        const reference = form.reference.trim();
        if (!reference || isActive(install.run)) return;
        const my = ++seq;
        set({ install: { ...install, reference, inspecting: true, inspect: null, inspectError: null, run: null } });
        followers.install.unfollow();
        try {
          const inspect = await api.call('install:inspect', { reference, ...(form.alias.trim() ? { alias: form.alias.trim() } : {}), ...auth() });
          if (my !== seq) return;
          set({ install: { ...get().install, inspecting: false, inspect } });
        } catch (err) {
          if (my !== seq) return;
          set({ install: { ...get().install, inspecting: false, inspectError: toErrorInfo(err) } });
        }
      },

      async acceptInstall() {
        const { form, install } = get();
        if (!install.inspect || isActive(install.run)) return;
        const alias = form.alias.trim();
        await startJob('install', `Install ${install.inspect.name}`, () =>
          api.call('install:start', { reference: install.inspect!.reference, ...(alias ? { alias } : {}), accepted: install.inspect!.privileges, enable: form.enable, ...auth() }),
        );
      },

      declineInstall() {
        set({ install: { ...get().install, inspect: null } });
      },
      resetInstall() {
        if (isActive(get().install.run)) return;
        followers.install.unfollow();
        set({ install: emptyFlow() });
      },

      openUpgrade(name, reference, enabled) {
        const u = get().upgrade;
        if (u.name === name && (u.inspect || isActive(u.run))) return;
        if (isActive(u.run)) return; // another plugin's upgrade is running: its panel keeps it
        followers.upgrade.unfollow();
        set({ upgrade: { ...emptyFlow(), name, reference, disableFirst: enabled } });
      },
      setUpgrade(patch) {
        const u = get().upgrade;
        set({ upgrade: { ...u, ...patch, ...(patch.reference !== undefined && patch.reference !== u.reference ? { inspect: null, inspectError: null } : {}) } });
      },
      async inspectUpgrade() {
        const u = get().upgrade;
        const reference = u.reference.trim();
        if (!reference || isActive(u.run)) return;
        const my = ++seq;
        set({ upgrade: { ...u, inspecting: true, inspect: null, inspectError: null, run: null } });
        try {
          const inspect = await api.call('install:inspect', { reference, name: u.name, ...auth() });
          if (my !== seq) return;
          set({ upgrade: { ...get().upgrade, inspecting: false, inspect } });
        } catch (err) {
          if (my !== seq) return;
          set({ upgrade: { ...get().upgrade, inspecting: false, inspectError: toErrorInfo(err) } });
        }
      },
      async acceptUpgrade() {
        const u = get().upgrade;
        if (!u.inspect || isActive(u.run)) return;
        await startJob('upgrade', `Upgrade ${u.name}`, () =>
          api.call('install:upgrade', { name: u.name, reference: u.inspect!.reference, accepted: u.inspect!.privileges, disableFirst: u.disableFirst, ...auth() }),
        );
      },
      declineUpgrade() {
        set({ upgrade: { ...get().upgrade, inspect: null } });
      },

      async startPush(name) {
        if (isActive(get().push.run)) return;
        set({ push: { name, run: null } });
        await startJob('push', `Push ${name}`, () => api.call('build:push', { name, ...auth() }));
      },

      async cancelRun(which) {
        const id = get()[which].run?.id;
        if (!id) return;
        try {
          await api.call('jobs:cancel', { id });
        } catch {
          // Already ended: its stream says how.
        }
      },
    };
  });
}

export type InstallStore = ReturnType<typeof createInstallStore>;
