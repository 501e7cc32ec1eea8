// Handlers of src/core/methods/imports.ts.

import type { importsMethods } from '../methods/imports'
import { template } from '../services/import-templates'
import * as imports from '../services/imports'
import * as undo from '../services/import-undo'
import type { HandlersOf } from './types'

export const importsHandlers: HandlersOf<typeof importsMethods> = {
  'imports.template': template,
  'imports.addFile': imports.addFile,
  'imports.review': imports.review,
  'imports.mapColumns': imports.mapColumns,
  'imports.commit': imports.commit,
  'imports.cancel': imports.cancel,
  'imports.history': imports.history,
  'imports.undoPreview': undo.undoPreview,
  'imports.undo': undo.undo,
  'imports.mappings': imports.mappings,
  'imports.updateMapping': imports.updateMapping,
  'imports.deleteMapping': imports.deleteMapping,
}
