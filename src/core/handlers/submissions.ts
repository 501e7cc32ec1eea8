// Handlers of src/core/methods/submissions.ts.

import type { submissionsMethods } from '../methods/submissions'
import * as submissions from '../services/submissions'
import type { HandlersOf } from './types'

export const submissionsHandlers: HandlersOf<typeof submissionsMethods> = {
  'submissions.form': submissions.form,
  'submissions.readFile': submissions.readFile,
  'submissions.check': submissions.check,
  'submissions.submit': submissions.submit,
  'submissions.list': submissions.list,
  'submissions.preview': submissions.preview,
  'submissions.accept': submissions.accept,
  'submissions.return': submissions.returnSubmission,
}
