/**
 * Performing a Doctor fix through the requests the rest of the app already uses (plugins:enable /
 * disable / set; navigation for the Settings fields). Each step's failure comes back as the
 * service's error — code, message and the engine's raw detail — and names the step it stopped at,
 * so "disable failed: plugin … is in use" is not mistaken for a failed set.
 */
import type { PlugsmithApi } from '../../electron/ipc/contract';
import type { DoctorAction, JobInfo } from '../../electron/ipc/types';
import { toErrorInfo, type ErrorInfo } from './errors';

export type FixStep = 'disable' | 'set' | 'enable' | 'clean';

export interface FixError extends ErrorInfo {
  step: FixStep;
}

/** Resolves with the job once it ended (succeeded, failed or cancelled), replaying its stream from the start. */
export function waitForJob(api: PlugsmithApi, jobId: string): Promise<JobInfo> {
  return new Promise((resolve) => {
    let off: (() => void) | null = null;
    let done = false;
    off = api.subscribe('job', { id: jobId }, 0, (env) => {
      const e = env.data;
      if (done || e.type !== 'state' || e.job.state === 'running') return;
      done = true;
      off?.();
      resolve(e.job);
    });
    // The replay may have delivered the end before subscribe returned its disposer.
    if (done) off();
  });
}

async function jobStep(api: PlugsmithApi, step: FixStep, start: () => Promise<{ jobId: string }>): Promise<FixError | null> {
  try {
    const { jobId } = await start();
    const job = await waitForJob(api, jobId);
    if (job.state === 'succeeded') return null;
    return { step, ...(job.error ?? { code: `jobs/${job.state}`, message: `${step} ${job.state}` }) };
  } catch (err) {
    return { step, ...toErrorInfo(err) };
  }
}

/**
 * `docker plugin set` is refused on an enabled plugin ("cannot set on an active plugin"): when
 * the plugin is enabled now (asked now, not when the check ran) it is disabled, set, and enabled
 * again; a failed set still re-enables it, so a fix never leaves a working plugin off.
 */
async function setPluginValue(api: PlugsmithApi, plugin: string, key: string, value: string, onStep?: (s: FixStep) => void): Promise<FixError | null> {
  let enabled = false;
  try {
    enabled = !!(await api.call('plugins:list', {})).find((p) => p.name === plugin)?.enabled;
  } catch (err) {
    return { step: 'set', ...toErrorInfo(err) };
  }
  if (enabled) {
    onStep?.('disable');
    const e = await jobStep(api, 'disable', () => api.call('plugins:disable', { name: plugin }));
    if (e) return e;
  }
  onStep?.('set');
  let setError: FixError | null = null;
  try {
    await api.call('plugins:set', { name: plugin, values: [{ key, value }] });
  } catch (err) {
    setError = { step: 'set', ...toErrorInfo(err) };
  }
  if (enabled) {
    onStep?.('enable');
    const e = await jobStep(api, 'enable', () => api.call('plugins:enable', { name: plugin }));
    if (e && !setError) return e;
  }
  return setError;
}

/**
 * Runs a fix that changes something (enable, set). `value` is what the user typed for an
 * open-editor fix. Navigation fixes (open-settings) are not performed here: they change nothing.
 */
export async function performFix(api: PlugsmithApi, action: DoctorAction, value?: string, onStep?: (s: FixStep) => void): Promise<FixError | null> {
  switch (action.kind) {
    case 'enable-plugin':
      onStep?.('enable');
      return jobStep(api, 'enable', () => api.call('plugins:enable', { name: action.plugin }));
    case 'set-setting':
      return setPluginValue(api, action.plugin, action.key, action.value, onStep);
    case 'open-editor':
      if (value === undefined || value.trim() === '') return { step: 'set', code: 'doctor/empty-value', message: `${action.field} needs a value` };
      return setPluginValue(api, action.plugin, action.field, value, onStep);
    case 'clear-leftover': {
      // The service re-checks it is a leftover; once it is gone the plugin is enabled (the user came for that).
      onStep?.('clean');
      const e = await jobStep(api, 'clean', () => api.call('doctor:clear-leftover', { plugin: action.plugin }));
      if (e) return e;
      onStep?.('enable');
      return jobStep(api, 'enable', () => api.call('plugins:enable', { name: action.plugin }));
    }
    case 'open-settings':
      return null;
  }
}
