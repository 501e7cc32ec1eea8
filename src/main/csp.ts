// The app page's Content-Security-Policy, in a module of its own so build checks can read it
// without loading Electron.

/**
 * The page's policy, also in src/renderer/index.html (a unit test keeps them equal): the meta
 * tag covers the page loaded from file://, the header covers the dev server. Images may come
 * from http(s) only for the online map tiles an office can configure (off by default). No inline
 * script or style: React, Leaflet and the charts set styles through the DOM, which CSP allows.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: http: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')
