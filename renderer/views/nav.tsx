/**
 * The screens, as data: the sidebar and the router both read this list, so a later
 * screen (Build, Editor, Topology, Doctor) is one entry here.
 */
import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n';
import { PluginsView } from './plugins/PluginsView';
import { SettingsView } from './settings/SettingsView';

export interface Screen {
  id: string;
  label: MessageKey;
  Component: ComponentType;
  /** Shows the engine screen instead while the engine is not connected. */
  needsEngine: boolean;
}

export const SCREENS: Screen[] = [
  { id: 'plugins', label: 'nav.plugins', Component: PluginsView, needsEngine: true },
  { id: 'settings', label: 'nav.settings', Component: SettingsView, needsEngine: false },
];

export const DEFAULT_SCREEN = SCREENS[0].id;
