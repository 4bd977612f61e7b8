/**
 * Entry: make the stores from the real transport (renderer/api.ts picks the Electron
 * preload or the serve-mode WebSocket) and render. The outer error boundary catches
 * what the per-screen ones cannot (the shell itself), so the window is never blank.
 */
import './styles/app.css';
import './styles/build.css';
import './styles/editor.css';
import './styles/topology.css';
import './styles/netmaster.css';
import './styles/doctor.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api, connectionState } from './api';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { createStores } from './stores';
import { StoresProvider } from './stores/context';

const stores = createStores(api, connectionState);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary language={() => stores.settings.getState().settings?.language ?? 'en'}>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </ErrorBoundary>
  </StrictMode>,
);
