/**
 * The doctor's one-click fixes, built in one place so every check says the same thing the same
 * way: each carries its CLI twin (what the button does, as a user would type it). Only fixes whose
 * outcome is known are offered — enabling a plugin, setting a value the doctor can name — and
 * where only the user knows the value, an action that opens the place to type it.
 */
import { cli, shellQuote } from '../docker/plugin-model';
import type { DoctorAction, DoctorSettingsField } from '../../ipc/types';

export function enablePlugin(plugin: string): DoctorAction {
  return { kind: 'enable-plugin', plugin, command: cli.enable(plugin) };
}

/** `docker plugin set` refuses an enabled plugin ("cannot set on an active plugin"): then the fix disables, sets, enables. */
export function setSetting(plugin: string, key: string, value: string, enabled: boolean): DoctorAction {
  const set = cli.set(plugin, [{ key, value }]);
  return { kind: 'set-setting', plugin, key, value, disableFirst: enabled, command: enabled ? `${cli.disable(plugin)} && ${set} && ${cli.enable(plugin)}` : set };
}

export function openEditor(plugin: string, field: string, enabled: boolean, placeholder: string): DoctorAction {
  const set = cli.set(plugin, [{ key: field, value: placeholder }]);
  return { kind: 'open-editor', plugin, field, command: enabled ? `${cli.disable(plugin)} && ${set} && ${cli.enable(plugin)}` : set };
}

/**
 * The CLI has no settings command: the true twin of a Settings field is the environment variable
 * (or flag) the CLI reads for the same thing.
 */
const SETTING_TWIN: Record<DoctorSettingsField, (v: string) => string> = {
  netmasterUrl: (v) => `plugsmith doctor --netmaster ${shellQuote(v)}`,
  engineLogPath: (v) => `PLUGSMITH_ENGINE_LOG=${shellQuote(v)} plugsmith doctor`,
  ovsdbSocket: (v) => `PLUGSMITH_OVSDB=${shellQuote(v)} plugsmith doctor`,
};

const SETTING_EXAMPLE: Record<DoctorSettingsField, string> = {
  netmasterUrl: 'http://HOST:9999',
  engineLogPath: '/var/log/docker.log',
  ovsdbSocket: 'unix:/var/run/openvswitch/db.sock',
};

export function openSettings(field: DoctorSettingsField, example = SETTING_EXAMPLE[field]): DoctorAction {
  return { kind: 'open-settings', field, command: SETTING_TWIN[field](example) };
}
