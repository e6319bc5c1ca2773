/**
 * The run's cancellation. When a job is cancelled the Actions runner sends SIGINT to the step's node process
 * (only to it, not to the programs it started), SIGTERM 7.5 s later, and kills the process tree 2.5 s after that.
 * The entry turns the first signal into `cancel()`; from then on every program the action started is stopped
 * (exec.ts), every registry request is aborted and every retry wait ends, and no new program starts.
 */

/** Why work stopped: the first line of the step's error when a run is cancelled. */
export class CancelledError extends Error {
  constructor(
    readonly why: string,
    /** What the program that was stopped had printed (exec.ts): where it was when it stopped. */
    readonly output?: {readonly stdout: string; readonly stderr: string}
  ) {
    super(`cancelled (${why})`)
    this.name = 'CancelledError'
  }

  /** The same cancellation, with what a stopped program printed. */
  during(output: {readonly stdout: string; readonly stderr: string}): CancelledError {
    return new CancelledError(this.why, output)
  }
}

const controller = new AbortController()

/** Aborted once the run is cancelled; its reason is the CancelledError. */
export const cancelSignal: AbortSignal = controller.signal

/** Cancels the run; later calls change nothing (the first reason stays). */
export function cancel(why: string): void {
  if (!controller.signal.aborted) controller.abort(new CancelledError(why))
}

export function isCancelled(): boolean {
  return controller.signal.aborted
}

/** The CancelledError of a cancelled run. */
export function cancellation(): CancelledError {
  const reason: unknown = controller.signal.reason
  return reason instanceof CancelledError ? reason : new CancelledError(String(reason))
}

/** Throws the CancelledError once the run is cancelled: the check before starting anything new. */
export function throwIfCancelled(): void {
  if (controller.signal.aborted) throw cancellation()
}

/** `signal` that also aborts when the run is cancelled. */
export function orCancelled(signal: AbortSignal): AbortSignal {
  return AbortSignal.any([signal, controller.signal])
}

/** A wait that ends early, rejecting with the CancelledError, when the run is cancelled. */
export function cancellableSleep(ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (controller.signal.aborted) {
      reject(cancellation())
      return
    }
    const onCancel = (): void => {
      clearTimeout(timer)
      reject(cancellation())
    }
    const timer = setTimeout(() => {
      controller.signal.removeEventListener('abort', onCancel)
      resolve()
    }, ms)
    controller.signal.addEventListener('abort', onCancel, {once: true})
  })
}
