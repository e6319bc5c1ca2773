export const id = 549;
export const ids = [549];
export const modules = {

/***/ 549:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   stopPrograms: () => (/* binding */ stopPrograms)
/* harmony export */ });
/* unused harmony export killAll */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);

const WAIT_MS = 10_000;
const POLL_MS = 100;
function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        // EPERM: it exists, owned by someone else (so not ours: the pid was reused).
        return error.code === 'EPERM';
    }
}
/** SIGKILL to each; one that ended meanwhile is no error. */
function killAll(programs) {
    for (const { pid } of programs) {
        try {
            process.kill(pid, 'SIGKILL');
        }
        catch {
            // Ended meanwhile.
        }
    }
}
/** The pid still runs the program main started (Linux tells through /proc; elsewhere the pid is trusted). */
async function stillOurs(program) {
    if (!alive(program.pid))
        return false;
    const cmdline = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(`/proc/${program.pid}/cmdline`, 'utf8').catch(() => undefined);
    if (cmdline === undefined)
        return process.platform !== 'linux';
    return cmdline.split('\0')[0] === program.command;
}
/**
 * Kills what a cancelled main left running and waits until it is gone (at most 10 s); returns what it stopped,
 * as `command (pid)`. A pid that now belongs to another program is left alone.
 */
async function stopPrograms(programs) {
    const ours = [];
    for (const program of programs)
        if (await stillOurs(program))
            ours.push(program);
    killAll(ours);
    const until = Date.now() + WAIT_MS;
    while (ours.some(p => alive(p.pid)) && Date.now() < until) {
        await new Promise(resolve => setTimeout(resolve, POLL_MS));
    }
    return ours.map(p => `${p.command} (${p.pid})`);
}


/***/ })

};

//# sourceMappingURL=549.index.js.map