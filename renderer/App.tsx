/**
 * The shell: sidebar, the current screen (or the engine screen when the engine is
 * not there), the status bar. Starts the app-wide streams (engine, jobs, settings);
 * each screen starts its own and disposes them when it goes away.
 */
import { useEffect } from 'react';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Sidebar } from './components/Sidebar';
import { StatusBar } from './components/StatusBar';
import { useTheme } from './components/useTheme';
import { useLanguage, useT } from './i18n/useT';
import { useEngine, useStores } from './stores/context';
import { EngineScreen } from './views/engine/EngineScreen';
import { DEFAULT_SCREEN, SCREENS } from './views/nav';
import { useRoute } from './views/route';

export function App() {
  const stores = useStores();
  const t = useT();
  const lang = useLanguage();
  useTheme();

  useEffect(() => {
    const offEngine = stores.engine.getState().start();
    const offJobs = stores.jobs.getState().start();
    void stores.settings.getState().load();
    return () => {
      offEngine();
      offJobs();
    };
  }, [stores]);

  const route = useRoute(
    DEFAULT_SCREEN,
    SCREENS.map((s) => s.id),
  );
  const screen = SCREENS.find((s) => s.id === route)!;
  const status = useEngine((s) => s.status);
  const engineDown = screen.needsEngine && status !== null && status.state !== 'connected';

  useEffect(() => {
    document.title = `${t(screen.label)} — ${t('app.name')}`;
  }, [t, screen]);

  return (
    <div className="app">
      <Sidebar screens={SCREENS} current={route} />
      <main className="main" id="main">
        {/* Keyed by screen: a crash in one screen does not follow the user to the next. */}
        <ErrorBoundary key={route} language={() => lang}>
          {engineDown ? <EngineScreen status={status} /> : <screen.Component />}
        </ErrorBoundary>
      </main>
      <StatusBar />
    </div>
  );
}
