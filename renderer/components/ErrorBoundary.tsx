/**
 * Never a blank window: a render error anywhere below shows what broke and a way
 * out, instead of React unmounting the whole tree.
 */
import { Component, type ErrorInfo as ReactErrorInfo, type ReactNode } from 'react';
import { translate, type Language } from '../i18n';

interface Props {
  children: ReactNode;
  /** Read at render time: the boundary may sit outside the stores' provider. */
  language?: () => Language;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ReactErrorInfo) {
    // The console is where a developer looks; the screen below is for the user.
    console.error('Plugsmith UI error', error, info.componentStack);
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const lang = this.props.language?.() ?? 'en';
    return (
      <div className="crash" role="alert">
        <h1>{translate(lang, 'crash.title')}</h1>
        <p>{translate(lang, 'crash.body')}</p>
        <pre className="crash-message">{String(error.message || error)}</pre>
        <div className="row">
          <button type="button" className="button" onClick={() => this.setState({ error: null })}>
            {translate(lang, 'crash.retry')}
          </button>
          <button type="button" className="button primary" onClick={() => window.location.reload()}>
            {translate(lang, 'crash.reload')}
          </button>
        </div>
      </div>
    );
  }
}
