/**
 * How the build ended, in plain words: success; the stage that failed with the
 * engine's error (raw detail one click away); a taken name with Replace / New tag;
 * a plugin made but not enabled, which stays and is said so.
 */
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { whoSaid } from '../../components/said-by';
import { useT } from '../../i18n/useT';
import type { MessageKey } from '../../i18n';
import { createdButNotEnabled, nameTaken, type BuildJobView } from '../../stores/build';
import { useBuildStore } from './useBuild';

/**
 * The networks a blocked replace names: the pipeline puts `{"networks": [...]}` on the first
 * line of the error's detail (build/replace-blocked). Empty when there is none to offer.
 */
export function blockingNetworks(error: { code: string; detail?: string } | null): string[] {
  if (!error || error.code !== 'build/replace-blocked' || !error.detail) return [];
  try {
    const j = JSON.parse(error.detail.split('\n')[0]) as { networks?: unknown };
    return Array.isArray(j.networks) ? j.networks.filter((n): n is string => typeof n === 'string' && n.length > 0) : [];
  } catch {
    return [];
  }
}

/** The engine refuses a second plugin whose rootfs is byte-identical to one it holds. */
const SAME_CONTENT = /content sha256:[0-9a-f]+.*already exists|already exists.*content sha256/i;

export function BuildOutcome({ job, onNewTag }: { job: BuildJobView; onNewTag(): void }) {
  const t = useT();
  const store = useBuildStore();
  const [confirming, setConfirming] = useState(false);
  const [removingNets, setRemovingNets] = useState<string[] | null>(null);

  if (job.state === 'succeeded') {
    const enabled = job.result?.plugin?.enabled ?? job.stages.some((s) => s.stage === 'enable' && s.state === 'succeeded');
    return (
      <div className="build-outcome ok" role="status" data-testid="build-outcome" data-state="succeeded">
        <p>
          <strong>{t(enabled ? 'build.done.enabled' : 'build.done.created', { name: job.result?.name ?? job.name })}</strong>{' '}
          <a href="#/plugins">{t('build.openPlugins')}</a>
        </p>
        <Changes job={job} />
      </div>
    );
  }
  if (job.state === 'cancelled') {
    return (
      <div className="build-outcome warn" role="status" data-testid="build-outcome" data-state="cancelled">
        <p>{t('build.cancelled')}</p>
      </div>
    );
  }
  if (job.state !== 'failed' || !job.error) return null;

  const stage = job.failedStage ? t(`build.stage.${job.failedStage}` as MessageKey) : null;
  const taken = nameTaken(job);
  const nets = blockingNetworks(job.error);
  return (
    <div className="build-outcome bad" data-testid="build-outcome" data-state="failed" data-stage={job.failedStage ?? ''}>
      <ErrorNote error={job.error} title={stage ? t('build.failed.at', { stage, who: whoSaid(job.error.code, t) }) : t('build.failed')} testId="build-error" />
      {taken ? (
        <div className="build-offer" data-testid="build-exists">
          <p>{t('build.exists.body', { name: job.name })}</p>
          <div className="row">
            <button type="button" className="button danger" onClick={() => setConfirming(true)}>
              {t('build.exists.replace')}
            </button>
            <button type="button" className="button" onClick={onNewTag}>
              {t('build.exists.newTag')}
            </button>
          </div>
        </div>
      ) : null}
      {nets.length ? (
        <div className="build-offer" data-testid="build-replace-blocked">
          <p>{t('build.replaceNets.body', { name: job.name, count: nets.length })}</p>
          <ul className="mono" data-testid="build-blocking-networks">
            {nets.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
          <button type="button" className="button danger" onClick={() => setRemovingNets(nets)}>
            {t('build.replaceNets.offer', { count: nets.length })}
          </button>
        </div>
      ) : null}
      {removingNets ? (
        <ConfirmDialog
          title={t('build.replaceNets.title', { name: job.name })}
          confirmLabel={t('build.replaceNets.confirm', { count: removingNets.length })}
          cancelLabel={t('common.cancel')}
          danger
          onCancel={() => setRemovingNets(null)}
          onConfirm={() => {
            const confirmed = removingNets;
            setRemovingNets(null);
            void store.getState().start({ replace: true, removeNetworks: confirmed });
          }}
        >
          <p>{t('build.replaceNets.confirmBody')}</p>
          <ul className="mono">
            {removingNets.map((n) => (
              <li key={n}>docker network rm {n}</li>
            ))}
          </ul>
          <p>
            <strong>{t('build.replaceNets.notRecreated')}</strong>
          </p>
          <p>
            <strong>{t('build.replace.noUndo')}</strong>
          </p>
        </ConfirmDialog>
      ) : null}
      {SAME_CONTENT.test(`${job.error.message} ${job.error.detail ?? ''}`) ? <p className="build-note warn">{t('build.sameContent')}</p> : null}
      {createdButNotEnabled(job) ? (
        <p className="build-note warn" data-testid="build-not-enabled">
          {t('build.notEnabled', { name: job.name })} <a href="#/plugins">{t('build.openPlugins')}</a>{' '}
          <a href="#/doctor" data-testid="build-ask-doctor">{t('build.askDoctor')}</a>
        </p>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={t('build.replace.title', { name: job.name })}
          confirmLabel={t('build.replace.confirm')}
          cancelLabel={t('common.cancel')}
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void store.getState().start({ replace: true });
          }}
        >
          <p>{t('build.replace.body', { name: job.name })}</p>
          <p>
            <strong>{t('build.replace.noUndo')}</strong>
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

/** What the build changed: the config (template filled in, the name setting) and the settings applied or carried over from a replaced plugin. */
function Changes({ job }: { job: BuildJobView }) {
  const t = useT();
  const config = job.result?.configChanges ?? [];
  const settings = job.result?.settingsChanges ?? [];
  if (!config.length && !settings.length) return null;
  return (
    <ul className="build-changes" aria-label={t('build.changes.title')} data-testid="build-changes">
      {config.map((c, i) => (
        <li key={`c${i}`} className="mono">
          {c.from !== null ? t('build.changes.config', { what: c.what, from: c.from, to: c.to }) : c.what}
        </li>
      ))}
      {settings.map((c) => (
        <li key={`s${c.key}`} className="mono">
          {t(c.source === 'replaced-plugin' ? 'build.changes.kept' : 'build.changes.given', { key: c.key, from: c.from ?? t('build.name.unset'), to: c.to })}
        </li>
      ))}
    </ul>
  );
}
