// How the browser-mode process stops: the first SIGINT/SIGTERM/SIGHUP stops it cleanly, a
// second one while that is under way exits at once.

import os from 'node:os'

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

export interface SignalStopperOptions {
  /** Stops the server and closes the data folder; resolves with the exit code. */
  stop: () => Promise<number>
  exit: (code: number) => void
  say: (line: string) => void
}

/** The handler for every stop signal. */
export function signalStopper(opts: SignalStopperOptions): (signal: NodeJS.Signals) => void {
  let stopping = false
  return (signal) => {
    if (stopping) {
      // The first stop is waiting for calls in the core; the journal already holds every
      // acknowledged write, so leaving now loses nothing (the lock is found stale next time).
      opts.say(`再次收到 ${signal}，立即退出。`)
      opts.exit(128 + (os.constants.signals[signal] ?? 0))
      return
    }
    stopping = true
    opts.say(`收到 ${signal}，正在关闭…`)
    void opts.stop().then(opts.exit, () => opts.exit(1))
  }
}
