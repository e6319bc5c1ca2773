export const id = 376;
export const ids = [376,491];
export const modules = {

/***/ 376:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  prefetchInspect: () => (/* binding */ prefetchInspect),
  removeBuilders: () => (/* binding */ removeBuilders),
  settleBuilder: () => (/* binding */ settleBuilder)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(382);
// EXTERNAL MODULE: ./src/shell/exec.ts + 1 modules
var exec = __webpack_require__(491);
;// CONCATENATED MODULE: ./src/registry/certs-dir.ts


const DOCKER_CERTS_DIR = '/etc/docker/certs.d';
/**
 * Docker's convention for private registries: every `*.crt` in `<dir>/<host:port>/` is a trusted CA for that
 * registry. Returns them as one PEM bundle, or undefined when there are none (a missing directory is normal).
 */
async function dockerCertsDirCa(registry, dir = DOCKER_CERTS_DIR) {
    const hostDir = join(dir, registry);
    let names;
    try {
        names = await readdir(hostDir);
    }
    catch {
        return undefined;
    }
    const pems = await Promise.all(names
        .filter(name => name.endsWith('.crt'))
        .sort()
        .map(name => readFile(join(hostDir, name), 'utf8')));
    const bundle = pems.map(pem => pem.trim()).filter(pem => pem !== '');
    return bundle.length === 0 ? undefined : `${bundle.join('\n')}\n`;
}
/** The CA bundle for a registry: the caller's PEM plus docker's certs.d files, deduplicated. */
async function registryCa(registry, ca, dir = DOCKER_CERTS_DIR) {
    const fromDir = await dockerCertsDirCa(registry, dir);
    const parts = [ca?.trim(), fromDir?.trim()].filter((p) => p !== undefined && p !== '');
    return parts.length === 0 ? undefined : `${[...new Set(parts)].join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/registry/errors.ts
/**
 * Registry errors. Every message names the registry host (and the repository when there is one) and says what to
 * check. None may carry a password, token or Authorization header: messages are built from our own words plus
 * registry-supplied text that has gone through `redact`.
 */
class RegistryError extends Error {
    host;
    repository;
    status;
    code;
    constructor(where, message, options) {
        super(message, options);
        this.name = 'RegistryError';
        this.host = where.host;
        this.repository = where.repository;
        this.status = where.status;
        this.code = where.code;
    }
}
/** 401 that credentials could not fix, or a token endpoint refusing them. */
class RegistryAuthError extends (/* unused pure expression or super */ null && (RegistryError)) {
    name = 'RegistryAuthError';
}
/** 403: authenticated, but not allowed to do this. */
class RegistryDeniedError extends (/* unused pure expression or super */ null && (RegistryError)) {
    name = 'RegistryDeniedError';
}
class RegistryNotFoundError extends (/* unused pure expression or super */ null && (RegistryError)) {
    name = 'RegistryNotFoundError';
}
/** The registry does not offer the operation (delete disabled, tag delete unsupported, …): 405, 400 UNSUPPORTED, 501. */
class RegistryUnsupportedError extends (/* unused pure expression or super */ null && (RegistryError)) {
    name = 'RegistryUnsupportedError';
}
/** 429 that outlasted the retry budget. */
class RegistryRateLimitError extends (/* unused pure expression or super */ null && (RegistryError)) {
    name = 'RegistryRateLimitError';
}
/** Connection refused/reset, DNS failure, timeout, TLS failure: the registry never answered. */
class RegistryNetworkError extends RegistryError {
    networkCode;
    name = 'RegistryNetworkError';
    constructor(where, message, 
    /** `ECONNREFUSED`, `ETIMEDOUT`, `DEPTH_ZERO_SELF_SIGNED_CERT`, … */
    networkCode, options) {
        super(where, message, options);
        this.networkCode = networkCode;
    }
}
/** Content whose digest is not the one asked for or announced: never use it. */
class DigestMismatchError extends (/* unused pure expression or super */ null && (RegistryError)) {
    name = 'DigestMismatchError';
}
/** A listing (tags, referrers) that could not be read to its end; `partial` holds what was read. */
class IncompleteListError extends RegistryError {
    partial;
    name = 'IncompleteListError';
    constructor(where, message, partial, options) {
        super(where, message, options);
        this.partial = partial;
    }
}
/** A reference, repository, tag or digest that is not well formed. */
class errors_InvalidReferenceError extends Error {
    reference;
    detail;
    name = 'InvalidReferenceError';
    constructor(reference, detail) {
        super(`invalid image reference "${reference}": ${detail}`);
        this.reference = reference;
        this.detail = detail;
    }
}
const MIN_SECRET_LENGTH = 4;
/** Replaces every occurrence of each secret (and its base64/URL-encoded forms) with `***`. */
function redact(text, secrets) {
    let out = text;
    for (const secret of secrets) {
        if (secret.length < MIN_SECRET_LENGTH)
            continue;
        for (const form of new Set([
            secret,
            encodeURIComponent(secret),
            Buffer.from(secret).toString('base64')
        ])) {
            out = out.split(form).join('***');
        }
    }
    return out;
}
/** `repository x on host` or `host`, for the start of messages. */
function describeTarget(host, repository) {
    return repository === undefined ? host : `${host}/${repository}`;
}

;// CONCATENATED MODULE: ./src/registry/reference.ts

/** The name Docker Hub goes by in references, credentials and messages. */
const DOCKER_HUB = 'docker.io';
/** Where Docker Hub actually serves the distribution API: `docker.io` itself does not answer `/v2/`. */
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
// The grammar of distribution/reference, which docker, buildx and skopeo all share.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256_RE = /^sha256:[a-f0-9]{64}$/;
const IMAGE_ID_RE = /^[a-f0-9]{64}$/;
const MAX_NAME_LENGTH = 255;
function isValidTag(tag) {
    return TAG_RE.test(tag);
}
/** A digest the registry can address: sha256 must be 64 lowercase hex digits, other algorithms are passed through. */
function isValidDigest(digest) {
    if (!DIGEST_RE.test(digest))
        return false;
    return !digest.startsWith('sha256:') || SHA256_RE.test(digest);
}
function validateRepository(repository) {
    if (repository.toLowerCase() !== repository) {
        throw new InvalidReferenceError(repository, 'repository names must be lowercase');
    }
    if (!PATH_RE.test(repository)) {
        throw new InvalidReferenceError(repository, 'repository names are lowercase letters, digits and the separators ".", "_", "__", "-" between path components joined by "/"');
    }
}
function validateTag(tag) {
    if (!isValidTag(tag)) {
        throw new InvalidReferenceError(tag, 'tags are 1-128 characters of letters, digits, "_", "." and "-", and must not start with "." or "-"');
    }
}
function validateDigest(digest) {
    if (!isValidDigest(digest)) {
        throw new InvalidReferenceError(digest, 'digests look like sha256:<64 lowercase hex digits>');
    }
}
/** The port of `host:port` (IPv6 literals in brackets), if one is written. */
function portOf(registry) {
    const port = /(?:^[^:]*|\]):(\d+)$/.exec(registry)?.[1];
    return port === undefined ? undefined : Number(port);
}
/** Why `registry` (`host`, `host:port`, `[v6]:port`) is not a registry host, or undefined when it is one. */
function registryHostProblem(registry) {
    if (!DOMAIN_RE.test(registry))
        return `"${registry}" is not a valid registry host`;
    const port = portOf(registry);
    if (port !== undefined && (port < 1 || port > 65535)) {
        return `port ${port} of "${registry}" is not between 1 and 65535`;
    }
    return undefined;
}
/** Docker's rule: the first path component is a registry only if it looks like a host name. */
function splitRegistry(name) {
    const slash = name.indexOf('/');
    const first = slash === -1 ? '' : name.slice(0, slash);
    const isHost = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
    let registry = isHost ? first : DOCKER_HUB;
    let remainder = isHost ? name.slice(slash + 1) : name;
    if (registry === 'index.docker.io')
        registry = DOCKER_HUB;
    if (registry === DOCKER_HUB && !remainder.includes('/'))
        remainder = `library/${remainder}`;
    return [registry, remainder];
}
/**
 * Parses a reference the way docker does: `busybox` is `docker.io/library/busybox:latest`, a first component
 * containing `.` or `:` (or `localhost`) is a registry, `:tag` and `@digest` may both be present.
 */
function parseReference(input) {
    const text = input.trim();
    if (text === '')
        throw new InvalidReferenceError(input, 'the image reference is empty');
    if (IMAGE_ID_RE.test(text)) {
        throw new InvalidReferenceError(input, 'a bare 64-character hex string is an image ID, not a reference');
    }
    const at = text.indexOf('@');
    const digest = at === -1 ? undefined : text.slice(at + 1);
    const nameAndTag = at === -1 ? text : text.slice(0, at);
    const [registry, remainder] = splitRegistry(nameAndTag);
    const colon = remainder.lastIndexOf(':');
    const hasTag = colon !== -1 && !remainder.slice(colon).includes('/');
    const repository = hasTag ? remainder.slice(0, colon) : remainder;
    const tag = hasTag ? remainder.slice(colon + 1) : undefined;
    const hostProblem = registryHostProblem(registry);
    if (hostProblem)
        throw new InvalidReferenceError(input, hostProblem);
    try {
        validateRepository(repository);
        if (tag !== undefined)
            validateTag(tag);
        if (digest !== undefined)
            validateDigest(digest);
    }
    catch (error) {
        if (error instanceof InvalidReferenceError)
            throw new InvalidReferenceError(input, error.detail);
        throw error;
    }
    if (registry.length + 1 + repository.length > MAX_NAME_LENGTH) {
        throw new InvalidReferenceError(input, `the name is longer than ${MAX_NAME_LENGTH} characters`);
    }
    if (digest !== undefined)
        return tag === undefined ? { registry, repository, digest } : { registry, repository, tag, digest };
    return { registry, repository, tag: tag ?? 'latest' };
}
/** The fully qualified form, e.g. `docker.io/library/busybox:latest` or `ghcr.io/o/r@sha256:…`. */
function formatReference(ref) {
    const tag = ref.tag === undefined ? '' : `:${ref.tag}`;
    const digest = ref.digest === undefined ? '' : `@${ref.digest}`;
    return `${ref.registry}/${ref.repository}${tag}${digest}`;
}
/** What the manifest endpoints are addressed by: the digest when pinned, the tag otherwise. */
function manifestRef(ref) {
    return ref.digest ?? ref.tag ?? 'latest';
}
/** Host[:port] that serves `/v2/` for a registry name. */
function apiHost(registry) {
    return registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry;
}
/** The host without its port; IPv6 literals keep their brackets. */
function hostName(registry) {
    if (registry.startsWith('['))
        return registry.slice(0, registry.indexOf(']') + 1);
    const colon = registry.lastIndexOf(':');
    return colon === -1 ? registry : registry.slice(0, colon);
}
/**
 * Loopback registries: docker treats 127.0.0.0/8 as insecure by default, so plain http is allowed there
 * (after trying https first). Nothing else is ever spoken to over http unless the caller says so.
 */
function isLoopbackRegistry(registry) {
    const host = hostName(registry).toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]')
        return true;
    const octets = host.split('.');
    return (octets.length === 4 && octets[0] === '127' && octets.every(o => /^\d{1,3}$/.test(o) && Number(o) <= 255));
}

;// CONCATENATED MODULE: ./src/build/builder-args.ts
/**
 * Argument builders for the builders this step creates (pure), as docker/setup-buildx-action creates them:
 * `docker buildx create --driver docker-container`, `docker buildx inspect --bootstrap`, `docker buildx rm`.
 */

/** setup-buildx-action's default image and flags (action.yml defaults @ v4). */
const DEFAULT_BUILDKIT_IMAGE = 'moby/buildkit:buildx-stable-1';
const DEFAULT_BUILDKITD_FLAGS = '--allow-insecure-entitlement security.insecure --allow-insecure-entitlement network.host';
function optKey(opt) {
    return opt.slice(0, Math.max(0, opt.indexOf('='))).trim();
}
/** The driver options: the user's, plus the defaults they do not set. */
function builderDriverOpts(options) {
    const opts = [...options.driverOpts];
    const keys = new Set(opts.map(optKey));
    if (!keys.has('image'))
        opts.push(`image=${DEFAULT_BUILDKIT_IMAGE}`);
    // 127.0.0.1 inside the builder's container is the container itself: loopback registries need the host's.
    if (!keys.has('network') && options.registries.some(isLoopbackRegistry))
        opts.push('network=host');
    return opts;
}
function createBuilderArgs(options) {
    const args = ['buildx', 'create', '--name', options.name, '--driver', 'docker-container'];
    for (const opt of builderDriverOpts(options))
        args.push('--driver-opt', opt);
    args.push('--buildkitd-flags', options.buildkitdFlags || DEFAULT_BUILDKITD_FLAGS);
    if (options.configFile)
        args.push('--config', options.configFile);
    return args;
}
function bootstrapBuilderArgs(name) {
    return ['buildx', 'inspect', '--bootstrap', '--builder', name];
}
function inspectBuilderArgs(name) {
    return name ? ['buildx', 'inspect', name] : ['buildx', 'inspect'];
}
function removeBuilderArgs(name) {
    return ['buildx', 'rm', name];
}
function tomlString(value) {
    return JSON.stringify(value);
}
/**
 * buildkitd.toml `[registry."host"]` sections, so the container builder reaches what the docker daemon
 * reaches: a private CA from certs.d (buildx copies the file into the builder), and plain HTTP for
 * loopback registries without one (dockerd treats 127.0.0.0/8 as insecure by itself; BuildKit does not).
 * The user's own config (`buildkitd-config`) comes first; hosts it already configures are left alone.
 */
function buildkitdConfig(userConfig, registries) {
    const sections = [];
    for (const { host, caFile } of registries) {
        if (userConfig.includes(`[registry."${host}"]`))
            continue;
        if (caFile)
            sections.push(`[registry.${tomlString(host)}]\n  ca = [${tomlString(caFile)}]`);
        else if (isLoopbackRegistry(host))
            sections.push(`[registry.${tomlString(host)}]\n  http = true\n  insecure = true`);
    }
    return [userConfig.trimEnd(), ...sections].filter(Boolean).join('\n\n') + '\n';
}

;// CONCATENATED MODULE: ./src/build/builder-inspect.ts
const SNAPSHOTTER_LABEL = 'org.mobyproject.buildkit.worker.snapshotter';
function field(line) {
    const match = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line);
    return match ? [match[1], match[2].trim()] : undefined;
}
/**
 * Parses the text form (buildx 0.10 to current print the same keys; `--format` is newer than the buildx some
 * users have). Returns undefined when the output names no builder.
 */
function parseBuildxInspect(output) {
    let name;
    let driver = '';
    const nodes = [];
    let inLabels = false;
    for (const raw of output.split(/\r?\n/)) {
        const line = raw.trimEnd();
        if (inLabels && /^\s+\S/.test(line)) {
            const label = /^\s+([^:\s]+):\s*(.*)$/.exec(line);
            const node = nodes[nodes.length - 1];
            if (label && node)
                node.labels[label[1]] = label[2].trim();
            continue;
        }
        inLabels = false;
        const kv = field(line);
        if (!kv)
            continue;
        const [key, value] = kv;
        const node = nodes[nodes.length - 1];
        switch (key) {
            case 'Name':
                if (name === undefined)
                    name = value;
                else
                    nodes.push({ name: value, status: '', platforms: [], labels: {} });
                break;
            case 'Driver':
                driver = value;
                break;
            case 'Status':
                if (node)
                    node.status = value;
                break;
            case 'BuildKit version':
            case 'Buildkit':
                if (node && value)
                    node.buildkitVersion = value;
                break;
            case 'Platforms':
                if (node)
                    node.platforms = value
                        .split(',')
                        .map(p => p.trim())
                        .filter(Boolean);
                break;
            case 'Labels':
                inLabels = true;
                break;
        }
    }
    return name === undefined ? undefined : { name, driver, nodes };
}
/**
 * BuildKit built into dockerd, by Engine release (moby's vendor.mod at each release); used when the daemon
 * reports no version of its own (Debian's build prints `v0.0.0+unknown`).
 */
const MOBY_BUILDKIT = [
    ['29.0', '0.25.0'],
    ['28.2', '0.22.0'],
    ['28.1', '0.21.0'],
    ['28.0', '0.20.0'],
    ['27.4', '0.17.0'],
    ['27.2', '0.15.0'],
    ['27.0', '0.14.0'],
    ['26.0', '0.13.0'],
    ['25.0', '0.12.0'],
    ['24.0', '0.11.0'],
    ['23.0', '0.10.0'],
    ['20.10', '0.8.0'],
    ['19.03', '0.6.0'],
    ['18.09', '0.3.0']
];
function atLeastRelease(version, release) {
    const [a = NaN, b = NaN] = version.split('.').map(Number);
    const [c = 0, d = 0] = release.split('.').map(Number);
    return a > c || (a === c && b >= d);
}
/** The BuildKit a docker daemon of this version embeds (its floor), or undefined for an unknown version. */
function mobyBuildkit(daemonVersion) {
    if (!daemonVersion || !/^\d+\.\d+/.test(daemonVersion))
        return undefined;
    return MOBY_BUILDKIT.find(([release]) => atLeastRelease(daemonVersion, release))?.[1];
}
/** `v0.13.2` → `0.13.2`; a version BuildKit cannot know (`v0.0.0+unknown`) → undefined. */
function knownVersion(printed) {
    const match = /^v?(\d+\.\d+\.\d+)/.exec(printed ?? '');
    if (!match || match[1] === '0.0.0')
        return undefined;
    return match[1];
}
/** What the inspected builder supports, as buildx itself decides it. */
function builderFacts(inspected, context) {
    const node = inspected.nodes[0];
    const isDocker = inspected.driver === 'docker';
    const full = !isDocker || (node !== undefined && SNAPSHOTTER_LABEL in node.labels);
    const reported = knownVersion(node?.buildkitVersion);
    const buildkitVersion = reported ?? (isDocker ? mobyBuildkit(context.daemonVersion) : undefined);
    const platforms = [...new Set(inspected.nodes.flatMap(n => n.platforms))];
    return {
        name: inspected.name,
        driver: inspected.driver,
        buildxVersion: context.buildxVersion,
        ...(buildkitVersion ? { buildkitVersion } : {}),
        cacheExport: full,
        multiPlatform: full,
        attestations: full,
        platforms,
        created: context.created
    };
}

;// CONCATENATED MODULE: ./src/build/builder-policy.ts
const NO_NEEDS = { cacheExport: false, multiPlatform: false, attestations: false };
function missing(builder, needs) {
    const lacks = [];
    if (needs.cacheExport && !builder.cacheExport)
        lacks.push('cache export');
    if (needs.multiPlatform && !builder.multiPlatform)
        lacks.push('multi-platform builds');
    if (needs.attestations && !builder.attestations)
        lacks.push('attestations');
    // The builders that export a cache write image tarballs too; the docker driver on the classic store does
    // neither ("Docker exporter is not supported for the docker driver").
    if (needs.imageTarball && !builder.cacheExport)
        lacks.push('image tarball outputs');
    return lacks;
}
/** What the docker engine path does instead: the per-stage inline cache, tarballs by `docker save`. */
const SOFT = new Set(['cache export', 'image tarball outputs']);
function describe(builder) {
    const store = builder.driver === 'docker' && !builder.cacheExport ? ' on the classic image store' : '';
    return `builder '${builder.name}' (${builder.driver} driver${store})`;
}
const FULL_CACHE_HINT = 'for the full cache and image tarballs use a docker-container builder (created by this step when the ' +
    'moby/buildkit image can be pulled, or by docker/setup-buildx-action), a remote builder, or the containerd ' +
    'image store (daemon.json {"features":{"containerd-snapshotter":true}})';
/** Refusal for what only a full BuildKit can do; the cache alone falls back instead. */
function refuseOrFallback(builder, needs, why, inputFor) {
    const lacks = missing(builder, needs);
    const hard = lacks.filter(l => !SOFT.has(l));
    if (hard.length > 0) {
        const input = hard[0] === 'multi-platform builds' ? inputFor.platforms : inputFor.attestations;
        return {
            action: 'refuse',
            input,
            message: `${describe(builder)} cannot do ${hard.join(' or ')}${why}; use a docker-container or remote builder ` +
                `(the builder input, or docker/setup-buildx-action), or turn on the containerd image store`
        };
    }
    const instead = [
        lacks.includes('cache export') &&
            'every stage is cached as an inline-cache image instead, which reuses fewer layers',
        lacks.includes('image tarball outputs') &&
            'image tarballs are written by docker save (type=docker only) after the image is loaded'
    ].filter(Boolean);
    const cannot = [
        lacks.includes('cache export') && 'export a layer cache',
        lacks.includes('image tarball outputs') && 'write image tarballs'
    ].filter(Boolean);
    return {
        action: 'inline-fallback',
        builder,
        warning: `${describe(builder)} cannot ${cannot.join(' or ')}${why}: ${instead.join('; ')}; ${FULL_CACHE_HINT}`
    };
}
const DEFAULT_INPUTS = { platforms: 'platforms', attestations: 'provenance' };
/** The first decision, before any builder is created. */
function decideBuilder(choice, needs) {
    const { builder, origin } = choice;
    const lacks = missing(builder, needs);
    if (lacks.length === 0)
        return { action: 'use', builder, notes: [] };
    if (origin !== 'current') {
        // The user's own choice: never replaced, whatever it lacks.
        const named = origin === 'input' ? 'named by the builder input' : 'named by BUILDX_BUILDER';
        return refuseOrFallback(builder, needs, ` (${named})`, choice.inputs ?? DEFAULT_INPUTS);
    }
    return { action: 'create', why: `${describe(builder)} cannot do ${lacks.join(', ')}` };
}
/** When creating a builder failed: fall back on the current builder where possible. */
function afterCreateFailed(choice, needs, error) {
    return refuseOrFallback(choice.builder, needs, ` and no docker-container builder could be started (${error})`, choice.inputs ?? DEFAULT_INPUTS);
}

;// CONCATENATED MODULE: ./src/build/builder.ts
/**
 * Settles the buildx builder inside the one step (the shell around builder-policy.ts): inspect the builder
 * buildx would use, use it when it can do what the plan needs, else create a docker-container builder as
 * docker/setup-buildx-action does (removed in post), else fall back on the docker driver's inline cache.
 */









const sameEnv = (a, b) => Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
/**
 * Starts the inspect settleBuilder will run first — of the builder the inputs or BUILDX_BUILDER name, else the
 * current one — while the engines are still being probed: buildx answers both in ≈ 0.25 s each, in a row.
 */
function prefetchInspect(exec, command, inputs, env) {
    const args = inspectBuilderArgs(originOf(inputs, env).name);
    const result = exec(command, args, { env, allowFailure: true });
    let taken = false;
    return {
        take(askedCommand, askedArgs, askedEnv) {
            const same = !taken &&
                askedCommand === command &&
                askedArgs.join('\0') === args.join('\0') &&
                sameEnv(askedEnv, env);
            if (!same)
                return undefined;
            taken = true;
            return result;
        },
        settle: () => result.then(() => undefined, () => undefined)
    };
}
function originOf(inputs, env) {
    if (inputs.builder)
        return { name: inputs.builder, origin: 'input' };
    if (env.BUILDX_BUILDER)
        return { name: env.BUILDX_BUILDER, origin: 'env' };
    return { origin: 'current' };
}
function lastLine(text) {
    return (text
        .trim()
        .split('\n')
        .map(l => l.trim())
        .filter(Boolean)
        .pop() ?? 'no output').replace(/^(?:#\d+ )?ERROR:\s*/, '');
}
async function inspect(engine, deps, name, created) {
    const args = inspectBuilderArgs(name);
    const out = await (deps.prefetched?.take(engine.command, args, deps.env) ??
        deps.exec(engine.command, args, { env: deps.env, allowFailure: true }));
    const parsed = out.exitCode === 0 ? parseBuildxInspect(out.stdout) : undefined;
    if (!parsed)
        return { error: lastLine(out.stderr || out.stdout) };
    return builderFacts(parsed, {
        buildxVersion: engine.version.replace(/^v/, ''),
        ...(engine.daemonVersion ? { daemonVersion: engine.daemonVersion } : {}),
        created
    });
}
/** docker's `certs.d/<host>/*.crt` convention: the CA a container builder must trust for that registry. */
async function trustFor(host, certsDir) {
    const names = await (0,promises_.readdir)(external_node_path_default().join(certsDir, host)).catch(() => []);
    const ca = names.filter(n => n.endsWith('.crt')).sort()[0];
    return ca ? { host, caFile: external_node_path_default().join(certsDir, host, ca) } : { host };
}
async function configFile(inputs, deps) {
    const user = inputs.buildkitdConfigInline || (inputs.buildkitdConfig ? await readConfig(inputs.buildkitdConfig) : '');
    const certsDir = deps.certsDir ?? DOCKER_CERTS_DIR;
    const trust = await Promise.all([...new Set(deps.registries)].map(host => trustFor(host, certsDir)));
    const toml = buildkitdConfig(user, trust);
    if (toml.trim() === '')
        return undefined;
    const file = external_node_path_default().join(deps.temp, 'buildkitd.toml');
    await (0,promises_.writeFile)(file, toml, { mode: 0o600 });
    return file;
}
async function readConfig(file) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new errors/* InputError */.dz('buildkitd-config', `cannot read ${file} (${error.code ?? 'error'}); give the path of a buildkitd.toml`);
    }
}
/** The variables that decide where buildx keeps a builder, for post to find it again. */
function builderEnv(env) {
    const keep = [
        'BUILDX_CONFIG',
        'DOCKER_CONFIG',
        'DOCKER_HOST',
        'DOCKER_CONTEXT',
        'DOCKER_CERT_PATH',
        'DOCKER_TLS_VERIFY'
    ];
    return Object.fromEntries(keep.filter(k => env[k] !== undefined).map(k => [k, env[k]]));
}
/** Creates and boots a docker-container builder; on failure removes what was half made. */
async function createBuilder(engine, inputs, deps) {
    const name = `image-action-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`;
    const config = await configFile(inputs, deps);
    const args = createBuilderArgs({
        name,
        driverOpts: inputs.driverOpts,
        ...(inputs.buildkitdFlags ? { buildkitdFlags: inputs.buildkitdFlags } : {}),
        ...(config ? { configFile: config } : {}),
        registries: deps.registries
    });
    deps.created({ command: engine.command, name, env: builderEnv(deps.env) });
    const started = performance.now();
    const slow = { env: deps.env, allowFailure: true, stream: true, timeoutMs: exec.SLOW_TIMEOUT_MS };
    const create = await deps.exec(engine.command, args, slow);
    const boot = create.exitCode === 0 ? await deps.exec(engine.command, bootstrapBuilderArgs(name), slow) : create;
    if (boot.exitCode !== 0) {
        await deps.exec(engine.command, removeBuilderArgs(name), { env: deps.env, allowFailure: true });
        return { error: lastLine(boot.stderr || boot.stdout) };
    }
    const facts = await inspect(engine, deps, name, true);
    if (!('error' in facts)) {
        deps.info(`Created builder ${name} (docker-container, BuildKit ${facts.buildkitVersion ?? 'unknown'}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    return facts;
}
/**
 * The engine that carries out the decision. The current builder is left implicit: buildx refuses
 * `--builder <context>` for a docker-driver builder unless that context is the current one, and the current
 * builder is what it would pick anyway.
 */
function engineFor(engine, decision, origin) {
    const build = origin === 'current' ? ['buildx', 'build'] : ['buildx', 'build', '--builder', decision.builder.name];
    if (decision.action === 'use')
        return { ...engine, kind: 'buildx', build, builder: decision.builder };
    return {
        ...engine,
        kind: 'docker',
        version: engine.daemonVersion ?? engine.version,
        build,
        builder: decision.builder
    };
}
function carryOut(engine, decision, origin, deps) {
    switch (decision.action) {
        case 'use':
            return engineFor(engine, decision, origin);
        case 'inline-fallback':
            deps.warn(decision.warning);
            return engineFor(engine, decision, origin);
        case 'refuse':
            throw new errors/* InputError */.dz(decision.input, decision.message);
        case 'create':
            throw new Error('internal: a create decision must be carried out by settleBuilder');
    }
}
/**
 * For a buildx engine: the builder that can do what the plan needs. For a docker engine reached through
 * a buildx client: the docker driver of the current context (images must land in the daemon to be pushed).
 */
async function settleBuilder(engine, needs, inputs, deps) {
    if (engine.kind === 'buildah' || engine.build[0] !== 'buildx')
        return engine;
    if (engine.kind === 'docker')
        return dockerDriverEngine(engine, deps);
    const { name, origin } = originOf(inputs, deps.env);
    const current = await inspect(engine, deps, name, false);
    if ('error' in current) {
        const which = name ? `builder '${name}'` : 'the current buildx builder';
        const input = origin === 'input' ? 'builder' : origin === 'env' ? 'builder' : 'engine';
        throw new errors/* InputError */.dz(input, `${which} cannot be used: ${current.error}; name an existing builder (docker buildx ls) or leave it empty`);
    }
    const choice = {
        builder: current,
        origin,
        inputs: { platforms: 'platforms', attestations: inputs.attestationInput ?? 'provenance' }
    };
    const decision = decideBuilder(choice, needs);
    if (decision.action !== 'create') {
        if (decision.action === 'use')
            deps.info(`Builder: ${current.name} (${current.driver} driver, BuildKit ${current.buildkitVersion ?? 'unknown'})`);
        return carryOut(engine, decision, origin, deps);
    }
    deps.info(`${decision.why}: creating a docker-container builder for this step`);
    const created = await createBuilder(engine, inputs, deps);
    if (!('error' in created))
        return engineFor(engine, { action: 'use', builder: created, notes: [] }, 'created');
    return carryOut(engine, afterCreateFailed(choice, needs, created.error), origin, deps);
}
/** The docker driver builder of the current docker context is named after the context. */
async function dockerDriverEngine(engine, deps) {
    const context = await deps.exec(engine.command, ['context', 'inspect', '--format', '{{.Name}}'], {
        env: deps.env,
        allowFailure: true
    });
    const name = context.exitCode === 0 ? context.stdout.trim() || 'default' : 'default';
    const facts = await inspect(engine, deps, name, false);
    return {
        ...engine,
        build: ['buildx', 'build', '--builder', name],
        ...('error' in facts ? {} : { builder: facts })
    };
}
/** post: removes the builders this step created; never one it did not. */
async function removeBuilders(builders, exec, env) {
    for (const builder of builders) {
        await exec(builder.command, removeBuilderArgs(builder.name), {
            env: { ...env, ...builder.env },
            allowFailure: true
        });
    }
}


/***/ }),

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

//# sourceMappingURL=376.index.js.map