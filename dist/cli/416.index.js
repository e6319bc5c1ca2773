export const id = 416;
export const ids = [416];
export const modules = {

/***/ 2416:
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
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(8382);
// EXTERNAL MODULE: ./src/shell/exec.ts
var exec = __webpack_require__(7097);
// EXTERNAL MODULE: ./src/registry/certs-dir.ts
var certs_dir = __webpack_require__(7793);
// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(9310);
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
    if (!keys.has('network') && options.registries.some(reference/* isLoopbackRegistry */.jW))
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
        else if ((0,reference/* isLoopbackRegistry */.jW)(host))
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
    const certsDir = deps.certsDir ?? certs_dir/* DOCKER_CERTS_DIR */.$b;
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


/***/ })

};

//# sourceMappingURL=416.index.js.map