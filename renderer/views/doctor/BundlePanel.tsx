/**
 * "Save diagnostic bundle…": Preview collects it (doctor run, every part, secrets redacted) and
 * lists its files with their content; Save writes that previewed bundle, byte for byte. Without a
 * preview, Save collects and writes in one go. The path is on the machine the service runs on (in
 * serve mode that is not the browser's machine, so no file picker). Afterwards: where it went,
 * its size and how many secret values were replaced.
 */
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { BundlePreview, useBundlePreview, useBundlePreviewStore } from './BundlePreview';
import { useDoctor, useDoctorStore } from './useDoctor';

export function BundlePanel() {
  const t = useT();
  const doctor = useDoctorStore();
  const previews = useBundlePreviewStore();
  const path = useDoctor((s) => s.bundlePath);
  const plugin = useDoctor((s) => s.plugin);
  const direct = useDoctor((s) => s.bundle);
  const preview = useBundlePreview((s) => s.preview);
  const busy = useBundlePreview((s) => s.busy);
  const saved = useBundlePreview((s) => s.saved);
  const error = useBundlePreview((s) => s.error);
  const errorDuring = useBundlePreview((s) => s.errorDuring);
  const anyBusy = busy !== null || direct.busy;
  // The newest outcome of either path; a preview's save wins while a preview is shown.
  const result = preview ? saved : (direct.result ?? saved);
  const failure = error ?? (preview ? null : direct.error);
  const failureTitle = error && errorDuring === 'preview' ? t('doctor.bundle.previewFailed') : t('doctor.bundle.failed');

  const save = () => {
    if (preview) void previews.getState().save(path);
    else void doctor.getState().saveBundle();
  };

  return (
    <section className="card doctor-bundle" aria-labelledby="doctor-bundle-title">
      <h2 id="doctor-bundle-title">{t('doctor.bundle.title')}</h2>
      <p className="muted">{t('doctor.bundle.note')}</p>
      <form
        className="doctor-row"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <input
          className="input mono doctor-grow"
          aria-label={t('doctor.bundle.path')}
          placeholder="/tmp/plugsmith-doctor.tar.gz"
          value={path}
          onChange={(e) => doctor.getState().setForm({ bundlePath: e.target.value })}
        />
        <button type="button" className="button" disabled={anyBusy} onClick={() => void previews.getState().load(plugin)} data-testid="doctor-bundle-preview-button">
          {busy === 'preview' ? t('doctor.bundle.previewing') : t('doctor.bundle.preview')}
        </button>
        <button type="submit" className="button" disabled={!path.trim() || anyBusy}>
          {busy === 'save' || direct.busy ? t('doctor.bundle.saving') : preview ? t('doctor.bundle.savePreview') : t('doctor.bundle.save')}
        </button>
        {preview ? (
          <button type="button" className="button" disabled={anyBusy} onClick={() => previews.getState().clear()}>
            {t('doctor.bundle.discard')}
          </button>
        ) : null}
      </form>
      {result ? (
        <p className="doctor-bundle-result" data-testid="doctor-bundle-result" role="status">
          {t('doctor.bundle.saved', { path: result.path, bytes: result.bytes, redactions: result.redactions })}
        </p>
      ) : null}
      {failure ? <ErrorNote error={failure} title={failureTitle} testId="doctor-bundle-error" /> : null}
      <BundlePreview />
    </section>
  );
}
