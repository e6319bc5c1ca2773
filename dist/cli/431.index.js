export const id = 431;
export const ids = [431,174];
export const modules = {

/***/ 897:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xs: () => (/* binding */ attachedSubject),
/* harmony export */   gG: () => (/* binding */ COSIGN_SUFFIXES),
/* harmony export */   qv: () => (/* binding */ cosignTag)
/* harmony export */ });
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5035);
/**
 * Tags that belong to another manifest rather than name an image: the referrers fallback index
 * `sha256-<hex>` (distribution-spec "Referrers Tag Schema") and cosign's legacy scheme
 * `sha256-<hex>.sig`, `.att`, `.sbom` — manifests without a `subject`, found only by their tag's name.
 * Prune keeps and deletes them with their subject; promote copies them with it.
 */

/** cosign's tag suffixes: signatures, attestations (in-toto/DSSE), attached SBOMs. */
const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'];
const ATTACHED_TAG = /^sha256-([a-f0-9]{64})(?:\.([A-Za-z0-9_-]+))?$/;
/** The subject of a referrers-index or cosign tag (`sha256-<hex>`, `sha256-<hex>.sig`), else undefined. */
function attachedSubject(tag) {
    const match = ATTACHED_TAG.exec(tag);
    return match ? `sha256:${match[1]}` : undefined;
}
/**
 * cosign's tag for `suffix` of the manifest `digest`: `sha256-<hex>.sig`. Undefined for digests of other
 * algorithms, whose names would not fit a tag (cosign uses sha256 only).
 */
function cosignTag(digest, suffix) {
    return digest.startsWith('sha256:') ? `${(0,_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .referrersTag */ .LN)(digest)}.${suffix}` : undefined;
}


/***/ }),

/***/ 7481:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ Authenticator),
/* harmony export */   v: () => (/* binding */ staticCredentials)
/* harmony export */ });
/* harmony import */ var _challenge_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4394);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6764);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9310);



function staticCredentials(entries) {
    return { get: registry => entries[registry] };
}
/** The spec's default when a token response has no `expires_in`. */
const DEFAULT_TOKEN_SECONDS = 60;
const MAX_REFRESH_MARGIN_MS = 30_000;
/** The human part of a token service's error body: Docker's `details`, OAuth's `error_description`, … */
function tokenErrorText(text) {
    try {
        const body = JSON.parse(text);
        const errors = Array.isArray(body.errors)
            ? body.errors[0]
            : undefined;
        for (const value of [body.details, body.error_description, body.message, body.error, errors?.message]) {
            if (typeof value === 'string' && value.trim() !== '')
                return value.trim().slice(0, 200);
        }
    }
    catch {
        // not JSON: fall through to the raw text
    }
    return text.trim().slice(0, 200);
}
function basic(credentials) {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}
/**
 * Answers registry challenges: Basic with the stored credentials, or Bearer tokens from the realm (with Basic
 * credentials when there are some, anonymously otherwise), cached per scope set until shortly before expiry.
 * Once a registry has challenged, later requests get their header up front instead of a 401 round trip.
 */
class Authenticator {
    registry;
    store;
    fetchToken;
    now;
    scheme;
    realm = '';
    service;
    tokens = new Map();
    pending = new Map();
    known = new Set();
    credentials;
    constructor(registry, store, fetchToken, now = Date.now) {
        this.registry = registry;
        this.store = store;
        this.fetchToken = fetchToken;
        this.now = now;
    }
    /** Every secret this authenticator has handled, for redacting registry-supplied text. */
    secrets() {
        return [...this.known];
    }
    async hasCredentials() {
        return (await this.loadCredentials()) !== undefined;
    }
    /** The header to send with a request needing `scopes`, or undefined while the registry has not challenged. */
    async authorization(scopes) {
        if (this.scheme === 'basic') {
            const credentials = await this.loadCredentials();
            return credentials === undefined ? undefined : basic(credentials);
        }
        if (this.scheme === 'bearer')
            return `Bearer ${(await this.token((0,_challenge_js__WEBPACK_IMPORTED_MODULE_2__/* .mergeScopes */ .OL)(scopes))).value}`;
        return undefined;
    }
    /**
     * After a 401: learn the challenge and return the header to retry with. `rejected` is the header the 401
     * answered, if any: Basic credentials that were refused are not sent again, a refused token is not reused.
     */
    async answer(challengeHeader, scopes, rejected) {
        const challenges = (0,_challenge_js__WEBPACK_IMPORTED_MODULE_2__/* .parseChallenges */ .uV)(challengeHeader ?? '');
        const bearer = challenges.find(c => c.scheme === 'bearer');
        const credentials = await this.loadCredentials();
        if (bearer?.params.realm) {
            this.scheme = 'bearer';
            this.realm = bearer.params.realm;
            this.service = bearer.params.service;
            const wanted = (0,_challenge_js__WEBPACK_IMPORTED_MODULE_2__/* .mergeScopes */ .OL)([...scopes, ...(bearer.params.scope ? [bearer.params.scope] : [])]);
            if (rejected?.startsWith('Bearer '))
                this.forget(rejected.slice('Bearer '.length));
            const token = await this.token(wanted);
            // Later requests of this kind look the token up by their own scopes: let them find the one that worked.
            this.tokens.set((0,_challenge_js__WEBPACK_IMPORTED_MODULE_2__/* .mergeScopes */ .OL)(scopes).join(' '), token);
            return `Bearer ${token.value}`;
        }
        if (challenges.some(c => c.scheme === 'basic')) {
            this.scheme = 'basic';
            if (credentials === undefined) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryAuthError */ .w4({ host: this.registry, status: 401 }, `${this.registry} requires credentials and none were given: log in to ${this.registry}`);
            }
            if (rejected?.startsWith('Basic ')) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryAuthError */ .w4({ host: this.registry, status: 401 }, `${this.registry} rejected the credentials: check username/password for ${this.registry}`);
            }
            return basic(credentials);
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryAuthError */ .w4({ host: this.registry, status: 401 }, `${this.registry} answered 401 without a usable challenge (WWW-Authenticate: ${JSON.stringify(challengeHeader ?? '')})`);
    }
    /** Drops a token the registry refused from every scope set it was cached under. */
    forget(value) {
        for (const [key, token] of this.tokens)
            if (token.value === value)
                this.tokens.delete(key);
    }
    async loadCredentials() {
        this.credentials ??= Promise.resolve(this.store?.get(this.registry)).then(found => {
            if (found) {
                this.known.add(found.password);
                // The Basic header's base64 does not contain base64(password) unless the username length aligns.
                this.known.add(basic(found).slice('Basic '.length));
            }
            return found;
        });
        return this.credentials;
    }
    async token(scopes) {
        const key = scopes.join(' ');
        const cached = this.tokens.get(key);
        if (cached && this.now() < cached.expiresAt)
            return cached;
        let inflight = this.pending.get(key);
        if (!inflight) {
            inflight = this.requestToken(scopes).finally(() => this.pending.delete(key));
            this.pending.set(key, inflight);
        }
        const token = await inflight;
        this.tokens.set(key, token);
        return token;
    }
    async requestToken(scopes) {
        const url = new URL(this.realm);
        if (this.service !== undefined)
            url.searchParams.set('service', this.service);
        for (const scope of scopes)
            url.searchParams.append('scope', scope);
        const credentials = await this.loadCredentials();
        const where = { host: url.host };
        if (credentials && url.protocol === 'http:' && !(0,_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .isLoopbackRegistry */ .jW)(url.host)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryAuthError */ .w4(where, `refusing to send the credentials for ${this.registry} to ${url.host} over plain http`);
        }
        const started = this.now();
        const { status, text } = await this.fetchToken(url.toString(), credentials ? { authorization: basic(credentials) } : {});
        if (status < 200 || status > 299) {
            const said = tokenErrorText(text);
            const detail = `${status}${said ? `: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(said, this.known)}` : ''}`;
            const refused = status === 401 || status === 403;
            const fix = !refused
                ? 'the token service failed; try again later'
                : credentials
                    ? `check username/password for ${this.registry}`
                    : `log in to ${this.registry}: anonymous access was refused`;
            const ErrorClass = refused ? _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryAuthError */ .w4 : _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryError */ .gl;
            throw new ErrorClass({ ...where, status }, `token service ${url.host} gave no token for ${scopes.join(' ') || 'login'} (${detail}): ${fix}`);
        }
        let body;
        try {
            body = JSON.parse(text);
        }
        catch {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryAuthError */ .w4(where, `token service ${url.host} answered with something other than JSON`);
        }
        const value = typeof body.token === 'string' && body.token !== '' ? body.token : body.access_token;
        if (typeof value !== 'string' || value === '') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RegistryAuthError */ .w4(where, `token service ${url.host} answered without a token`);
        }
        this.known.add(value);
        const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_SECONDS;
        const lifetime = seconds * 1000;
        return { value, expiresAt: started + lifetime - Math.min(MAX_REFRESH_MARGIN_MS, lifetime / 10) };
    }
}


/***/ }),

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


/***/ }),

/***/ 4394:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F7: () => (/* binding */ repositoryScope),
/* harmony export */   OL: () => (/* binding */ mergeScopes),
/* harmony export */   uV: () => (/* binding */ parseChallenges)
/* harmony export */ });
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
/**
 * Parses RFC 7235 challenges: `Bearer realm="https://a/token",service="a",scope="repository:x:pull,push"`, several
 * challenges in one header, quoted strings with commas and escapes. token68 forms are skipped (no registry uses them).
 */
function parseChallenges(header) {
    const challenges = [];
    let i = 0;
    const skip = (chars) => {
        while (i < header.length && chars.test(header.charAt(i)))
            i++;
    };
    const token = () => {
        const start = i;
        while (i < header.length && TOKEN_CHAR.test(header.charAt(i)))
            i++;
        return header.slice(start, i);
    };
    const quoted = () => {
        let value = '';
        i++; // opening quote
        while (i < header.length && header.charAt(i) !== '"') {
            if (header.charAt(i) === '\\' && i + 1 < header.length)
                i++;
            value += header.charAt(i++);
        }
        i++; // closing quote
        return value;
    };
    while (i < header.length) {
        skip(/[\s,]/);
        const word = token();
        if (word === '') {
            i++; // stray character: skip it rather than loop forever
            continue;
        }
        skip(/\s/);
        if (header.charAt(i) === '=' && challenges.length > 0) {
            i++;
            skip(/\s/);
            const value = header.charAt(i) === '"' ? quoted() : token();
            const current = challenges[challenges.length - 1];
            if (current)
                current.params[word.toLowerCase()] = value;
            continue;
        }
        challenges.push({ scheme: word.toLowerCase(), params: {} });
        // A token68 credential right after the scheme (`Basic abc==`) carries no parameters.
        if (/^[A-Za-z0-9\-._~+/]+=*\s*(,|$)/.test(header.slice(i)) &&
            !/^[^=,\s]+\s*=[^=]/.test(header.slice(i))) {
            token();
            skip(/=/);
        }
    }
    return challenges;
}
/** The scope string the token server expects: `repository:<name>:<action>[,<action>…]`. */
function repositoryScope(repository, actions) {
    return `repository:${repository}:${actions.join(',')}`;
}
/**
 * Merges scopes that name the same resource, so a challenge's `repository:x:pull` and our `repository:x:push`
 * become one `repository:x:pull,push`; the output is sorted so it can key a cache.
 */
function mergeScopes(scopes) {
    const byResource = new Map();
    for (const scope of scopes) {
        for (const one of scope.split(' ')) {
            if (one === '')
                continue;
            const last = one.lastIndexOf(':');
            const resource = last === -1 ? one : one.slice(0, last);
            const actions = last === -1 ? [] : one.slice(last + 1).split(',');
            const set = byResource.get(resource) ?? new Set();
            for (const action of actions)
                if (action !== '')
                    set.add(action);
            byResource.set(resource, set);
        }
    }
    return [...byResource]
        .map(([resource, actions]) => actions.size === 0 ? resource : `${resource}:${[...actions].sort().join(',')}`)
        .sort();
}


/***/ }),

/***/ 2524:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  b: () => (/* binding */ RegistryClient)
});

// EXTERNAL MODULE: ./src/registry/digest.ts
var registry_digest = __webpack_require__(5035);
// EXTERNAL MODULE: ./src/registry/errors.ts
var errors = __webpack_require__(6764);
// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(9310);
// EXTERNAL MODULE: ./src/registry/retry.ts + 2 modules
var retry = __webpack_require__(6018);
// EXTERNAL MODULE: ./src/registry/challenge.ts
var challenge = __webpack_require__(4394);
;// CONCATENATED MODULE: ./src/registry/scopes.ts

/** Token scopes per kind of operation (distribution asks `delete` for DELETE, `pull,push` for writes). */
const scopes = {
    pull: (repository) => [(0,challenge/* repositoryScope */.F7)(repository, ['pull'])],
    push: (repository) => [(0,challenge/* repositoryScope */.F7)(repository, ['pull', 'push'])],
    delete: (repository) => [(0,challenge/* repositoryScope */.F7)(repository, ['delete'])],
    mount: (repository, from) => [
        (0,challenge/* repositoryScope */.F7)(repository, ['pull', 'push']),
        (0,challenge/* repositoryScope */.F7)(from, ['pull'])
    ]
};
/** Path segment of a repository-relative endpoint: `/v2/<name>/<rest>`; names never need escaping once validated. */
function v2(repository, rest) {
    return `/v2/${repository}/${rest}`;
}

// EXTERNAL MODULE: ./src/registry/transport.ts
var transport = __webpack_require__(670);
;// CONCATENATED MODULE: ./src/registry/upload.ts




const DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;
const OCTET_STREAM = 'application/octet-stream';
/** Re-slices any stream into chunks of exactly `size` bytes (the last one shorter), never empty. */
async function* rechunk(source, size) {
    let pending = [];
    let pendingBytes = 0;
    for await (const piece of source) {
        let rest = piece;
        while (pendingBytes + rest.byteLength >= size) {
            const take = size - pendingBytes;
            pending.push(rest.subarray(0, take));
            yield Buffer.concat(pending);
            rest = rest.subarray(take);
            pending = [];
            pendingBytes = 0;
        }
        if (rest.byteLength > 0) {
            pending.push(rest);
            pendingBytes += rest.byteLength;
        }
    }
    if (pendingBytes > 0)
        yield Buffer.concat(pending);
}
/** The end of the stored range as an upload status reports it (`Range: 0-<last>` or `bytes=0-<last>`). */
function storedBytes(range) {
    const match = /(\d+)-(\d+)\s*$/.exec(range ?? '');
    return match ? Number(match[2]) + 1 : undefined;
}
/** Uploads `source` into an open upload session at `location` and commits it. */
async function uploadTo(session, repository, location, source, options = {}) {
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    if (!Number.isInteger(chunkSize) || chunkSize < 1) {
        throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
    }
    const declared = options.expectDigest ?? (source instanceof Uint8Array ? undefined : source.digest);
    const wanted = declared !== undefined && (0,reference/* isValidDigest */.fH)(declared) ? (0,registry_digest/* digestAlgorithm */.g4)(declared) : 'sha256';
    // An algorithm node cannot compute is replaced by sha256 (and a declared digest in it then fails the check).
    const algorithm = (0,registry_digest/* hasherFor */.jJ)(wanted) === undefined ? 'sha256' : wanted;
    const hash = (0,registry_digest/* hasherFor */.jJ)(algorithm);
    if (hash === undefined)
        throw new Error('sha256 is unavailable');
    const ctx = { session, repository };
    if (source instanceof Uint8Array && source.byteLength <= chunkSize) {
        const digest = `${algorithm}:${hash.update(source).digest('hex')}`;
        await checkDeclared(ctx, location, declared, digest);
        await commit(ctx, location, digest, source);
        return { digest, size: source.byteLength };
    }
    const iterable = source instanceof Uint8Array ? [source] : source.stream;
    let offset = 0;
    for await (const chunk of rechunk(iterable, chunkSize)) {
        hash.update(chunk);
        location = await patch(ctx, location, chunk, offset);
        offset += chunk.byteLength;
    }
    const digest = `${algorithm}:${hash.digest('hex')}`;
    await checkDeclared(ctx, location, declared, digest);
    await commit(ctx, location, digest);
    return { digest, size: offset };
}
async function checkDeclared(ctx, location, declared, digest) {
    if (declared === undefined || declared === digest)
        return;
    await ctx.session
        .send({
        method: 'DELETE',
        path: location,
        repository: ctx.repository,
        operation: 'cancel an upload',
        scopes: scopes.push(ctx.repository)
    })
        .catch(() => undefined);
    throw new errors/* DigestMismatchError */.h({ host: ctx.session.registry, repository: ctx.repository }, `upload to ${ctx.session.registry}/${ctx.repository} cancelled: the content hashes to ${digest}, not ${declared}`);
}
/**
 * Sends one chunk. A 416 means the registry's idea of the offset differs, typically because a retried PATCH
 * had already landed: ask the upload status and resend only what is missing.
 */
async function patch(ctx, location, chunk, offset) {
    const { session, repository } = ctx;
    const what = { repository, operation: `upload bytes ${offset}-${offset + chunk.byteLength - 1}` };
    let sent = 0;
    for (let round = 0; round < 3; round++) {
        const response = await session.send({
            ...what,
            method: 'PATCH',
            path: location,
            scopes: scopes.push(repository),
            headers: {
                'content-type': OCTET_STREAM,
                'content-range': `${offset + sent}-${offset + chunk.byteLength - 1}`
            },
            body: chunk.subarray(sent)
        });
        if (response.status === 202 || response.status === 204) {
            return session.resolve(response.headers.get('location') ?? location, response.url);
        }
        if (response.status === 404) {
            // The session is gone. distribution 2.8 cancels it when a retried chunk had already landed (the spec
            // says 416): only a new upload can go on, so say that rather than "check the name".
            const { code } = await session.failure(what, response);
            throw new errors/* RegistryError */.gl({ host: session.registry, repository, status: 404, ...(code === undefined ? {} : { code }) }, `${session.registry}/${repository}: the upload session was lost at byte ${offset} (404${code ? ` ${code}` : ''}); the upload has to be started again`);
        }
        if (response.status !== 416)
            throw await session.failure(what, response);
        const status = await session.expect({
            ...what,
            operation: 'check upload progress',
            method: 'GET',
            path: location,
            scopes: scopes.push(repository)
        }, [204, 200]);
        location = session.resolve(status.headers.get('location') ?? location, status.url);
        const stored = storedBytes(status.headers.get('range')) ?? 0;
        if (stored === offset + chunk.byteLength)
            return location;
        if (stored < offset || stored > offset + chunk.byteLength)
            break;
        sent = stored - offset;
    }
    throw new errors/* RegistryError */.gl({ host: session.registry, repository }, `${session.registry}/${repository}: the upload lost its place at byte ${offset}; it has to be started again`);
}
/** Closes the session with `?digest=`; a retried PUT that finds its session gone checks the blob landed anyway. */
async function commit(ctx, location, digest, body) {
    const { session, repository } = ctx;
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    const what = { repository, operation: `upload blob ${digest}` };
    const response = await session.send({
        ...what,
        method: 'PUT',
        path: url.toString(),
        scopes: scopes.push(repository),
        headers: { 'content-type': OCTET_STREAM },
        body: body ?? new Uint8Array()
    });
    if (response.status === 201 || response.status === 204 || response.status === 200)
        return;
    if (response.status === 404 && response.attempts > 1) {
        const head = await session.send({
            ...what,
            method: 'HEAD',
            path: v2(repository, `blobs/${digest}`),
            scopes: scopes.pull(repository)
        });
        if (head.status === 200)
            return;
    }
    throw await session.failure(what, response);
}

;// CONCATENATED MODULE: ./src/registry/blobs.ts







/** Size of a blob in the repository, or undefined when it is not there. */
async function headBlob(session, repository, digest) {
    (0,reference/* validateRepository */.FL)(repository);
    (0,reference/* validateDigest */.n2)(digest);
    const response = await session.expect({
        method: 'HEAD',
        path: v2(repository, `blobs/${digest}`),
        repository,
        operation: `check blob ${digest}`,
        scopes: scopes.pull(repository)
    }, [200, 404]);
    if (response.status === 404)
        return undefined;
    return { digest, size: Number(response.headers.get('content-length') ?? 0) };
}
/** Times a download that broke off mid-body is picked up again where it stopped. */
const MAX_RESUMES = 3;
/** Drops the first `count` bytes of a stream. */
function skipBytes(stream, count) {
    let left = count;
    return stream.pipeThrough(new TransformStream({
        transform(chunk, controller) {
            if (left >= chunk.byteLength) {
                left -= chunk.byteLength;
                return;
            }
            controller.enqueue(left === 0 ? chunk : chunk.subarray(left));
            left = 0;
        }
    }));
}
/**
 * A streamed body is handed out before it is read, outside the session's retries: when the connection drops
 * mid-body, `resume(offset)` fetches the rest, up to MAX_RESUMES times. Other failures are named by host.
 */
function resuming(first, resume, broke) {
    let reader = first.getReader();
    let offset = 0;
    let resumes = 0;
    return new ReadableStream({
        async pull(controller) {
            for (;;) {
                try {
                    const { done, value } = await reader.read();
                    if (done)
                        controller.close();
                    else {
                        offset += value.byteLength;
                        controller.enqueue(value);
                    }
                    return;
                }
                catch (error) {
                    const transient = (0,retry/* isTransientNetworkCode */.SS)((0,transport/* networkErrorCode */.a0)(error), true);
                    if (error instanceof errors/* RegistryError */.gl || !transient || resumes >= MAX_RESUMES)
                        throw broke(error);
                    resumes++;
                    reader = (await resume(offset)).getReader();
                }
            }
        },
        cancel: reason => reader.cancel(reason)
    }, { highWaterMark: 0 });
}
/**
 * Streams a blob (following redirects to storage without credentials) and verifies it as it flows. A download
 * cut off part-way is resumed with `Range` (or, where that is not honoured, fetched again and fast-forwarded).
 */
async function getBlob(session, repository, digest) {
    (0,reference/* validateRepository */.FL)(repository);
    (0,reference/* validateDigest */.n2)(digest);
    const request = {
        method: 'GET',
        path: v2(repository, `blobs/${digest}`),
        repository,
        operation: `get blob ${digest}`,
        scopes: scopes.pull(repository),
        stream: true
    };
    const response = await session.expect(request, [200]);
    const length = response.headers.get('content-length');
    const resume = async (offset) => {
        const rest = await session.expect({ ...request, headers: { range: `bytes=${offset}-` } }, [200, 206]);
        const body = rest.stream ?? new Blob([rest.body]).stream();
        if (rest.status === 200)
            return skipBytes(body, offset);
        if (rest.headers.get('content-range')?.startsWith(`bytes ${offset}-`))
            return body;
        await body.cancel();
        throw new errors/* RegistryError */.gl({ host: session.registry, repository }, `${session.registry}/${repository}: asked to resume blob ${digest} at byte ${offset}, got another range`);
    };
    const broke = (error) => error instanceof errors/* RegistryError */.gl
        ? error
        : new errors/* RegistryNetworkError */.sY({ host: session.registry, repository }, `the download of blob ${digest} from ${session.registry}/${repository} broke off: ${(0,transport/* networkErrorCode */.a0)(error)}`, (0,transport/* networkErrorCode */.a0)(error), { cause: error });
    const source = resuming(response.stream ?? new Blob([response.body]).stream(), resume, broke);
    const hash = (0,registry_digest/* hasherFor */.jJ)((0,registry_digest/* digestAlgorithm */.g4)(digest));
    const verify = new TransformStream({
        transform(chunk, controller) {
            hash?.update(chunk);
            controller.enqueue(chunk);
        },
        flush(controller) {
            const actual = hash === undefined ? digest : `${(0,registry_digest/* digestAlgorithm */.g4)(digest)}:${hash.digest('hex')}`;
            if (actual !== digest) {
                controller.error(new errors/* DigestMismatchError */.h({ host: session.registry, repository }, `${session.registry}/${repository}: blob ${digest} arrived with digest ${actual}; discard it`));
            }
        }
    });
    return { digest, ...(length === null ? {} : { size: Number(length) }), stream: source.pipeThrough(verify) };
}
async function startUpload(session, repository, query = '') {
    const response = await session.expect({
        method: 'POST',
        path: `${v2(repository, 'blobs/uploads/')}${query}`,
        repository,
        operation: query === '' ? 'start a blob upload' : 'mount a blob',
        scopes: query.startsWith('?mount=')
            ? scopes.mount(repository, new URLSearchParams(query).get('from') ?? '')
            : scopes.push(repository),
        body: new Uint8Array()
    }, [201, 202]);
    const location = response.headers.get('location');
    if (response.status === 202 && location === null) {
        throw new errors/* RegistryError */.gl({ host: session.registry, repository }, `${session.registry} started an upload without a Location`);
    }
    return { status: response.status, location: session.resolve(location ?? '', response.url) };
}
/**
 * Uploads a blob: one PUT when it is a buffer of at most `chunkSize`, otherwise PATCH chunks of `chunkSize`
 * (each retryable on its own) and a closing PUT. Streams need not know their digest up front.
 */
async function uploadBlob(session, repository, source, options = {}) {
    (0,reference/* validateRepository */.FL)(repository);
    const { location } = await startUpload(session, repository);
    return uploadTo(session, repository, location, source, options);
}
/**
 * Mounts a blob from another repository of the same registry. A 202 means the registry would not (the source
 * is not readable, or mounting is unsupported): then `source` is uploaded into the session it opened, or, without
 * a source, the session is cancelled and 'not-mounted' returned.
 */
async function mountBlob(session, repository, digest, from, source, options = {}) {
    (0,reference/* validateRepository */.FL)(repository);
    (0,reference/* validateRepository */.FL)(from);
    (0,reference/* validateDigest */.n2)(digest);
    const query = `?${new URLSearchParams({ mount: digest, from }).toString()}`;
    const started = await startUpload(session, repository, query);
    if (started.status === 201)
        return 'mounted';
    if (source === undefined) {
        await session
            .send({
            method: 'DELETE',
            path: started.location,
            repository,
            operation: 'cancel an upload',
            scopes: scopes.push(repository)
        })
            .catch(() => undefined);
        return 'not-mounted';
    }
    const uploaded = await uploadTo(session, repository, started.location, await source(), {
        ...options,
        expectDigest: digest
    });
    if (uploaded.digest !== digest) {
        throw new errors/* DigestMismatchError */.h({ host: session.registry, repository }, `${session.registry}/${repository}: the fallback upload for ${digest} had digest ${uploaded.digest}`);
    }
    return 'uploaded';
}

// EXTERNAL MODULE: ./src/registry/manifest-format.ts
var manifest_format = __webpack_require__(1328);
;// CONCATENATED MODULE: ./src/registry/manifests.ts





function validateRef(ref) {
    if (ref.includes(':'))
        (0,reference/* validateDigest */.n2)(ref);
    else
        (0,reference/* validateTag */.z7)(ref);
}
/** Digest and media type of a manifest, or undefined when there is none under `ref`. Costs no pull on Docker Hub. */
async function headManifest(session, repository, ref) {
    (0,reference/* validateRepository */.FL)(repository);
    validateRef(ref);
    const request = {
        method: 'HEAD',
        path: v2(repository, `manifests/${ref}`),
        repository,
        operation: `check manifest ${ref}`,
        scopes: scopes.pull(repository),
        headers: { accept: manifest_format/* MANIFEST_ACCEPT */.dY }
    };
    const response = await session.expect(request, [200, 404]);
    if (response.status === 404)
        return undefined;
    const digest = response.headers.get('docker-content-digest');
    const mediaType = (0,manifest_format/* specificMediaType */.LC)(response.headers.get('content-type'));
    // Some registries omit the digest or the type on HEAD; the body then has to be fetched and read.
    if (digest === null || !(0,reference/* isValidDigest */.fH)(digest) || mediaType === undefined) {
        const { bytes: _bytes, parsed: _parsed, ...descriptor } = await getManifest(session, repository, ref);
        return descriptor;
    }
    if ((0,reference/* isValidDigest */.fH)(ref) && ref !== digest) {
        throw new errors/* DigestMismatchError */.h({ host: session.registry, repository }, `${session.registry}/${repository}: manifest ${ref} was announced with digest ${digest}`);
    }
    return {
        digest,
        mediaType,
        size: Number(response.headers.get('content-length') ?? 0)
    };
}
/**
 * The manifest under `ref`, checked against the requested digest (or, for tags, against Docker-Content-Digest)
 * so that nothing altered in transit is ever used.
 */
async function getManifest(session, repository, ref) {
    (0,reference/* validateRepository */.FL)(repository);
    validateRef(ref);
    const what = { repository, operation: `get manifest ${ref}` };
    const response = await session.expect({
        ...what,
        method: 'GET',
        path: v2(repository, `manifests/${ref}`),
        scopes: scopes.pull(repository),
        headers: { accept: manifest_format/* MANIFEST_ACCEPT */.dY }
    }, [200]);
    const bytes = response.body;
    const announced = response.headers.get('docker-content-digest');
    const expected = (0,reference/* isValidDigest */.fH)(ref)
        ? ref
        : announced !== null && (0,reference/* isValidDigest */.fH)(announced)
            ? announced
            : undefined;
    if (expected !== undefined && !(0,registry_digest/* matchesDigest */._j)(bytes, expected)) {
        throw new errors/* DigestMismatchError */.h({ host: session.registry, repository }, `${session.registry}/${repository}: manifest ${ref} does not match digest ${expected}; refusing to use it`);
    }
    let parsed;
    try {
        parsed = (0,manifest_format/* parseManifest */.Ng)(bytes);
    }
    catch (error) {
        throw new errors/* RegistryError */.gl({ host: session.registry, repository }, `${session.registry}/${repository}: manifest ${ref} is not valid JSON`, {
            cause: error
        });
    }
    return {
        digest: expected ?? (0,registry_digest/* computeDigest */.MK)(bytes),
        mediaType: (0,manifest_format/* manifestMediaType */.gp)(response.headers.get('content-type'), parsed),
        size: bytes.byteLength,
        bytes,
        parsed
    };
}
/** Pushes manifest bytes exactly as given (their digest is what gets signed and referenced). */
async function putManifest(session, repository, ref, bytes, mediaType) {
    (0,reference/* validateRepository */.FL)(repository);
    validateRef(ref);
    const digest = (0,registry_digest/* computeDigest */.MK)(bytes);
    if ((0,reference/* isValidDigest */.fH)(ref) && !(0,registry_digest/* matchesDigest */._j)(bytes, ref)) {
        throw new errors/* DigestMismatchError */.h({ host: session.registry, repository }, `cannot push to ${session.registry}/${repository}@${ref}: the manifest's digest is ${digest}`);
    }
    const response = await session.expect({
        method: 'PUT',
        path: v2(repository, `manifests/${ref}`),
        repository,
        operation: `push manifest ${ref}`,
        scopes: scopes.push(repository),
        headers: { 'content-type': mediaType },
        body: bytes
    }, [200, 201, 202, 204]);
    const announced = response.headers.get('docker-content-digest');
    if (announced !== null && announced.startsWith('sha256:') && announced !== digest) {
        throw new errors/* DigestMismatchError */.h({ host: session.registry, repository }, `${session.registry}/${repository} stored manifest ${ref} as ${announced}, not ${digest}`);
    }
    return { digest, subjectIndexed: response.headers.get('oci-subject') !== null };
}
/** Deletes a manifest by digest; on most registries every tag pointing at it goes too. */
async function deleteManifest(session, repository, digest) {
    (0,reference/* validateRepository */.FL)(repository);
    (0,reference/* validateDigest */.n2)(digest);
    await session.expect({
        method: 'DELETE',
        path: v2(repository, `manifests/${digest}`),
        repository,
        operation: `delete manifest ${digest}`,
        scopes: scopes.delete(repository)
    }, [200, 202, 204]);
}
/**
 * Removes one tag and nothing else. Registries may refuse (400/405): that is a RegistryUnsupportedError, and
 * the caller must not fall back to deleting the digest, which would take sibling tags with it.
 */
async function deleteTag(session, repository, tag) {
    (0,reference/* validateRepository */.FL)(repository);
    (0,reference/* validateTag */.z7)(tag);
    const what = { repository, operation: `delete tag ${tag}` };
    const response = await session.send({
        ...what,
        method: 'DELETE',
        path: v2(repository, `manifests/${tag}`),
        scopes: scopes.delete(repository)
    });
    if (response.status === 202 || response.status === 200 || response.status === 204)
        return;
    const error = await session.failure(what, response);
    if (response.status === 400 && !(error instanceof errors/* RegistryUnsupportedError */.LF)) {
        throw new errors/* RegistryUnsupportedError */.LF({
            host: session.registry,
            repository,
            status: 400,
            ...(error.code === undefined ? {} : { code: error.code })
        }, `${session.registry} does not support deleting tags (${error.message})`);
    }
    throw error;
}

// EXTERNAL MODULE: ./src/registry/link.ts
var registry_link = __webpack_require__(1699);
;// CONCATENATED MODULE: ./src/registry/referrers.ts







function indexEntries(session, repository, response) {
    try {
        const index = JSON.parse(Buffer.from(response.body).toString('utf8'));
        return [...(index.manifests ?? [])];
    }
    catch (error) {
        throw new errors/* RegistryError */.gl({ host: session.registry, repository }, `${session.registry}/${repository}: the referrers answer is not an image index`, {
            cause: error
        });
    }
}
/**
 * The manifests whose `subject` is `digest`. Uses the referrers API; a 404 there means the registry has none
 * (distribution 2.8, GHCR), and the spec's fallback is the index kept under the tag `sha256-<hex>`.
 */
async function listReferrers(session, repository, digest, options = {}) {
    (0,reference/* validateRepository */.FL)(repository);
    (0,reference/* validateDigest */.n2)(digest);
    const query = options.artifactType === undefined
        ? ''
        : `?${new URLSearchParams({ artifactType: options.artifactType }).toString()}`;
    const what = { repository, operation: `list referrers of ${digest}` };
    const request = {
        ...what,
        method: 'GET',
        scopes: scopes.pull(repository),
        headers: { accept: manifest_format/* MediaType */.zu.ociIndex }
    };
    const first = await session.send({ ...request, path: `${v2(repository, `referrers/${digest}`)}${query}` });
    const wanted = (list) => options.artifactType === undefined ? list : list.filter(d => d.artifactType === options.artifactType);
    if (first.status === 404) {
        return { descriptors: wanted(await fallbackIndex(session, repository, digest)), source: 'tag-schema' };
    }
    if (first.status !== 200)
        throw await session.failure(what, first);
    const descriptors = indexEntries(session, repository, first);
    const visited = new Set();
    for (let link = (0,registry_link/* nextLink */.I)(first.headers.get('link'), first.url); link !== undefined;) {
        if (visited.has(link))
            break;
        visited.add(link);
        let page;
        try {
            page = await session.expect({ ...request, path: link }, [200]);
        }
        catch (error) {
            throw new errors/* IncompleteListError */.hm({ host: session.registry, repository }, `could not list all referrers of ${digest} in ${session.registry}/${repository}: ${error instanceof Error ? error.message : String(error)}`, descriptors.map(d => d.digest), { cause: error });
        }
        descriptors.push(...indexEntries(session, repository, page));
        link = (0,registry_link/* nextLink */.I)(page.headers.get('link'), page.url);
    }
    return { descriptors: wanted(descriptors), source: 'api' };
}
async function fallbackIndex(session, repository, subject) {
    try {
        const index = await getManifest(session, repository, (0,registry_digest/* referrersTag */.LN)(subject));
        return [...(index.parsed.manifests ?? [])];
    }
    catch (error) {
        if (error instanceof errors/* RegistryNotFoundError */.PB)
            return [];
        throw error;
    }
}
async function writeFallbackIndex(session, repository, subject, manifests) {
    const index = { schemaVersion: 2, mediaType: manifest_format/* MediaType */.zu.ociIndex, manifests };
    const bytes = new TextEncoder().encode(JSON.stringify(index));
    await putManifest(session, repository, (0,registry_digest/* referrersTag */.LN)(subject), bytes, manifest_format/* MediaType */.zu.ociIndex);
}
/**
 * Adds a referrer to the `sha256-<hex>` index of its subject: what a client must do after pushing a manifest
 * with a `subject` to a registry that did not answer `OCI-Subject`. Read-modify-write: two writers racing on
 * one subject can lose an entry, so concurrent pushes of referrers to one subject should be serialized.
 */
async function addReferrerToFallback(session, repository, subject, referrer) {
    const current = await fallbackIndex(session, repository, subject);
    if (current.some(d => d.digest === referrer.digest))
        return;
    await writeFallbackIndex(session, repository, subject, [...current, referrer]);
}
/** Removes a deleted referrer from its subject's fallback index; false when it was not listed there. */
async function removeReferrerFromFallback(session, repository, subject, referrerDigest) {
    const current = await fallbackIndex(session, repository, subject);
    const kept = current.filter(d => d.digest !== referrerDigest);
    if (kept.length === current.length)
        return false;
    await writeFallbackIndex(session, repository, subject, kept);
    return true;
}

// EXTERNAL MODULE: ./src/shell/cancel.ts
var cancel = __webpack_require__(214);
// EXTERNAL MODULE: ./src/registry/auth.ts
var auth = __webpack_require__(7481);
;// CONCATENATED MODULE: ./src/registry/exchange.ts

const MAX_REDIRECTS = 5;
class RequestTimeout extends Error {
    code = 'REQUEST_TIMEOUT';
}
/**
 * Sends a request and follows redirects itself, dropping credentials once a redirect leaves the origin (blob
 * downloads are redirected to storage that must not see registry tokens).
 */
async function exchange(deps, request) {
    const origin = new URL(request.url).origin;
    let { url, method, body } = request;
    for (let hop = 0;; hop++) {
        const sameOrigin = new URL(url).origin === origin;
        const headers = {
            ...request.headers,
            ...(request.authorization !== undefined && sameOrigin ? { authorization: request.authorization } : {})
        };
        const response = await timed(deps, url, { method, headers, ...(body === undefined ? {} : { body }) }, request.stream);
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location !== null && hop < MAX_REDIRECTS) {
            await response.stream?.cancel();
            url = new URL(location, url).toString();
            if (response.status === 303) {
                method = 'GET';
                body = undefined;
            }
            continue;
        }
        return { ...response, url };
    }
}
/**
 * Transport call plus body read under one timeout and one concurrency slot. A streamed body is released from
 * the slot at the headers and from then on times out only while it waits for the network.
 */
async function timed(deps, url, init, stream = false) {
    return deps.limit(async () => {
        (0,cancel/* throwIfCancelled */.dZ)();
        const controller = new AbortController();
        const abort = () => controller.abort(new RequestTimeout(`no answer within ${deps.timeoutMs} ms`));
        const timer = setTimeout(abort, deps.timeoutMs);
        // A cancelled run aborts the request with its CancelledError, which no retry catches.
        const onCancel = () => controller.abort((0,cancel/* cancellation */.WN)());
        cancel/* cancelSignal */.Bj.addEventListener('abort', onCancel, { once: true });
        try {
            const response = await deps.transport(url, { ...init, signal: controller.signal });
            const ok = response.status >= 200 && response.status < 300;
            if (stream && ok && response.body !== null) {
                return {
                    status: response.status,
                    headers: response.headers,
                    body: new Uint8Array(),
                    stream: idleTimeout(response.body, deps.timeoutMs, abort)
                };
            }
            const body = init.method === 'HEAD' ? new Uint8Array() : new Uint8Array(await response.arrayBuffer());
            return { status: response.status, headers: response.headers, body };
        }
        finally {
            clearTimeout(timer);
            cancel/* cancelSignal */.Bj.removeEventListener('abort', onCancel);
        }
    });
}
/** Re-exposes a body whose reads abort after `ms` without data; a slow consumer never trips it. */
function idleTimeout(source, ms, onIdle) {
    const reader = source.getReader();
    return new ReadableStream({
        async pull(controller) {
            if (cancel/* cancelSignal */.Bj.aborted) {
                await reader.cancel((0,cancel/* cancellation */.WN)());
                throw (0,cancel/* cancellation */.WN)();
            }
            const timer = setTimeout(onIdle, ms);
            try {
                const { done, value } = await reader.read();
                if (done)
                    controller.close();
                else
                    controller.enqueue(value);
            }
            finally {
                clearTimeout(timer);
            }
        },
        cancel: reason => reader.cancel(reason)
    }, { highWaterMark: 0 });
}

// EXTERNAL MODULE: ./src/registry/certs-dir.ts
var certs_dir = __webpack_require__(7793);
;// CONCATENATED MODULE: ./src/registry/failure.ts



/** The first entry of the spec's `{"errors":[{code,message,detail}]}` body, if the body is one. */
function registryErrorBody(body) {
    try {
        const parsed = JSON.parse(Buffer.from(body).toString('utf8'));
        const first = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
        if (typeof first !== 'object' || first === null)
            return {};
        const { code, message } = first;
        return {
            ...(typeof code === 'string' ? { code } : {}),
            ...(typeof message === 'string' ? { message } : {})
        };
    }
    catch {
        return {};
    }
}
/** Turns a final non-2xx response into a typed error whose message says what to check. */
function responseError(what, response, context) {
    const { status } = response;
    const { code, message } = registryErrorBody(response.body);
    const raw = message ?? (code === undefined ? Buffer.from(response.body).toString('utf8').slice(0, 200).trim() : '');
    const said = (0,errors/* redact */.E$)([code, raw].filter(Boolean).join(': '), context.secrets);
    const detail = `${status}${said ? ` ${said}` : ''}`;
    const target = (0,errors/* describeTarget */.ff)(what.host, what.repository);
    const where = { host: what.host, repository: what.repository, status, code };
    const tries = response.attempts > 1 ? ` after ${response.attempts} attempts` : '';
    if (status === 401) {
        const fix = context.hasCredentials
            ? `check username/password for ${what.host} and that they may access ${what.repository ?? 'it'}`
            : `log in to ${what.host}`;
        return new errors/* RegistryAuthError */.w4(where, `not authorized to ${what.operation} in ${target} (${detail}): ${fix}`);
    }
    if (status === 403) {
        return new errors/* RegistryDeniedError */.$b(where, `${what.host} denied ${what.operation} in ${target} (${detail}): the credentials lack permission for this`);
    }
    if (status === 404) {
        const hint = code === 'NAME_UNKNOWN'
            ? `repository ${what.repository ?? ''} does not exist: check its name`
            : `check the name and the tag or digest${context.hasCredentials ? '' : `, or log in to ${what.host} if it is private`}`;
        return new errors/* RegistryNotFoundError */.PB(where, `cannot ${what.operation} in ${target} (${detail}): ${hint}`);
    }
    if (status === 405 || status === 501 || code === 'UNSUPPORTED') {
        return new errors/* RegistryUnsupportedError */.LF(where, `${what.host} does not support ${what.operation} (${detail}): the registry does not offer it, or has it switched off`);
    }
    if (status === 429) {
        const wait = response.retryAfterMs === undefined
            ? ''
            : `; it asks to wait ${Math.ceil(response.retryAfterMs / 1000)} s`;
        return new errors/* RegistryRateLimitError */.f0(where, `${what.host} kept answering 429 Too Many Requests to ${what.operation} in ${target}${tries}${wait}: try again later`);
    }
    if (status >= 500) {
        return new errors/* RegistryError */.gl(where, `${what.host} failed to ${what.operation} in ${target} (${detail})${tries}`);
    }
    return new errors/* RegistryError */.gl(where, `${what.host} refused to ${what.operation} in ${target} (${detail})`);
}
function networkHint(host, code) {
    if ((0,transport/* isCertificateError */.Y4)(code)) {
        return `the TLS certificate of ${host} is not trusted: give the registry's CA certificate, or put it in ${certs_dir/* DOCKER_CERTS_DIR */.$b}/${host}/ca.crt`;
    }
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO') {
        return `${host} does not speak TLS on that port; only loopback registries are contacted over plain http`;
    }
    if (code === 'ECONNREFUSED')
        return 'is the registry running, and is the port right?';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return 'check the registry host name';
    if (code === 'REQUEST_TIMEOUT' || code.includes('TIMEOUT'))
        return 'it did not answer in time';
    return 'check the network and the registry address';
}
/** A failure to get any answer at all, named by host and error code. */
function networkError(what, error, attempts) {
    const code = (0,transport/* networkErrorCode */.a0)(error);
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    return new errors/* RegistryNetworkError */.sY({ host: what.host, repository: what.repository }, `could not reach ${what.host} to ${what.operation}: ${code}${tries}: ${networkHint(what.host, code)}`, code, { cause: error });
}

;// CONCATENATED MODULE: ./src/registry/session.ts








const DEFAULT_TIMEOUT_MS = 120_000;
/**
 * One registry's HTTP plumbing: base URL and scheme, authentication, retries, redirects, timeouts and bounded
 * concurrency. Bodies are read inside the attempt, so a connection dropped mid-body is retried like any other.
 */
class RegistrySession {
    registry;
    auth;
    policy;
    clock;
    deps;
    userAgent;
    /** Undefined until a loopback registry has shown whether it speaks TLS. */
    scheme;
    answered = false;
    constructor(options) {
        this.registry = options.registry;
        this.policy = { ...retry/* DEFAULT_RETRY_POLICY */.cO, ...options.retry };
        this.clock = options.clock ?? retry/* systemClock */.VZ;
        const limit = typeof options.concurrency === 'function'
            ? options.concurrency
            : (0,retry/* createLimiter */.zm)(options.concurrency ?? 8);
        this.deps = {
            transport: options.transport ?? (0,transport/* fetchTransport */._2)(),
            limit,
            timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS
        };
        this.userAgent = options.userAgent ?? 'image-action';
        this.scheme = options.scheme ?? ((0,reference/* isLoopbackRegistry */.jW)(options.registry) ? undefined : 'https');
        this.auth = new auth/* Authenticator */.k(options.registry, options.credentials, async (url, headers) => this.fetchToken(url, headers), () => this.clock.now());
    }
    /** Sends with authentication and retries; returns the final answer whatever its status. */
    async send(request) {
        let attempts = 0;
        try {
            const response = await (0,retry/* withRetry */.bD)(async () => {
                attempts++;
                return this.attempt(request);
            }, outcome => this.decide(outcome), this.policy, this.clock);
            return { ...response, attempts };
        }
        catch (error) {
            if (error instanceof errors/* RegistryError */.gl || error instanceof cancel/* CancelledError */.cc)
                throw error;
            throw networkError({ ...request, host: this.registry }, error, attempts);
        }
    }
    /** Sends, and returns the answer when its status is one of `ok`; otherwise throws the typed error for it. */
    async expect(request, ok) {
        const response = await this.send(request);
        if (ok.includes(response.status))
            return response;
        await response.stream?.cancel();
        throw await this.failure(request, response);
    }
    async failure(what, response) {
        const retryAfterMs = (0,retry/* parseRetryAfter */.mu)(response.headers.get('retry-after'), this.clock.now());
        return responseError({ ...what, host: this.registry }, { ...response, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }, { hasCredentials: await this.auth.hasCredentials(), secrets: this.auth.secrets() });
    }
    /** An absolute URL for a registry path, or for a registry-supplied location relative to `base`. */
    resolve(path, base) {
        return new URL(path, base ?? `${this.scheme ?? 'https'}://${(0,reference/* apiHost */.nz)(this.registry)}`).toString();
    }
    /** Secrets seen so far (passwords, tokens), for callers that quote registry text in their own errors. */
    secrets() {
        return this.auth.secrets();
    }
    decide(outcome) {
        if ('value' in outcome) {
            if (!(0,retry/* isRetryableStatus */.PS)(outcome.value.status))
                return { retry: false };
            const delayMs = (0,retry/* parseRetryAfter */.mu)(outcome.value.headers.get('retry-after'), this.clock.now());
            return delayMs === undefined ? { retry: true } : { retry: true, delayMs };
        }
        if (outcome.error instanceof errors/* RegistryError */.gl)
            return { retry: false };
        return { retry: (0,retry/* isTransientNetworkCode */.SS)((0,transport/* networkErrorCode */.a0)(outcome.error), this.answered) };
    }
    async attempt(request) {
        let authorization = await this.auth.authorization(request.scopes);
        let response = await this.withScheme(request, authorization);
        if (response.status !== 401)
            return response;
        authorization = await this.auth.answer(response.headers.get('www-authenticate'), request.scopes, authorization);
        response = await this.withScheme(request, authorization);
        if (response.status !== 401)
            return response;
        throw await this.failure(request, { ...response, attempts: 1 });
    }
    /** On a loopback registry the first exchange settles the scheme: https, or http when TLS is not spoken. */
    async withScheme(request, authorization) {
        if (this.scheme !== undefined)
            return this.once(request, authorization, this.scheme);
        try {
            const response = await this.once(request, authorization, 'https');
            this.scheme = 'https';
            return response;
        }
        catch (error) {
            if (error instanceof cancel/* CancelledError */.cc)
                throw error;
            const code = (0,transport/* networkErrorCode */.a0)(error);
            if ((0,transport/* isCertificateError */.Y4)(code) || code === 'ECONNREFUSED' || code === 'REQUEST_TIMEOUT')
                throw error;
            const response = await this.once(request, authorization, 'http');
            this.scheme = 'http';
            return response;
        }
    }
    async once(request, authorization, scheme) {
        const base = `${scheme}://${(0,reference/* apiHost */.nz)(this.registry)}`;
        const response = await exchange(this.deps, {
            method: request.method,
            url: new URL(request.path, base).toString(),
            headers: { 'user-agent': this.userAgent, ...request.headers },
            ...(request.body === undefined ? {} : { body: request.body }),
            ...(authorization === undefined ? {} : { authorization }),
            ...(request.stream ? { stream: true } : {})
        });
        this.answered = true;
        return response;
    }
    /** Token requests: same transport, timeouts and retries, no registry credentials on top. */
    async fetchToken(url, headers) {
        let attempts = 0;
        try {
            const response = await (0,retry/* withRetry */.bD)(async () => {
                attempts++;
                return exchange(this.deps, {
                    method: 'GET',
                    url,
                    headers: { 'user-agent': this.userAgent, ...headers }
                });
            }, outcome => this.decide(outcome), this.policy, this.clock);
            return { status: response.status, text: Buffer.from(response.body).toString('utf8') };
        }
        catch (error) {
            if (error instanceof errors/* RegistryError */.gl || error instanceof cancel/* CancelledError */.cc)
                throw error;
            const host = new URL(url).host;
            throw networkError({ host, operation: `get a token for ${this.registry}` }, error, attempts);
        }
    }
}

;// CONCATENATED MODULE: ./src/registry/tags.ts




const DEFAULT_MAX_PAGES = 10_000;
function pageTags(session, repository, response) {
    let parsed;
    try {
        parsed = JSON.parse(Buffer.from(response.body).toString('utf8'));
    }
    catch {
        parsed = undefined;
    }
    const tags = parsed?.tags;
    if (tags === null || tags === undefined)
        return [];
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) {
        throw new errors/* RegistryError */.gl({ host: session.registry, repository }, `${session.registry}/${repository}: the tag list is not {"tags": [...]}`);
    }
    return tags;
}
/**
 * Every tag of a repository, following `Link: <…>; rel="next"` pages. A full page without a Link is
 * double-checked with the spec's `last` parameter, because some registries page without saying so. Anything
 * that stops the walk early (a failed page, a loop, a registry ignoring `last`, the page guard) throws
 * IncompleteListError: a partial list must never pass for the whole one.
 */
async function listTags(session, repository, options = {}) {
    (0,reference/* validateRepository */.FL)(repository);
    const { pageSize } = options;
    if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) {
        throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
    }
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    const base = v2(repository, 'tags/list');
    const query = (last) => {
        const params = new URLSearchParams();
        if (pageSize !== undefined)
            params.set('n', String(pageSize));
        if (last !== undefined)
            params.set('last', last);
        const text = params.toString();
        return text === '' ? base : `${base}?${text}`;
    };
    const tags = [];
    const seen = new Set();
    const visited = new Set();
    const where = { host: session.registry, repository };
    const incomplete = (why, cause) => new errors/* IncompleteListError */.hm(where, `could not list all tags of ${session.registry}/${repository}: ${why} (${tags.length} read so far)`, [...tags], cause === undefined ? undefined : { cause });
    let path = query();
    // Set while checking a full page that came without a Link: to the size of that page.
    let probing;
    for (let page = 1; path !== undefined; page++) {
        if (page > maxPages)
            throw incomplete(`more than ${maxPages} pages`);
        if (visited.has(path))
            throw incomplete(`the registry's next-page link repeats ${path}`);
        visited.add(path);
        let response;
        try {
            response = await session.expect({ method: 'GET', path, repository, operation: 'list tags', scopes: scopes.pull(repository) }, [200]);
        }
        catch (error) {
            if (page === 1)
                throw error;
            throw incomplete(error instanceof Error ? error.message : String(error), error);
        }
        const pageList = pageTags(session, repository, response);
        // Tags after `last` are new by definition: seeing known ones means the parameter was ignored. A registry
        // that also ignored `n` (distribution 2.8 does both) does not page at all, so its one answer was the
        // whole list; one that honoured `n` but not `last` has tags we cannot reach.
        if (probing !== undefined && pageList.some(tag => seen.has(tag))) {
            if (pageSize !== undefined && probing > pageSize)
                return tags;
            throw incomplete(`the registry ignores the "last" parameter, so pages past ${pageSize} tags cannot be reached`);
        }
        for (const tag of pageList) {
            if (!seen.has(tag)) {
                seen.add(tag);
                tags.push(tag);
            }
        }
        const link = (0,registry_link/* nextLink */.I)(response.headers.get('link'), response.url);
        const lastTag = pageList[pageList.length - 1];
        probing = undefined;
        if (link !== undefined) {
            path = link;
        }
        else if (pageSize !== undefined && pageList.length >= pageSize && lastTag !== undefined) {
            probing = pageList.length;
            path = query(lastTag);
        }
        else {
            path = undefined;
        }
    }
    return tags;
}

;// CONCATENATED MODULE: ./src/registry/client.ts







/**
 * The one OCI distribution client, for one registry. Repositories are paths inside it (`library/busybox`);
 * `ref` is a tag or a digest. Transient failures are retried inside; what comes out is a typed RegistryError.
 */
class RegistryClient {
    registry;
    session;
    constructor(options) {
        const { ca, ...rest } = options;
        this.registry = options.registry;
        this.session = new RegistrySession({
            ...rest,
            transport: options.transport ?? (0,transport/* fetchTransport */._2)(ca === undefined ? {} : { ca })
        });
    }
    /** Checks the registry answers `/v2/` and, if it asks for them, that the credentials are accepted. */
    async ping() {
        await this.session.expect({ method: 'GET', path: '/v2/', operation: 'check the API', scopes: [] }, [200]);
    }
    headManifest(repository, ref) {
        return headManifest(this.session, repository, ref);
    }
    getManifest(repository, ref) {
        return getManifest(this.session, repository, ref);
    }
    /**
     * Pushes a manifest. One with a `subject` is also added to the subject's fallback referrers index when the
     * registry did not acknowledge the subject with `OCI-Subject`, as the distribution spec requires of clients.
     */
    async putManifest(repository, ref, bytes, mediaType) {
        const result = await putManifest(this.session, repository, ref, bytes, mediaType);
        const parsed = parseOptional(bytes);
        if (parsed?.subject === undefined || result.subjectIndexed)
            return { ...result, fallbackIndexUpdated: false };
        const descriptor = (0,manifest_format/* referrerDescriptor */.xh)(parsed, mediaType, result.digest, bytes.byteLength);
        await addReferrerToFallback(this.session, repository, parsed.subject.digest, descriptor);
        return { ...result, fallbackIndexUpdated: true };
    }
    /**
     * Deletes a manifest by digest (and, on most registries, every tag on it). Pass `subject` when the manifest
     * is a referrer, so it also leaves the subject's fallback index.
     */
    async deleteManifest(repository, digest, options = {}) {
        await deleteManifest(this.session, repository, digest);
        if (options.subject !== undefined) {
            await removeReferrerFromFallback(this.session, repository, options.subject, digest);
        }
    }
    /** Removes only this tag; RegistryUnsupportedError when the registry cannot (never falls back to a digest). */
    deleteTag(repository, tag) {
        return deleteTag(this.session, repository, tag);
    }
    /** All tags, or IncompleteListError: never a silently truncated list. */
    listTags(repository, options) {
        return listTags(this.session, repository, options);
    }
    headBlob(repository, digest) {
        return headBlob(this.session, repository, digest);
    }
    getBlob(repository, digest) {
        return getBlob(this.session, repository, digest);
    }
    uploadBlob(repository, source, options) {
        return uploadBlob(this.session, repository, source, options);
    }
    /** Cross-repository mount; on a 202 uploads `source()` instead (or returns 'not-mounted' without one). */
    mountBlob(repository, digest, fromRepository, source, options) {
        return mountBlob(this.session, repository, digest, fromRepository, source, options);
    }
    referrers(repository, digest, options) {
        return listReferrers(this.session, repository, digest, options);
    }
}
function parseOptional(bytes) {
    try {
        return (0,manifest_format/* parseManifest */.Ng)(bytes);
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 6465:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ connectRegistry)
/* harmony export */ });
/* harmony import */ var _certs_dir_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7793);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2524);


/**
 * Builds a client the way docker would reach the registry: the given CA plus any `*.crt` in
 * `/etc/docker/certs.d/<host:port>/`. The only part of the client that touches the file system.
 */
async function connectRegistry(options) {
    const { certsDir = _certs_dir_js__WEBPACK_IMPORTED_MODULE_0__/* .DOCKER_CERTS_DIR */ .$b, ...rest } = options;
    const ca = rest.transport === undefined ? await (0,_certs_dir_js__WEBPACK_IMPORTED_MODULE_0__/* .registryCa */ .q5)(rest.registry, rest.ca, certsDir) : rest.ca;
    return new _client_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryClient */ .b({ ...rest, ...(ca === undefined ? {} : { ca }) });
}


/***/ }),

/***/ 5035:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LN: () => (/* binding */ referrersTag),
/* harmony export */   MK: () => (/* binding */ computeDigest),
/* harmony export */   _j: () => (/* binding */ matchesDigest),
/* harmony export */   g4: () => (/* binding */ digestAlgorithm),
/* harmony export */   jJ: () => (/* binding */ hasherFor)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

const ALGORITHMS = { sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };
function digestAlgorithm(digest) {
    return digest.slice(0, digest.indexOf(':'));
}
/** A hasher for a digest's algorithm, or undefined when node cannot compute it (then the digest is trusted as is). */
function hasherFor(algorithm) {
    const name = ALGORITHMS[algorithm];
    return name === undefined ? undefined : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(name);
}
function computeDigest(bytes, algorithm = 'sha256') {
    const hash = hasherFor(algorithm);
    if (hash === undefined)
        throw new Error(`unsupported digest algorithm "${algorithm}"`);
    return `${algorithm}:${hash.update(bytes).digest('hex')}`;
}
/** True when `bytes` hash to `digest`; digests of algorithms node lacks are accepted unchecked. */
function matchesDigest(bytes, digest) {
    const algorithm = digestAlgorithm(digest);
    if (hasherFor(algorithm) === undefined)
        return true;
    return computeDigest(bytes, algorithm) === digest;
}
/**
 * The tag under which the referrers of `digest` are kept on registries without the referrers API
 * (distribution-spec "Referrers Tag Schema": `<alg>-<ref>`, truncated to 32 and 64 characters).
 */
function referrersTag(digest) {
    const colon = digest.indexOf(':');
    return `${digest.slice(0, colon).slice(0, 32)}-${digest.slice(colon + 1).slice(0, 64)}`;
}


/***/ }),

/***/ 1119:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $b: () => (/* reexport safe */ _errors_js__WEBPACK_IMPORTED_MODULE_5__.$b),
/* harmony export */   F2: () => (/* reexport safe */ _reference_js__WEBPACK_IMPORTED_MODULE_7__.F2),
/* harmony export */   LF: () => (/* reexport safe */ _errors_js__WEBPACK_IMPORTED_MODULE_5__.LF),
/* harmony export */   MK: () => (/* reexport safe */ _digest_js__WEBPACK_IMPORTED_MODULE_4__.MK),
/* harmony export */   PB: () => (/* reexport safe */ _errors_js__WEBPACK_IMPORTED_MODULE_5__.PB),
/* harmony export */   gm: () => (/* reexport safe */ _connect_js__WEBPACK_IMPORTED_MODULE_3__.g),
/* harmony export */   hm: () => (/* reexport safe */ _errors_js__WEBPACK_IMPORTED_MODULE_5__.hm),
/* harmony export */   vU: () => (/* reexport safe */ _auth_js__WEBPACK_IMPORTED_MODULE_0__.v),
/* harmony export */   w4: () => (/* reexport safe */ _errors_js__WEBPACK_IMPORTED_MODULE_5__.w4),
/* harmony export */   zm: () => (/* reexport safe */ _retry_js__WEBPACK_IMPORTED_MODULE_8__.zm),
/* harmony export */   zu: () => (/* reexport safe */ _manifest_format_js__WEBPACK_IMPORTED_MODULE_6__.zu)
/* harmony export */ });
/* harmony import */ var _auth_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7481);
/* harmony import */ var _certs_dir_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7793);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2524);
/* harmony import */ var _connect_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6465);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5035);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6764);
/* harmony import */ var _manifest_format_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1328);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9310);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6018);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(670);












/***/ }),

/***/ 1699:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ nextLink)
/* harmony export */ });
/**
 * The `rel="next"` target of a Link header (`<…>; rel="next"`), resolved against the URL of the request that
 * returned it: distribution sends a path, Quay an opaque token in the query, others an absolute URL.
 */
function nextLink(header, requestUrl) {
    if (!header)
        return undefined;
    for (const part of splitLinks(header)) {
        const match = /^\s*<([^>]*)>(.*)$/.exec(part);
        if (!match)
            continue;
        const [, target = '', params = ''] = match;
        const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(params);
        const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
        if (rels.includes('next'))
            return new URL(target, requestUrl).toString();
    }
    return undefined;
}
/** Splits on the commas between link-values, not those inside `<…>` or quotes. */
function splitLinks(header) {
    const parts = [];
    let depth = 0;
    let quoted = false;
    let start = 0;
    for (let i = 0; i < header.length; i++) {
        const c = header.charAt(i);
        if (c === '"')
            quoted = !quoted;
        else if (!quoted && c === '<')
            depth++;
        else if (!quoted && c === '>')
            depth = Math.max(0, depth - 1);
        else if (!quoted && depth === 0 && c === ',') {
            parts.push(header.slice(start, i));
            start = i + 1;
        }
    }
    parts.push(header.slice(start));
    return parts;
}


/***/ }),

/***/ 1328:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ isIndexMediaType),
/* harmony export */   LC: () => (/* binding */ specificMediaType),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   dY: () => (/* binding */ MANIFEST_ACCEPT),
/* harmony export */   gp: () => (/* binding */ manifestMediaType),
/* harmony export */   xh: () => (/* binding */ referrerDescriptor),
/* harmony export */   zu: () => (/* binding */ MediaType)
/* harmony export */ });
const MediaType = {
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociEmpty: 'application/vnd.oci.empty.v1+json'
};
/**
 * All four kinds, always: a registry that is not offered the type it stores may convert it (distribution
 * serves a schema-1 linux/amd64 manifest to a bare Accept), and the converted bytes have another digest.
 */
const MANIFEST_ACCEPT = [
    MediaType.ociIndex,
    MediaType.ociManifest,
    MediaType.dockerManifestList,
    MediaType.dockerManifest
].join(', ');
function isIndexMediaType(mediaType) {
    return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}
/** Parses manifest bytes; throws a plain Error (callers add the registry context) when they are not a JSON object. */
function parseManifest(bytes) {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new Error('manifest is not a JSON object');
    }
    return value;
}
/** The Content-Type's media type unless it is missing or generic (`application/json`, `text/plain`). */
function specificMediaType(contentType) {
    const type = contentType?.split(';')[0]?.trim().toLowerCase();
    return type && type !== 'application/json' && type !== 'text/plain' && type !== 'application/octet-stream'
        ? type
        : undefined;
}
/**
 * The media type to label a manifest with: the Content-Type the registry sent unless it is generic, else the
 * `mediaType` field, else a guess from the shape (OCI manifests may omit the field).
 */
function manifestMediaType(contentType, manifest) {
    const header = specificMediaType(contentType);
    if (header !== undefined)
        return header;
    if (manifest.mediaType)
        return manifest.mediaType;
    return manifest.manifests === undefined ? MediaType.ociManifest : MediaType.ociIndex;
}
/** A descriptor of a pushed manifest, as the referrers index lists it. */
function referrerDescriptor(manifest, mediaType, digest, size) {
    const artifactType = manifest.artifactType ?? manifest.config?.mediaType;
    return {
        mediaType,
        digest,
        size,
        ...(artifactType === undefined ? {} : { artifactType }),
        ...(manifest.annotations === undefined ? {} : { annotations: manifest.annotations })
    };
}


/***/ })

};

//# sourceMappingURL=431.index.js.map