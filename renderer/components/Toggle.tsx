/**
 * An on/off switch that is a real button (role="switch", aria-checked), so Space and
 * Enter work and screen readers announce it. While busy it says so (aria-busy, a
 * spinner) and ignores presses; aria-disabled rather than `disabled` keeps it focusable
 * so keyboard users do not lose their place mid-job.
 */
export interface ToggleProps {
  checked: boolean;
  busy?: boolean;
  label: string;
  describedBy?: string;
  onChange(next: boolean): void;
}

export function Toggle({ checked, busy = false, label, describedBy, onChange }: ToggleProps) {
  return (
    <button
      type="button"
      role="switch"
      className="toggle"
      aria-checked={checked}
      aria-busy={busy}
      aria-disabled={busy || undefined}
      aria-label={label}
      aria-describedby={describedBy}
      onClick={() => {
        if (!busy) onChange(!checked);
      }}
    >
      <span className="toggle-track" aria-hidden="true">
        <span className="toggle-thumb">{busy ? <span className="spinner" /> : null}</span>
      </span>
    </button>
  );
}
