/**
 * The bundle as it will be saved: every file with its size (a list you can walk with the keyboard)
 * and the selected file's redacted content. What is listed is what Save writes — the service holds
 * these entries under the preview's id.
 */
import { useStore } from 'zustand';
import { useT } from '../../i18n/useT';
import { useScreenStore } from '../../stores/screen-store';
import { createBundlePreviewStore, type BundlePreviewStore, type BundlePreviewView } from '../../stores/doctor-logs';

export const useBundlePreviewStore = (): BundlePreviewStore => useScreenStore(createBundlePreviewStore);

export const useBundlePreview = <T,>(sel: (s: BundlePreviewView) => T) => useStore(useBundlePreviewStore(), sel);

export function BundlePreview() {
  const t = useT();
  const store = useBundlePreviewStore();
  const preview = useBundlePreview((s) => s.preview);
  const selected = useBundlePreview((s) => s.selected);
  if (!preview) return null;
  const file = preview.files.find((f) => f.name === selected) ?? null;
  return (
    <div className="doctor-bundle-preview" data-testid="doctor-bundle-preview">
      <p className="muted" data-testid="doctor-bundle-preview-note">
        {t('doctor.bundle.previewNote', { count: preview.files.length, bytes: preview.totalBytes, redactions: preview.redactions })}
      </p>
      <div className="doctor-bundle-preview-body">
        <ul className="doctor-bundle-files" aria-label={t('doctor.bundle.files')}>
          {preview.files.map((f) => (
            <li key={f.name}>
              <button
                type="button"
                className="doctor-bundle-file"
                aria-pressed={f.name === selected}
                data-testid="doctor-bundle-file"
                data-name={f.name}
                onClick={() => store.getState().select(f.name)}
              >
                <span className="mono">{f.name.replace(/^plugsmith-doctor\//, '')}</span>
                <span className="muted">{t('doctor.bundle.fileSize', { bytes: f.bytes })}</span>
              </button>
            </li>
          ))}
        </ul>
        {file ? (
          <div className="doctor-bundle-viewer">
            <div className="mono muted doctor-bundle-viewer-name">{file.name}</div>
            {file.truncated ? <p className="muted">{t('doctor.bundle.cut', { shown: file.text.length, bytes: file.bytes })}</p> : null}
            <pre className="mono" tabIndex={0} aria-label={file.name} data-testid="doctor-bundle-content">
              {file.text}
            </pre>
          </div>
        ) : null}
      </div>
    </div>
  );
}
