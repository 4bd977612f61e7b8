/**
 * The Build screen: open a plugin project, see what it is, fill in the name and
 * settings, Start — then the stages, the outcome and the live log. The log terminal
 * is always mounted: mounting it is what replays the current (or, after a reload,
 * the running) build job from the service.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { LogTerminal } from '../../components/LogTerminal';
import { useT } from '../../i18n/useT';
import type { LogSink } from '../../stores/build';
import { BuildFormPanel } from './BuildFormPanel';
import { BuildOutcome } from './BuildOutcome';
import { ProjectPicker } from './ProjectPicker';
import { ProjectSummary } from './ProjectSummary';
import { StagesPanel } from './StagesPanel';
import { formatElapsed, useNow } from './useNow';
import { useBuild, useBuildStore } from './useBuild';

export function BuildView() {
  const t = useT();
  const store = useBuildStore();
  const project = useBuild((s) => s.project);
  const job = useBuild((s) => s.job);
  const form = useBuild((s) => s.form);
  const nameRef = useRef<HTMLInputElement>(null);
  const [cancelling, setCancelling] = useState(false);
  const running = job?.state === 'running' || job?.state === 'starting';
  const now = useNow(running);

  useEffect(() => {
    void store.getState().loadRecent();
  }, [store]);
  useEffect(() => {
    if (!running) setCancelling(false);
  }, [running]);

  const follow = useCallback((sink: LogSink) => store.getState().follow(sink), [store]);

  const onCancel = async () => {
    setCancelling(true);
    const err = await store.getState().cancel();
    if (err) setCancelling(false);
  };

  const onNewTag = () => {
    const el = nameRef.current;
    if (!el) return;
    el.focus();
    // Select the tag part, ready to be typed over.
    const colon = el.value.lastIndexOf(':');
    if (colon > el.value.lastIndexOf('/')) el.setSelectionRange(colon + 1, el.value.length);
    else el.select();
  };

  const started = job?.startedAt ? Date.parse(job.startedAt) : null;
  const ended = job?.endedAt ? Date.parse(job.endedAt) : null;
  const total = started !== null ? (ended ?? now) - started : null;

  return (
    <div className="build-view">
      <header className="view-header">
        <h1>{t('build.title')}</h1>
        <p className="muted">{t('build.subtitle')}</p>
      </header>
      <div className="build-grid">
        <div className="build-left">
          <ProjectPicker />
          {project ? <ProjectSummary project={project} /> : null}
          {project ? <BuildFormPanel project={project} nameRef={nameRef} busy={running} /> : null}
        </div>
        <div className="build-right">
          {job ? (
            <>
              <p className="build-job-title" data-testid="build-job" data-state={job.state}>
                <span className="mono">{job.name}</span> — {t(`build.jobState.${job.state}`)}
                {job.replace ? <span className="badge badge-warn">{t('build.replacing')}</span> : null}
              </p>
              <BuildOutcome job={job} onNewTag={onNewTag} />
            </>
          ) : null}
          {job ? (
            <StagesPanel
              job={job}
              twin={{
                dir: project?.dir ?? '',
                name: job.name,
                dockerfile: project?.dockerfile ?? null,
                buildArgs: {},
                target: form.target,
                settings: form.settings.filter((s) => s.key.trim()),
                keepImage: form.keepImage,
              }}
            />
          ) : null}
          <LogTerminal
            follow={follow}
            name={job?.name ?? (form.name || 'plugin')}
            progress={job?.progress ?? null}
            stageText={!job ? '' : running ? job.stageText : t(`build.jobState.${job.state}`)}
            running={running}
            onCancel={() => void onCancel()}
            cancelling={cancelling}
            extra={total !== null ? <span className="muted mono" data-testid="build-elapsed">{formatElapsed(total)}</span> : null}
          />
        </div>
      </div>
    </div>
  );
}
