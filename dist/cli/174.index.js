export const id = 174;
export const ids = [174];
export const modules = {

/***/ 7793:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $b: () => (/* binding */ DOCKER_CERTS_DIR),
/* harmony export */   q5: () => (/* binding */ registryCa)
/* harmony export */ });
/* unused harmony export dockerCertsDirCa */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


const DOCKER_CERTS_DIR = '/etc/docker/certs.d';
/**
 * Docker's convention for private registries: every `*.crt` in `<dir>/<host:port>/` is a trusted CA for that
 * registry. Returns them as one PEM bundle, or undefined when there are none (a missing directory is normal).
 */
async function dockerCertsDirCa(registry, dir = DOCKER_CERTS_DIR) {
    const hostDir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, registry);
    let names;
    try {
        names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(hostDir);
    }
    catch {
        return undefined;
    }
    const pems = await Promise.all(names
        .filter(name => name.endsWith('.crt'))
        .sort()
        .map(name => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(hostDir, name), 'utf8')));
    const bundle = pems.map(pem => pem.trim()).filter(pem => pem !== '');
    return bundle.length === 0 ? undefined : `${bundle.join('\n')}\n`;
}
/** The CA bundle for a registry: the caller's PEM plus docker's certs.d files, deduplicated. */
async function registryCa(registry, ca, dir = DOCKER_CERTS_DIR) {
    const fromDir = await dockerCertsDirCa(registry, dir);
    const parts = [ca?.trim(), fromDir?.trim()].filter((p) => p !== undefined && p !== '');
    return parts.length === 0 ? undefined : `${[...new Set(parts)].join('\n')}\n`;
}


/***/ })

};

//# sourceMappingURL=174.index.js.map