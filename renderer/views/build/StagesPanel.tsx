/** The pipeline's stages: state, elapsed (ticking while running) and each stage's CLI twin. */
import { CommandHint } from '../../components/CommandHint';
import { useT } from '../../i18n/useT';
import type { MessageKey } from '../../i18n';
import type { BuildJobView, StageState } from '../../stores/build';
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
    <section className="build-card build-stages" aria-label={t('build.stages.title')}>
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
            </li>
          );
        })}
      </ol>
    </section>
  );
}
