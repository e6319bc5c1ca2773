export const id = 190;
export const ids = [190];
export const modules = {

/***/ 3190:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   exec: () => (/* binding */ exec)
/* harmony export */ });
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2876);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);


const TAIL_LINES = 25;
function tail(text) {
    return text.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
}
/**
 * Runs a program without a shell and checks its exit code (never its stderr). A program that cannot be
 * found resolves as exit code 127, so engine probes treat it like any other failure.
 */
const exec = async (command, args, options = {}) => {
    let result;
    try {
        result = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_0__/* .getExecOutput */ .H)(command, [...args], {
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
    if (result.exitCode !== 0 && !options.allowFailure) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CommandError */ .Qd([command, ...args].join(' '), result.exitCode, tail(result.stderr || result.stdout));
    }
    return result;
};


/***/ })

};

//# sourceMappingURL=190.index.js.map