// Handlers of src/core/methods/field.ts.

import type { fieldMethods } from '../methods/field'
import * as map from '../services/map'
import * as problems from '../services/problems'
import * as visitPlans from '../services/visit-plans'
import * as visits from '../services/visits'
import type { HandlersOf } from './types'

export const fieldHandlers: HandlersOf<typeof fieldMethods> = {
  'map.villages': map.villages,
  'map.layers': map.layers,
  'map.village': map.village,
  'map.importBoundaries': map.importBoundaries,
  'map.removeBoundaries': map.removeBoundaries,
  'map.importPoints': map.importPoints,
  'map.setPoint': map.setPoint,
  'map.clearPoint': map.clearPoint,
  'map.tiles': (ctx) => map.tiles(ctx),
  'map.setTiles': map.setTiles,
  'visitPlans.draw': visitPlans.draw,
  'visitPlans.create': visitPlans.create,
  'visitPlans.list': (ctx) => visitPlans.list(ctx),
  'visitPlans.get': visitPlans.get,
  'visitPlans.updateItem': visitPlans.updateItem,
  'visitPlans.delete': visitPlans.remove,
  'visitPlans.export': visitPlans.exportPlan,
  'visits.create': visits.create,
  'visits.update': visits.update,
  'visits.addFinding': visits.addFinding,
  'visits.removeFinding': visits.removeFinding,
  'visits.delete': visits.remove,
  'visits.list': visits.list,
  'visits.get': visits.get,
  'visits.summary': visits.summary,
  'problems.create': problems.create,
  'problems.update': problems.update,
  'problems.transition': problems.transition,
  'problems.list': problems.ledger,
  'problems.get': problems.get,
  'problems.export': problems.exportLedger,
}
