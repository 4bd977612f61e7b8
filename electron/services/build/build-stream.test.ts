import { describe, expect, it } from 'vitest';
import { BuildStreamParser, explainBuildError } from './build-stream';

describe('the engine build stream', () => {
  it('turns JSON lines into log lines, steps, the image id and the failure', () => {
    const lines: [string, string][] = [];
    const steps: number[] = [];
    const p = new BuildStreamParser({ line: (t, s) => lines.push([t, s]), step: (n) => steps.push(n) });
    // Split across chunks the way a socket delivers them.
    const wire = [
      '{"stream":"Step 1/3 : FROM base"}\n{"stream":"\\n"}\n{"stream":" ---\\u003e 0123456789ab\\n"}\n',
      '{"stream":"Step 2/3 : RUN x"}\n{"stream":"\\n"}\n{"stream":" ---\\u003e Running in fedcba987654\\n"}\n{"stream":"\\u001b[31mboom\\u001b[0m\\n"}',
      '\n{"stream":" ---\\u003e aaaaaaaaaaaa\\n"}\n{"stream":"Step 3/3 : COPY a /"}\n{"stream":"\\n"}\n{"stream":" ---\\u003e Using cache\\n"}\n{"stream":" ---\\u003e bbbbbbbbbbbb\\n"}\n',
      '{"aux":{"ID":"sha256:abc"}}\n{"errorDetail":{"message":"COPY failed: x"},"error":"COPY failed: x"}\n',
    ];
    for (const c of wire) p.push(c);
    p.end();
    expect(steps).toEqual([1, 2, 3]);
    expect(p.state.total).toBe(3);
    expect(p.state.imageId).toBe('sha256:abc');
    expect(p.state.containers).toEqual(['fedcba987654']);
    // 0123… is the FROM base (not ours), bbbb… came from the cache: only aaaa… was made by this build.
    expect(p.state.images).toEqual(['aaaaaaaaaaaa']);
    expect(p.state.error).toEqual({ message: 'COPY failed: x', detail: 'COPY failed: x' });
    expect(lines).toContainEqual(['\u001b[31mboom\u001b[0m', 'stderr']);
    expect(lines).toContainEqual(['Step 2/3 : RUN x', 'stdout']);
  });

  it('says plainly when a base image cannot be pulled', () => {
    const m = explainBuildError('Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host', ['alpine:3.6']);
    expect(m).toMatch(/^FROM alpine:3\.6: the image is not in this engine.*offline, or no registry reachable/);
    expect(explainBuildError('something else', [])).toBe('something else');
  });
});
