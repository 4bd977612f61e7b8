import { describe, expect, it } from 'vitest';
import { BuildSteps, stepLabel } from './build-stream-steps';
import { BuildStreamParser } from './build-stream';

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, tick: (ms: number) => void (t += ms) };
}

/**
 * `DOCKER_BUILDKIT=1 docker build --progress=plain .` on docker 20.10 (BuildKit v0.8): vertex
 * digests on their own lines, output prefixed with seconds, "executor failed running" errors.
 */
const BUILDKIT_2010_FAILED = `#1 [internal] load build definition from Dockerfile
#1 sha256:3d2b1e0e7a7e1b0c3b0f6f1d4d0c8c1e2f9c5e0b7d9e4b4b2a1f0e9d8c7b6a59
#1 transferring dockerfile: 171B done
#1 DONE 0.0s

#2 [internal] load .dockerignore
#2 sha256:8a5c1f0e3b7d2c9e4f6a1b0d8c7e5f3a2b9d1c0e4f6a8b7c5d3e1f0a9b8c7d6e
#2 transferring context: 2B done
#2 DONE 0.0s

#3 [internal] load build context
#3 sha256:1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e
#3 transferring context: 3.21MB 0.1s done
#3 DONE 0.1s

#4 [1/3] COPY netplugin-bin.tar /tmp/
#4 sha256:0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b
#4 DONE 0.2s

#5 [2/3] RUN ["/bin/busybox", "tar", "-xf", "/tmp/netplugin-bin.tar", "-C", "/contiv/bin"]
#5 sha256:9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a
#5 0.312 tar: can't open '/tmp/netplugin-bin.tar': No such file or directory
#5 ERROR: executor failed running [/bin/busybox tar -xf /tmp/netplugin-bin.tar -C /contiv/bin]: exit code: 1
------
 > [2/3] RUN ["/bin/busybox", "tar", "-xf", "/tmp/netplugin-bin.tar", "-C", "/contiv/bin"]:
------
executor failed running [/bin/busybox tar -xf /tmp/netplugin-bin.tar -C /contiv/bin]: exit code: 1`;

/**
 * `docker buildx build --progress=plain .` (BuildKit v0.12+, the default builder from docker 23):
 * a "#0 building with" header, a multi-stage build whose stages run at once, a cached FROM.
 */
const BUILDKIT_MULTISTAGE = `#0 building with "default" instance using docker driver

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 412B done
#1 DONE 0.0s

#2 [internal] load metadata for docker.io/library/golang:1.21
#2 DONE 0.6s

#3 [internal] load .dockerignore
#3 transferring context: 2B done
#3 DONE 0.0s

#4 [builder 1/4] FROM docker.io/library/golang:1.21@sha256:4746d26432a9117a5f58e95cb9f954ddf0de128e9d5816886514199316e4a2fb
#4 resolve docker.io/library/golang:1.21@sha256:4746d26432a9117a5f58e95cb9f954ddf0de128e9d5816886514199316e4a2fb 0.0s done
#4 CACHED

#5 [internal] load build context
#5 transferring context: 48.21kB 0.0s done
#5 DONE 0.0s

#6 [builder 2/4] WORKDIR /src
#6 DONE 0.1s

#7 [builder 3/4] COPY . .
#7 DONE 0.2s

#8 [builder 4/4] RUN go build -o /out/netplugin ./netplugin
#8 12.07 go: downloading github.com/vishvananda/netlink v1.1.0
#8 DONE 41.3s

#9 [stage-1 1/2] COPY --from=builder /out/netplugin /netplugin
#9 DONE 0.1s

#10 [stage-1 2/2] COPY config.json /
#10 DONE 0.0s

#11 exporting to image
#11 exporting layers 0.2s done
#11 writing image sha256:5f0c1d2e3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d done
#11 naming to docker.io/contiv/v2plugin:latest done
#11 DONE 0.3s`;

/** The classic builder's `{"stream":…}` text on docker 20.10 (what Plugsmith's pipeline reads). */
const CLASSIC_2010 = [
  'Step 1/4 : FROM scratch',
  ' ---> ',
  'Step 2/4 : COPY . /',
  ' ---> 2f3c1a9b8d7e',
  'Step 3/4 : RUN ["/usr/bin/node", "/gen.js"]',
  ' ---> Running in 7d1e2c3b4a5f',
  '\x1b[32m[000001]\x1b[0m compiling module-1.go',
  'Removing intermediate container 7d1e2c3b4a5f',
  ' ---> 9a8b7c6d5e4f',
  'Step 4/4 : ENTRYPOINT ["/usr/bin/node", "/driver.js"]',
  ' ---> Using cache',
  ' ---> 0c1d2e3f4a5b',
  'Successfully built 0c1d2e3f4a5b',
];

describe('build steps', () => {
  it('classic builder: a step ends when the next starts; elapsed measured, cache noticed', () => {
    const c = clock();
    const s = new BuildSteps(c.now);
    const progress: string[] = [];
    for (const l of CLASSIC_2010) {
      const ch = s.line(l);
      if (ch) progress.push(`${ch.done}/${ch.total}`);
      c.tick(l.startsWith('Step 3') ? 2500 : 100);
    }
    s.end(true);
    expect(s.steps.map((x) => [x.index, x.state, x.seconds])).toEqual([
      [1, 'done', 0.2],
      [2, 'done', 0.2],
      [3, 'done', 2.9],
      [4, 'cached', 0.4],
    ]);
    expect(progress).toEqual(['0/4', '1/4', '2/4', '3/4', '4/4']);
    expect(s.progress()).toEqual({ done: 4, total: 4 });
    expect(stepLabel(s.steps[2])).toBe('Step 3/4 : RUN ["/usr/bin/node", "/gen.js"] — done in 2.9 s');
  });

  it('classic builder: the running step fails with the build', () => {
    const s = new BuildSteps(clock().now);
    s.line('Step 1/2 : FROM scratch');
    s.line('Step 2/2 : COPY missing /');
    s.end(false);
    expect(s.steps.map((x) => x.state)).toEqual(['done', 'failed']);
  });

  it('BuildKit on 20.10: steps, the engine\'s own DONE times, the failing step with its error; internal vertices are not steps', () => {
    const s = new BuildSteps(clock().now);
    for (const l of BUILDKIT_2010_FAILED.split('\n')) s.line(l);
    expect(s.steps.map((x) => [x.id, x.index, x.total, x.state, x.seconds])).toEqual([
      ['#4', 1, 3, 'done', 0.2],
      ['#5', 2, 3, 'failed', 0],
    ]);
    expect(s.steps[1].error).toBe('executor failed running [/bin/busybox tar -xf /tmp/netplugin-bin.tar -C /contiv/bin]: exit code: 1');
    expect(stepLabel(s.steps[1])).toMatch(/^\[2\/3\] RUN \["\/bin\/busybox".* — failed: executor failed running/);
    expect(s.progress()).toEqual({ done: 1, total: 3 });
  });

  it('BuildKit multi-stage: totals add up across stages, CACHED counts as done, progress reaches the end', () => {
    const s = new BuildSteps(clock().now);
    const seen: string[] = [];
    for (const l of BUILDKIT_MULTISTAGE.split('\n')) {
      const ch = s.line(l);
      if (ch) seen.push(`${ch.step.id} ${ch.done}/${ch.total}`);
    }
    expect(s.steps.map((x) => `${x.stage} ${x.index}/${x.total} ${x.state} ${x.seconds}`)).toEqual([
      'builder 1/4 cached 0',
      'builder 2/4 done 0.1',
      'builder 3/4 done 0.2',
      'builder 4/4 done 41.3',
      'stage-1 1/2 done 0.1',
      'stage-1 2/2 done 0',
    ]);
    expect(s.progress()).toEqual({ done: 6, total: 6 });
    // Before the second stage showed up only the first's 4 steps were known.
    expect(seen.slice(0, 2)).toEqual(['#4 0/4', '#4 1/4']);
    expect(seen.at(-1)).toBe('#10 6/6');
    expect(stepLabel(s.steps[3])).toBe('[builder 4/4] RUN go build -o /out/netplugin ./netplugin — done in 41.3 s');
  });

  it('a vertex whose name line repeats (its output resumed after another vertex) is one step', () => {
    const s = new BuildSteps(clock().now);
    for (const l of ['#5 [1/2] RUN make a', '#6 [stage-1 1/1] RUN make b', '#5 [1/2] RUN make a', '#5 1.002 done a', '#5 DONE 1.1s', '#6 CANCELED']) s.line(l);
    expect(s.steps.map((x) => `${x.id} ${x.state}`)).toEqual(['#5 done', '#6 cancelled']);
  });
});

describe('the build stream parser with BuildKit output', () => {
  it('moves the progress as BuildKit steps end, whether the lines come as text or in stream messages', () => {
    for (const wrap of [(l: string) => `${l}\n`, (l: string) => `${JSON.stringify({ stream: `${l}\n` })}\n`]) {
      const calls: [number, number, string][] = [];
      const lines: string[] = [];
      const p = new BuildStreamParser({ line: (t) => lines.push(t), step: (n, total, text) => calls.push([n, total, text]) }, clock().now);
      p.push(BUILDKIT_MULTISTAGE.split('\n').map(wrap).join(''));
      p.end();
      expect(lines).toContain('#8 DONE 41.3s');
      expect(calls[0]).toEqual([1, 4, expect.stringMatching(/^\[builder 1\/4\] FROM docker\.io\/library\/golang/)]);
      expect(calls.find((c) => c[2].startsWith('[builder 4/4]') && c[2].endsWith('done in 41.3 s'))).toEqual([4, 4, expect.any(String)]); // the second stage is not known yet
      expect(calls.at(-1)![0]).toBe(6);
      expect(p.state.steps).toHaveLength(6);
      expect({ step: p.state.step, total: p.state.total }).toEqual({ step: 6, total: 6 });
    }
  });

  it('keeps per-step elapsed for the classic stream too', () => {
    const c = clock();
    const p = new BuildStreamParser({ line: () => c.tick(1000) }, c.now);
    p.push(`${CLASSIC_2010.map((l) => JSON.stringify({ stream: `${l}\n` })).join('\n')}\n{"aux":{"ID":"sha256:0c1d2e3f4a5b"}}\n`);
    p.end();
    expect(p.state.steps.map((s) => [s.index, s.state, s.seconds])).toEqual([
      [1, 'done', 2],
      [2, 'done', 2],
      [3, 'done', 5],
      [4, 'cached', 4], // its own line, Using cache, the image id, Successfully built
    ]);
  });
});
