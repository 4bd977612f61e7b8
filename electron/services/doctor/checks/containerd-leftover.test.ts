/** The containerd-leftover check's evaluator, fed with the states a killed engine really leaves (see the .int test). */
import { describe, expect, it } from 'vitest';
import type { EnginePlugin } from '../../docker/plugin-model';
import { evalLeftover, type ContainerdView } from './containerd-leftover';

const ID = '48b61721dd23b83cbeb97f027c3befe2fcd7cf56d15db96533f8e78f7c77c3d6';
const OTHER = 'a'.repeat(64);
const plugin = (Name: string, Id: string, Enabled: boolean) => ({ Name, Id, Enabled }) as EnginePlugin;
const START = Date.parse('2026-12-08T04:03:01Z');
const view = (containers: ContainerdView extends infer V ? (V extends { containers: infer C } ? C : never) : never): ContainerdView => ({
  socket: '/tmp/psd/exec/containerd/containerd.sock',
  from: 'the containerd dockerd (pid 9) started',
  dockerdPid: 9,
  engineStartedAtMs: START,
  containers,
});

describe('containerd-leftover', () => {
  it('fails on a disabled plugin whose container containerd kept from before this engine started, naming it, with the clean-up and its twin', () => {
    const o = evalLeftover({
      mode: 'local',
      plugins: [plugin('wreck/ok:latest', ID, false)],
      containerd: view([{ id: ID, createdAtMs: START - 25_000, task: { id: ID, pid: 13411, status: 'RUNNING' } }]),
    });
    expect(o.status).toBe('fail');
    const ev = o.evidence.join('\n');
    expect(ev).toContain('the engine says wreck/ok:latest (id 48b61721dd23) is disabled, yet containerd holds a container of that id, made 2026-12-08T04:02:36Z');
    expect(ev).toContain('its task: pid 13411 RUNNING — the old plugin process still runs');
    expect(ev).toContain('made before this dockerd started');
    expect(o.action).toEqual({ kind: 'clear-leftover', plugin: 'wreck/ok:latest', command: o.command });
    expect(o.command).toBe(
      `ctr --address /tmp/psd/exec/containerd/containerd.sock --namespace plugins.moby tasks kill --signal SIGKILL ${ID} && ctr --address /tmp/psd/exec/containerd/containerd.sock --namespace plugins.moby tasks delete ${ID} && ctr --address /tmp/psd/exec/containerd/containerd.sock --namespace plugins.moby containers delete ${ID} && docker plugin enable wreck/ok:latest`,
    );
  });

  it('a container without a task: only the container is deleted', () => {
    const o = evalLeftover({ mode: 'local', plugins: [plugin('wreck/ok:latest', ID, false)], containerd: view([{ id: ID, createdAtMs: START - 1, task: null }]) });
    expect(o.status).toBe('fail');
    expect(o.evidence.join('\n')).toContain('it has no task (no process)');
    expect(o.command).toBe(`ctr --address /tmp/psd/exec/containerd/containerd.sock --namespace plugins.moby containers delete ${ID} && docker plugin enable wreck/ok:latest`);
  });

  it('made by the running engine: an enable may be under way — a warning, and no one-click clean-up that could break it', () => {
    const o = evalLeftover({ mode: 'local', plugins: [plugin('wreck/ok:latest', ID, false)], containerd: view([{ id: ID, createdAtMs: START + 5_000, task: { id: ID, pid: 1, status: 'RUNNING' } }]) });
    expect(o.status).toBe('warn');
    expect(o.action).toBeUndefined();
    expect(o.evidence.join('\n')).toMatch(/an enable in progress looks like this/);
  });

  it("an enabled plugin's container is the engine's own: pass, and containerd need not be read (no root needed)", () => {
    expect(evalLeftover({ mode: 'local', plugins: [plugin('a:latest', ID, true)], containerd: null }).status).toBe('pass');
  });

  it('passes when no disabled plugin has a container; orphan ids of no plugin do not fail it', () => {
    const o = evalLeftover({ mode: 'local', plugins: [plugin('wreck/ok:latest', ID, false)], containerd: view([{ id: OTHER, createdAtMs: START - 1, task: null }]) });
    expect(o.status).toBe('pass');
  });

  it("cannot look (no root, no socket): can't tell, with the exact reason — never a pass", () => {
    const o = evalLeftover({ mode: 'local', plugins: [plugin('wreck/ok:latest', ID, false)], containerd: { unknown: "needs root: containerd's socket is root-only" } });
    expect(o.status).toBe('unknown');
    expect(o.evidence[0]).toBe("can't tell: needs root: containerd's socket is root-only");
    expect(o.evidence[1]).toContain('wreck/ok:latest');
  });

  it('a remote engine or Docker Desktop: skipped', () => {
    expect(evalLeftover({ mode: 'remote', plugins: [plugin('a', ID, false)], containerd: null }).status).toBe('skip');
    expect(evalLeftover({ mode: 'desktop', plugins: [plugin('a', ID, false)], containerd: null }).status).toBe('skip');
  });
});
