// The one Content-Security-Policy of the renderer, sent by both shells and written into the page.

/**
 * Nothing is allowed unless named: scripts, styles and fonts come from the app itself (no inline
 * script or style: React, Leaflet and the charts set styles through the DOM, which CSP allows);
 * images also from data:/blob: (Leaflet's icons, generated pictures) and from http(s) only for the
 * optional online map tiles an office configures (off by default). Nothing may frame the page,
 * post a form or change its base URL.
 */
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data: blob: http: https:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
]

/** Directives a browser ignores (and warns about) in a `<meta>` element. */
const HEADER_ONLY = new Set(['frame-ancestors'])

/** The policy as a response header (Electron's session, the browser-mode server). */
export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ')

/** The same policy for the page's own `<meta http-equiv>`, which also holds where no header is sent. */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name))
  .map(([name, value]) => `${name} ${value}`)
  .join('; ')
