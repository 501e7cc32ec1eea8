// The shape of a handler map: each part of the product maps its method names to services.

import type { MethodName, Outputs, Parsed } from '../contract'
import type { Ctx } from '../services/context'

export type Handler<M extends MethodName> = (ctx: Ctx, input: Parsed<M>) => Outputs[M] | Promise<Outputs[M]>

/**
 * A handler whose slow, read-only part (hashing a password) runs first, outside the write lock,
 * so other calls' writes do not queue behind it; `run` then writes with what it found.
 */
export interface TwoStep<M extends MethodName, P = unknown> {
  prepare(ctx: Ctx, input: Parsed<M>): Promise<P>
  run(ctx: Ctx, input: Parsed<M>, prepared: P): Outputs[M] | Promise<Outputs[M]>
}

/** Handlers for exactly the methods of one module (`typeof xxxMethods`). */
export type HandlersOf<T> = { [M in keyof T & MethodName]: Handler<M> | TwoStep<M> }
