/** The left navigation: plain links (keyboard and screen reader friendly), the current one marked. */
import { useT } from '../i18n/useT';
import type { Screen } from '../views/nav';

export function Sidebar({ screens, current }: { screens: Screen[]; current: string }) {
  const t = useT();
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="brand" aria-hidden="true">
        {t('app.name')}
      </div>
      <ul>
        {screens.map((s) => (
          <li key={s.id}>
            <a href={`#/${s.id}`} aria-current={s.id === current ? 'page' : undefined}>
              {t(s.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
