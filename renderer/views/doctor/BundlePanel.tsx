/**
 * "Save diagnostic bundle…": a path on the machine the service runs on (in serve mode that is
 * not the browser's machine, so no file picker), then where it went, its size and how many
 * secret values were replaced.
 */
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { useDoctor, useDoctorStore } from './useDoctor';

export function BundlePanel() {
  const t = useT();
  const store = useDoctorStore();
  const path = useDoctor((s) => s.bundlePath);
  const bundle = useDoctor((s) => s.bundle);
  return (
    <section className="doctor-card doctor-bundle" aria-labelledby="doctor-bundle-title">
      <h2 id="doctor-bundle-title">{t('doctor.bundle.title')}</h2>
      <p className="muted">{t('doctor.bundle.note')}</p>
      <form
        className="doctor-row"
        onSubmit={(e) => {
          e.preventDefault();
          void store.getState().saveBundle();
        }}
      >
        <input
          className="input mono doctor-grow"
          aria-label={t('doctor.bundle.path')}
          placeholder="/tmp/plugsmith-doctor.tar.gz"
          value={path}
          onChange={(e) => store.getState().setForm({ bundlePath: e.target.value })}
        />
        <button type="submit" className="button" disabled={!path.trim() || bundle.busy}>
          {bundle.busy ? t('doctor.bundle.saving') : t('doctor.bundle.save')}
        </button>
      </form>
      {bundle.result ? (
        <p className="doctor-bundle-result" data-testid="doctor-bundle-result" role="status">
          {t('doctor.bundle.saved', { path: bundle.result.path, bytes: bundle.result.bytes, redactions: bundle.result.redactions })}
        </p>
      ) : null}
      {bundle.error ? <ErrorNote error={bundle.error} title={t('doctor.bundle.failed')} testId="doctor-bundle-error" /> : null}
    </section>
  );
}
