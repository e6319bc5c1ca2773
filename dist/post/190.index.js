export const id = 190;
export const ids = [190];
export const modules = {

/***/ 3190:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TIMEOUT_EXIT_CODE: () => (/* binding */ TIMEOUT_EXIT_CODE),
/* harmony export */   exec: () => (/* binding */ exec),
/* harmony export */   timeoutLine: () => (/* binding */ timeoutLine)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2876);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);




const TAIL_LINES = 25;
function tail(text) {
    return text.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
}
/** What `timeout(1)` exits with; the result says `timedOut` as well. */
const TIMEOUT_EXIT_CODE = 124;
const KILL_GRACE_MS = 10_000;
function timeoutLine(timeoutMs) {
    return `killed after ${Math.round(timeoutMs / 1000)} s: the time limit of one attempt`;
}
/**
 * The timed variant of `exec`: @actions/exec cannot kill what it started, so this one spawns the program
 * itself, echoing and streaming as @actions/exec does (`[command]…`, stdout and stderr to the job log).
 */
function execWithTimeout(command, args, options) {
    return new Promise(resolve => {
        if (options.stream)
            process.stdout.write(`[command]${[command, ...args].join(' ')}\n`);
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, [...args], {
            env: options.env ?? process.env,
            cwd: options.cwd,
            stdio: ['pipe', 'pipe', 'pipe']
        });
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
        let timedOut = false;
        let killer;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
            killer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
        }, options.timeoutMs);
        let spawnError;
        child.on('error', error => (spawnError = error));
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            clearTimeout(killer);
            const err = Buffer.concat(stderr).toString();
            if (spawnError) {
                resolve({ exitCode: 127, stdout: '', stderr: `${command}: not found (${spawnError.message})` });
            }
            else if (timedOut) {
                const line = timeoutLine(options.timeoutMs);
                if (options.stream)
                    process.stderr.write(`${line}\n`);
                resolve({
                    exitCode: TIMEOUT_EXIT_CODE,
                    stdout: Buffer.concat(stdout).toString(),
                    stderr: `${err}${err === '' || err.endsWith('\n') ? '' : '\n'}${line}\n`,
                    timedOut: true
                });
            }
            else {
                // A signal the program did not handle: 128 + its number, as a shell reports it (1 when unknown).
                const exitCode = code ?? (signal ? 128 + (node_os__WEBPACK_IMPORTED_MODULE_1___default().constants).signals[signal] : 1);
                resolve({ exitCode, stdout: Buffer.concat(stdout).toString(), stderr: err });
            }
        });
    });
}
/**
 * Runs a program without a shell and checks its exit code (never its stderr). A program that cannot be
 * found resolves as exit code 127, so engine probes treat it like any other failure.
 */
const exec = async (command, args, options = {}) => {
    let result;
    if (options.timeoutMs !== undefined) {
        result = await execWithTimeout(command, args, { ...options, timeoutMs: options.timeoutMs });
    }
    else {
        try {
            result = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_2__/* .getExecOutput */ .H)(command, [...args], {
                input: options.input === undefined ? undefined : Buffer.from(options.input),
                env: options.env,
                cwd: options.cwd,
                silent: !options.stream,
                ignoreReturnCode: true
            });
        }
        catch (error) {
            // @actions/exec throws before spawning when the executable is not on PATH.
            if (error instanceof Error && /Unable to locate executable|ENOENT/.test(error.message)) {
                result = { exitCode: 127, stdout: '', stderr: `${command}: not found` };
            }
            else {
                throw error;
            }
        }
    }
    if (result.exitCode !== 0 && !options.allowFailure) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .CommandError */ .Qd([command, ...args].join(' '), result.exitCode, tail(result.stderr || result.stdout));
    }
    return result;
};


/***/ })

};

//# sourceMappingURL=190.index.js.map