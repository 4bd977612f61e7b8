/**
 * The screens, as data: the sidebar and the router both read this list, so a later
 * screen (Build, Editor, Topology, Doctor) is one entry here.
 */
import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n';
import { BuildView } from './build/BuildView';
import { EditorView } from './editor/EditorView';
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
  // Editing a file needs no engine (only the diff does, and it says so).
  { id: 'editor', label: 'nav.editor', Component: EditorView, needsEngine: false },
  // Building needs the engine at every stage (build, create, enable).
  { id: 'build', label: 'build.nav', Component: BuildView, needsEngine: true },
  { id: 'settings', label: 'nav.settings', Component: SettingsView, needsEngine: false },
];

export const DEFAULT_SCREEN = SCREENS[0].id;
