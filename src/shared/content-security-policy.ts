// The one Content-Security-Policy of the renderer, sent by both shells and written into the page.

/**
 * Everything comes from the app itself; images may also come from http(s) for the optional
 * online map tiles the office configures, and from data:/blob: for Leaflet's icons and
 * generated pictures. Nothing may frame the page, post a form or change its base URL.
 */
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob: http: https:"],
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
