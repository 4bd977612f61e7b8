/** The pipeline's stages: state, elapsed (ticking while running) and each stage's CLI twin. */
import { CommandHint } from '../../components/CommandHint';
import { useT } from '../../i18n/useT';
import type { MessageKey } from '../../i18n';
import type { BuildJobView, BuildStepView, StageState } from '../../stores/build';
import { stageTwin, type TwinInput } from './twins';
import { formatElapsed, useNow } from './useNow';

const STATE_CLASS: Record<StageState, string> = {
  pending: 'badge-off',
  running: 'badge-info',
  succeeded: 'badge-ok',
  failed: 'badge-danger',
  skipped: 'badge-off',
  cancelled: 'badge-warn',
};

const STATE_ICON: Record<StageState, string> = {
  pending: '○',
  running: '◐',
  succeeded: '✓',
  failed: '✕',
  skipped: '–',
  cancelled: '■',
};

export function StagesPanel({ job, twin }: { job: BuildJobView; twin: TwinInput }) {
  const t = useT();
  const running = job.state === 'running' || job.state === 'starting';
  const now = useNow(running);
  return (
    <section className="card build-card build-stages" aria-label={t('build.stages.title')}>
      <h2>{t('build.stages.title')}</h2>
      <ol className="stage-list">
        {job.stages.map((s) => {
          const ms = s.state === 'running' && s.startedAt !== null ? now - s.startedAt : s.ms;
          const command = s.command ?? stageTwin(s.stage, twin);
          return (
            <li key={s.stage} className={`stage stage-${s.state}`} data-testid={`stage-${s.stage}`} data-state={s.state}>
              <span className="stage-icon" aria-hidden="true">
                {STATE_ICON[s.state]}
              </span>
              <span className="stage-name">{t(`build.stage.${s.stage}` as MessageKey)}</span>
              <span className={`badge ${STATE_CLASS[s.state]}`}>{t(`build.state.${s.state}` as MessageKey)}</span>
              <span className="stage-twin">{s.state !== 'skipped' && s.state !== 'pending' ? <CommandHint command={command} /> : null}</span>
              <span className="stage-elapsed muted mono">{formatElapsed(ms)}</span>
              {s.message ? <p className="stage-message">{s.message}</p> : null}
              {s.stage === 'build' && job.buildSteps?.length ? <BuildSteps steps={job.buildSteps} now={now} label={t('build.stage.build')} /> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

const STEP_ICON: Record<BuildStepView['state'], string> = { running: '◐', done: '✓', cached: '↺', failed: '✕', cancelled: '■' };

// Inline: build.css is not this component's file; the CSP allows inline styles (xterm needs them too).
const STEPS_STYLE = { gridColumn: '2 / -1', listStyle: 'none', margin: 0, padding: 0, maxHeight: '12em', overflowY: 'auto' } as const;
const STEP_STYLE = { display: 'grid', gridTemplateColumns: '1.2em minmax(0, 1fr) 4em', gap: '0 8px', fontSize: '0.9em' } as const;
const STEP_LABEL_STYLE = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;

/** The Dockerfile's steps under the build stage, each with its elapsed time (BuildKit's own, or measured between classic steps). */
function BuildSteps({ steps, now, label }: { steps: BuildStepView[]; now: number; label: string }) {
  return (
    <ol className="build-steps" aria-label={label} data-testid="build-steps" style={STEPS_STYLE}>
      {steps.map((x) => (
        <li key={x.key} className={`build-step build-step-${x.state}`} data-state={x.state} style={STEP_STYLE}>
          <span className="stage-icon" aria-hidden="true">
            {STEP_ICON[x.state]}
          </span>
          <span className="build-step-label mono" title={x.label} style={STEP_LABEL_STYLE}>
            {x.label}
          </span>
          <span className="stage-elapsed muted mono">{formatElapsed(x.state === 'running' && x.startedAt !== null ? now - x.startedAt : x.ms)}</span>
        </li>
      ))}
    </ol>
  );
}
