// The app page's Content-Security-Policy for the Electron shell, in a module of its own so build
// checks can read it without loading Electron: the one policy of src/shared, as a header.

export { CONTENT_SECURITY_POLICY as CSP } from '../shared/content-security-policy'
