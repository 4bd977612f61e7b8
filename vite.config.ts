/**
 * The renderer build: renderer/ → dist/renderer, relative asset paths so the page
 * works from file:// inside app.asar as well as from `plugsmith serve`. The CSP
 * meta tag is filled from electron/ipc/csp.ts here, so the policy has one source.
 */
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { CSP_PLACEHOLDER, metaPolicy } from './electron/ipc/csp';

const here = fileURLToPath(new URL('.', import.meta.url));

function contentSecurityPolicy(): Plugin {
  return {
    name: 'plugsmith-csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        // A page without its policy must not ship: fail the build rather than drop the tag.
        if (!html.includes(CSP_PLACEHOLDER)) throw new Error(`renderer/index.html lacks the CSP placeholder ${CSP_PLACEHOLDER}`);
        return html.replaceAll(CSP_PLACEHOLDER, metaPolicy());
      },
    },
  };
}

export default defineConfig({
  root: `${here}renderer`,
  base: './',
  // The browser tab's icon in serve mode (made by assets/make-icons.mjs); copied as-is to dist/renderer.
  publicDir: `${here}assets/public`,
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: `${here}dist/renderer`,
    emptyOutDir: true,
    sourcemap: false,
    // Electron 41 is Chromium 146; Debian's Chromium is as new: no legacy transforms.
    target: 'chrome120',
    // Inline nothing as data: URLs beyond what img-src allows; fonts and images stay files.
    assetsInlineLimit: 0,
  },
});
