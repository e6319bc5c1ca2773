export const id = 491;
export const ids = [491];
export const modules = {

/***/ 491:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  BUILD_TIMEOUT_MS: () => (/* binding */ BUILD_TIMEOUT_MS),
  QUICK_TIMEOUT_MS: () => (/* binding */ QUICK_TIMEOUT_MS),
  SLOW_TIMEOUT_MS: () => (/* binding */ SLOW_TIMEOUT_MS),
  TIMEOUT_EXIT_CODE: () => (/* binding */ TIMEOUT_EXIT_CODE),
  allProgramsEnded: () => (/* binding */ allProgramsEnded),
  exec: () => (/* binding */ exec),
  runningPrograms: () => (/* binding */ runningPrograms),
  tail: () => (/* binding */ tail),
  timeoutLine: () => (/* binding */ timeoutLine)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/shell/cancel.ts
/**
 * The run's cancellation. When a job is cancelled the Actions runner sends SIGINT to the step's node process
 * (only to it, not to the programs it started), SIGTERM 7.5 s later, and kills the process tree 2.5 s after that.
 * The entry turns the first signal into `cancel()`; from then on every program the action started is stopped
 * (exec.ts), every registry request is aborted and every retry wait ends, and no new program starts.
 */
/** Why work stopped: the first line of the step's error when a run is cancelled. */
class CancelledError extends Error {
    why;
    output;
    constructor(why, 
    /** What the program that was stopped had printed (exec.ts): where it was when it stopped. */
    output) {
        super(`cancelled (${why})`);
        this.why = why;
        this.output = output;
        this.name = 'CancelledError';
    }
    /** The same cancellation, with what a stopped program printed. */
    during(output) {
        return new CancelledError(this.why, output);
    }
}
const controller = new AbortController();
/** Aborted once the run is cancelled; its reason is the CancelledError. */
const cancelSignal = controller.signal;
/** Cancels the run; later calls change nothing (the first reason stays). */
function cancel(why) {
    if (!controller.signal.aborted)
        controller.abort(new CancelledError(why));
}
function isCancelled() {
    return controller.signal.aborted;
}
/** The CancelledError of a cancelled run. */
function cancellation() {
    const reason = controller.signal.reason;
    return reason instanceof CancelledError ? reason : new CancelledError(String(reason));
}
/** Throws the CancelledError once the run is cancelled: the check before starting anything new. */
function throwIfCancelled() {
    if (controller.signal.aborted)
        throw cancellation();
}
/** `signal` that also aborts when the run is cancelled. */
function orCancelled(signal) {
    return AbortSignal.any([signal, controller.signal]);
}
/** A wait that ends early, rejecting with the CancelledError, when the run is cancelled. */
function cancellableSleep(ms) {
    return new Promise((resolve, reject) => {
        if (controller.signal.aborted) {
            reject(cancellation());
            return;
        }
        const onCancel = () => {
            clearTimeout(timer);
            reject(cancellation());
        };
        const timer = setTimeout(() => {
            controller.signal.removeEventListener('abort', onCancel);
            resolve();
        }, ms);
        controller.signal.addEventListener('abort', onCancel, { once: true });
    });
}

// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(382);
;// CONCATENATED MODULE: ./src/shell/exec.ts



/** Probes, inspections, tagging, credential helpers: seconds when all is well. */
const QUICK_TIMEOUT_MS = 2 * 60_000;
/** Creating a builder (it may pull BuildKit's image) and saving an image to a file. */
const SLOW_TIMEOUT_MS = 30 * 60_000;
/** A build: the longest a GitHub-hosted job may run, so a hung engine on a self-hosted runner ends too. */
const BUILD_TIMEOUT_MS = 6 * 60 * 60_000;
const TAIL_LINES = 25;
/** A program's last lines of output, for messages. */
function tail(text) {
    return text.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
}
/** What `timeout(1)` exits with; the result says `timedOut` as well. */
const TIMEOUT_EXIT_CODE = 124;
const KILL_GRACE_MS = 10_000;
/** After the run is cancelled: SIGINT (docker and buildx cancel their work), then SIGTERM, then SIGKILL. */
const CANCEL_STEPS_MS = 2_000;
function timeoutLine(timeoutMs) {
    return `killed after ${Number((timeoutMs / 1000).toFixed(1))} s: its time limit`;
}
const running = new Set();
/** The programs started and not yet ended: what a cancelled run waits for before it exits. */
function runningPrograms() {
    return [...running].map(({ pid, command }) => ({ pid, command }));
}
/** Waits until every program started has ended, or `ms` passed; true when none is left. */
async function allProgramsEnded(ms) {
    let timer;
    const deadline = new Promise(resolve => (timer = setTimeout(() => resolve(false), ms)));
    const ended = Promise.all([...running].map(r => r.exited)).then(() => true);
    const result = await Promise.race([ended, deadline]);
    clearTimeout(timer);
    return result;
}
/** node:child_process on the first program: a dry run starts none and does not load it. */
let childProcess;
const loadSpawn = () => (childProcess ??= Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 421, 23)));
function spawnProgram(spawn, command, args, options, timeoutMs, signal) {
    return new Promise(resolve => {
        if (options.stream)
            process.stdout.write(`[command]${[command, ...args].join(' ')}\n`);
        const child = spawn(command, [...args], {
            env: options.env ?? process.env,
            cwd: options.cwd,
            stdio: ['pipe', 'pipe', 'pipe']
        });
        let markExited = () => undefined;
        const entry = child.pid === undefined
            ? undefined
            : { pid: child.pid, command, exited: new Promise(done => (markExited = done)) };
        if (entry)
            running.add(entry);
        const stdout = [];
        const stderr = [];
        child.stdout.on('data', (chunk) => {
            stdout.push(chunk);
            if (options.stream)
                process.stdout.write(chunk);
        });
        child.stderr.on('data', (chunk) => {
            stderr.push(chunk);
            if (options.stream)
                process.stderr.write(chunk);
        });
        // A program that exits before reading its stdin makes the write fail with EPIPE; its exit code tells.
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.input ?? '');
        const timers = [];
        let timedOut = false;
        timers.push(setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
            timers.push(setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS));
        }, timeoutMs));
        let cancelled = false;
        const onCancel = () => {
            cancelled = true;
            child.kill('SIGINT');
            timers.push(setTimeout(() => child.kill('SIGTERM'), CANCEL_STEPS_MS));
            timers.push(setTimeout(() => child.kill('SIGKILL'), 2 * CANCEL_STEPS_MS));
        };
        signal.addEventListener('abort', onCancel, { once: true });
        let spawnError;
        child.on('error', error => (spawnError = error));
        child.on('close', (code, exitSignal) => {
            for (const timer of timers)
                clearTimeout(timer);
            signal.removeEventListener('abort', onCancel);
            if (entry)
                running.delete(entry);
            markExited();
            const out = Buffer.concat(stdout).toString();
            const err = Buffer.concat(stderr).toString();
            const withLine = (line) => `${err}${err === '' || err.endsWith('\n') ? '' : '\n'}${line}\n`;
            if (spawnError) {
                const stderr = `${command}: not found (${spawnError.message})`;
                resolve({ result: { exitCode: 127, stdout: '', stderr }, cancelled: false });
            }
            else if (cancelled) {
                const result = { exitCode: 130, stdout: out, stderr: withLine('stopped: the run was cancelled') };
                resolve({ result, cancelled });
            }
            else if (timedOut) {
                const line = timeoutLine(timeoutMs);
                if (options.stream)
                    process.stderr.write(`${line}\n`);
                const result = { exitCode: TIMEOUT_EXIT_CODE, stdout: out, stderr: withLine(line), timedOut: true };
                resolve({ result, cancelled: false });
            }
            else {
                // A signal the program did not handle: 128 + its number, as a shell reports it (1 when unknown).
                const exitCode = code ?? (exitSignal ? 128 + (external_node_os_default()).constants.signals[exitSignal] : 1);
                resolve({ result: { exitCode, stdout: out, stderr: err }, cancelled: false });
            }
        });
    });
}
/**
 * Runs a program without a shell and checks its exit code (never its stderr). A program that cannot be found
 * resolves as exit code 127, so engine probes treat it like any other failure. Every program has a time limit;
 * once the run is cancelled nothing new starts and a running program is stopped, and both throw the
 * CancelledError whatever `allowFailure` says, so no caller falls back to starting something else.
 */
const exec = async (command, args, options = {}) => {
    const signal = options.signal ?? cancelSignal;
    const { spawn } = await loadSpawn();
    if (signal.aborted)
        throw signal === cancelSignal ? cancellation() : signal.reason;
    const { result, cancelled } = await spawnProgram(spawn, command, args, options, options.timeoutMs ?? QUICK_TIMEOUT_MS, signal);
    if (cancelled)
        throw signal === cancelSignal ? cancellation().during(result) : signal.reason;
    if (result.exitCode !== 0 && !options.allowFailure) {
        throw new errors/* CommandError */.Qd([command, ...args].join(' '), result.exitCode, tail(result.stderr || result.stdout));
    }
    return result;
};


/***/ })

};

//# sourceMappingURL=491.index.js.map