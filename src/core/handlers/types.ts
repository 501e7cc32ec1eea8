// The shape of a handler map: each part of the product maps its method names to services.

import type { MethodName, Outputs, Parsed } from '../contract'
import type { Ctx } from '../services/context'

export type Handler<M extends MethodName> = (ctx: Ctx, input: Parsed<M>) => Outputs[M] | Promise<Outputs[M]>

/** Handlers for exactly the methods of one module (`typeof xxxMethods`). */
export type HandlersOf<T> = { [M in keyof T & MethodName]: Handler<M> }
