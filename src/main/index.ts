// Electron entry point: the desktop shell (app.ts); anything it did not expect ends in a dialog.
import { app, dialog } from 'electron'
import { serializeError } from '../core/errors'
import { startApp } from './app'

startApp().catch((e: unknown) => {
  dialog.showErrorBox('清洁取暖改造工作台无法启动', serializeError(e).message)
  app.exit(1)
})
