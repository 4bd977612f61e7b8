/** The pure parts of finding and reading the engine's containerd, fed with captured real output. */
import { describe, expect, it } from 'vitest';
import { argvText, cleanupSteps, cleanupTwin, flagValue, grpcAddress, LEFTOVER_ERROR, parseTasks, socketInodes } from './containerd';
import { leftoverError } from './plugins';
import { PlugsmithError } from '../errors';

const ID = '48b61721dd23b83cbeb97f027c3befe2fcd7cf56d15db96533f8e78f7c77c3d6';

describe('containerd', () => {
  it('finds the inodes bound to the engine socket in /proc/net/unix (listening and accepted)', () => {
    const text = [
      'Num       RefCount Protocol Flags    Type St Inode Path',
      '0000000000000000: 00000002 00000000 00010000 0001 01 81234 /tmp/psd-ew/docker.sock',
      '0000000000000000: 00000003 00000000 00000000 0001 03 81240 /tmp/psd-ew/docker.sock',
      '0000000000000000: 00000002 00000000 00010000 0001 01 81299 /tmp/psd-ew/docker.sock.other',
      '0000000000000000: 00000003 00000000 00000000 0001 03 81300',
    ].join('\n');
    expect([...socketInodes(text, '/tmp/psd-ew/docker.sock')]).toEqual(['81234', '81240']);
  });

  it('reads dockerd flags both ways, the last one winning', () => {
    const argv = ['/usr/sbin/dockerd', '--exec-root', '/a', '--exec-root=/b', '--containerd=/run/x.sock'];
    expect(flagValue(argv, '--exec-root')).toBe('/b');
    expect(flagValue(argv, '--containerd')).toBe('/run/x.sock');
    expect(flagValue(argv, '--pidfile')).toBeNull();
  });

  it("reads the gRPC address from the containerd.toml dockerd writes (not the debug one)", () => {
    const toml = 'version = 0\nroot = "/d"\n\n[grpc]\n  address = "/tmp/psd-ew/exec/containerd/containerd.sock"\n  uid = 0\n\n[debug]\n  address = "/tmp/psd-ew/exec/containerd/containerd-debug.sock"\n';
    expect(grpcAddress(toml)).toBe('/tmp/psd-ew/exec/containerd/containerd.sock');
    expect(grpcAddress('[debug]\n  address = "/x"\n')).toBeNull();
  });

  it('parses `ctr tasks ls`', () => {
    const out = `TASK                                                                PID      STATUS    \n${ID}    13411    RUNNING\n`;
    expect(parseTasks(out)).toEqual([{ id: ID, pid: 13411, status: 'RUNNING' }]);
    expect(parseTasks('TASK    PID    STATUS    \n')).toEqual([]);
  });

  it('the clean-up is argv arrays; its twin is the same argv as typed', () => {
    const steps = cleanupSteps('/tmp/p s/containerd.sock', ID, true);
    expect(steps.map((s) => s.slice(5, 7))).toEqual([['tasks', 'kill'], ['tasks', 'delete'], ['containers', 'delete']]);
    expect(steps[0]).toEqual(['ctr', '--address', '/tmp/p s/containerd.sock', '--namespace', 'plugins.moby', 'tasks', 'kill', '--signal', 'SIGKILL', ID]);
    expect(cleanupSteps('/s', ID, false)).toEqual([['ctr', '--address', '/s', '--namespace', 'plugins.moby', 'containers', 'delete', ID]]);
    expect(cleanupTwin('/tmp/p s/containerd.sock', ID, false)).toBe(`ctr --address '/tmp/p s/containerd.sock' --namespace plugins.moby containers delete ${ID}`);
    expect(argvText(['a b', "it's"])).toBe(`'a b' 'it'\\''s'`);
  });

  it("recognises the engine's words for the wreck, and nothing else", () => {
    expect(LEFTOVER_ERROR.test('error creating containerd container: id already in use')).toBe(true);
    expect(LEFTOVER_ERROR.test(`failed to create task for container: task ${ID}: already exists`)).toBe(true);
    expect(LEFTOVER_ERROR.test('dial unix /run/docker/plugins/x/netdriver.sock: connect: no such file or directory')).toBe(false);
    expect(LEFTOVER_ERROR.test('network with name foo already exists')).toBe(false);
  });
});

describe('a failed enable that is the wreck', () => {
  it('leads to the doctor, the engine error kept in the detail', () => {
    const raw = new PlugsmithError('engine/http-500', 'error creating containerd container: id already in use', 'POST /plugins/x/enable → HTTP 500\n{"message":"…"}');
    const e = leftoverError('acme/net:latest', raw)!;
    expect(e.code).toBe('plugins/containerd-leftover');
    expect(e.message).toContain('plugsmith doctor --plugin acme/net:latest --check containerd-leftover');
    expect(e.detail).toContain('error creating containerd container: id already in use');
    expect(e.detail).toContain('HTTP 500');
  });

  it('leaves every other failure as the engine said it', () => {
    expect(leftoverError('x', new PlugsmithError('engine/http-500', 'dial unix /run/docker/plugins/1/x.sock: connect: no such file or directory'))).toBeNull();
  });
});
