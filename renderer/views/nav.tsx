/**
 * The screens, as data: the sidebar and the router both read this list, so a later
 * screen (Build, Editor, Topology, Doctor) is one entry here.
 */
import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n';
import { BuildView } from './build/BuildView';
import { DoctorView } from './doctor/DoctorView';
import { EditorView } from './editor/EditorView';
import { InstallView } from './install/InstallView';
import { NetmasterView } from './netmaster/NetmasterView';
import { PluginsView } from './plugins/PluginsView';
import { SettingsView } from './settings/SettingsView';
import { TopologyView } from './topology/TopologyView';

export interface Screen {
  id: string;
  label: MessageKey;
  Component: ComponentType;
  /** Shows the engine screen instead while the engine is not connected. */
  needsEngine: boolean;
}

export const SCREENS: Screen[] = [
  { id: 'plugins', label: 'nav.plugins', Component: PluginsView, needsEngine: true },
  // Installing from a registry: the engine pulls it, so it needs the engine (the registry read alone would not).
  { id: 'install', label: 'install.nav', Component: InstallView, needsEngine: true },
  // Editing a file needs no engine (only the diff does, and it says so).
  { id: 'editor', label: 'nav.editor', Component: EditorView, needsEngine: false },
  // Building needs the engine at every stage (build, create, enable).
  { id: 'build', label: 'build.nav', Component: BuildView, needsEngine: true },
  // netmaster is its own server: browsing it needs no Docker engine.
  { id: 'netmaster', label: 'netmaster.nav', Component: NetmasterView, needsEngine: false },
  // The graph shows with the engine down too: Docker is one source of four, and its banner says why.
  { id: 'topology', label: 'topology.nav', Component: TopologyView, needsEngine: false },
  // The doctor is what tells why the engine is down: it runs with the engine gone too.
  { id: 'doctor', label: 'doctor.nav', Component: DoctorView, needsEngine: false },
  { id: 'settings', label: 'nav.settings', Component: SettingsView, needsEngine: false },
];

export const DEFAULT_SCREEN = SCREENS[0].id;
