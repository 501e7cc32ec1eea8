// Renderer entry: make sure window.api exists (fetch shim in a browser), fit charts to paper when
// printing, then mount the app.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { installApi } from './api'
import { App } from './App'
import { applyDocumentLanguage } from './i18n'
import { installPrintFit } from './print-fit'
import './styles.css'
import './accounts.css'

installApi()
applyDocumentLanguage()
installPrintFit()

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}
