import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StoresProvider } from '../../stores/context';
import { createStores } from '../../stores/index';
import type { BuildJobView } from '../../stores/build';
import { createTestApi } from '../../stores/test-double';
import { BuildOutcome } from './BuildOutcome';

function failed(code: string, message: string): BuildJobView {
  const stage = (s: BuildJobView['stages'][number]['stage'], state: BuildJobView['stages'][number]['state']) => ({ stage: s, state, startedAt: null, ms: null, command: null });
  return {
    id: 'j1',
    name: 'example/netdrv:1.0',
    state: 'failed',
    progress: null,
    stageText: '',
    stages: [stage('build', 'succeeded'), stage('create', 'succeeded'), stage('enable', 'failed')],
    error: { code, message },
    failedStage: 'enable',
    result: null,
    startedAt: null,
    endedAt: null,
    command: null,
    replace: false,
  };
}

const render = (job: BuildJobView) =>
  renderToStaticMarkup(
    <StoresProvider stores={createStores(createTestApi().api)}>
      <BuildOutcome job={job} onNewTag={() => {}} />
    </StoresProvider>,
  );

describe('a build that created its plugin but could not enable it', () => {
  it('leads to the Doctor instead of promising one that "will exist"', () => {
    const html = render(failed('build/enable-failed', 'example/netdrv:1.0 was created but failed to enable'));
    expect(html).not.toContain('once it exists');
    expect(html).toMatch(/<a href="#\/doctor"[^>]*>Ask the Doctor why<\/a>/);
  });

  it("heads the error by who said it: Plugsmith's wrapper is not the engine's words", () => {
    expect(render(failed('build/enable-failed', 'created but failed to enable'))).toContain('— Plugsmith said:');
    expect(render(failed('build/failed', 'COPY failed: no such file'))).toContain('— the engine said:');
  });
});
