export const id = 8;
export const ids = [8];
export const modules = {

/***/ 3008:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  execute: () => (/* binding */ execute)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 11 modules
var core = __webpack_require__(3360);
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 5 modules
var exec = __webpack_require__(2876);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/exec.ts


const TAIL_LINES = 25;
function tail(text) {
    return text.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
}
/**
 * Runs a program without a shell and checks its exit code (never its stderr). A program that cannot be
 * found resolves as exit code 127, so engine probes treat it like any other failure.
 */
const exec_exec = async (command, args, options = {}) => {
    let result;
    try {
        result = await (0,exec/* getExecOutput */.H)(command, [...args], {
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
        throw new errors/* CommandError */.Qd([command, ...args].join(' '), result.exitCode, tail(result.stderr || result.stdout));
    }
    return result;
};

;// CONCATENATED MODULE: ./src/build/engine.ts
function major(version) {
    const match = /^(\d+)\./.exec(version ?? '');
    return match ? Number(match[1]) : NaN;
}
/**
 * Docker clients from 23.0 on hand BuildKit builds to the buildx plugin and fail without it, while
 * older clients drive the daemon's built-in BuildKit themselves when DOCKER_BUILDKIT=1.
 */
function hasBuiltinBuildkit(client) {
    const clientMajor = major(client.clientVersion);
    const serverMajor = major(client.serverVersion);
    return client.serverVersion !== undefined && clientMajor < 23 && serverMajor >= 18;
}
function asBuildx(client) {
    return { kind: 'buildx', command: client.path, version: client.buildxVersion ?? '', env: {} };
}
function asDocker(client) {
    return { kind: 'docker', command: client.path, version: client.serverVersion ?? '', env: { DOCKER_BUILDKIT: '1' } };
}
const finders = {
    buildx: probe => {
        const client = probe.dockerClients.find(c => c.buildxVersion !== undefined && c.serverVersion !== undefined);
        return client && asBuildx(client);
    },
    docker: probe => {
        const client = probe.dockerClients.find(hasBuiltinBuildkit);
        return client && asDocker(client);
    },
    buildah: probe => probe.buildah && { kind: 'buildah', command: probe.buildah.path, version: probe.buildah.version, env: {} }
};
/** One line per thing found, for error messages that say what is there. */
function describeProbe(probe) {
    const lines = probe.dockerClients.map(client => {
        const parts = [`docker ${client.clientVersion ?? '(unknown version)'} at ${client.path}`];
        parts.push(client.buildxVersion ? `buildx ${client.buildxVersion}` : 'no buildx plugin');
        parts.push(client.serverVersion ? `daemon ${client.serverVersion} answering` : 'no daemon answering');
        return parts.join(', ');
    });
    lines.push(probe.buildah ? `buildah ${probe.buildah.version} at ${probe.buildah.path}` : 'buildah not found');
    if (probe.dockerClients.length === 0)
        lines.unshift('docker not found');
    return lines;
}
const INSTALL_HINT = {
    buildx: 'install the buildx plugin (docker/setup-buildx-action, or the docker-buildx package) and start the Docker daemon',
    docker: 'start a Docker daemon (18.09 or later) and put a docker client older than 23.0 on PATH, or install buildx',
    buildah: 'install buildah (apt-get install buildah)'
};
/** Picks the engine from what was probed; never assumes. */
function chooseEngine(requested, probe) {
    const order = requested === 'auto' ? ['buildx', 'docker', 'buildah'] : [requested];
    for (const kind of order) {
        const engine = finders[kind](probe);
        if (engine)
            return { engine };
    }
    const found = describeProbe(probe).map(line => `  - ${line}`).join('\n');
    const hint = requested === 'auto'
        ? `Install one: ${order.map(kind => `${kind}: ${INSTALL_HINT[kind]}`).join('; ')}.`
        : `To use it, ${INSTALL_HINT[requested]}; or set engine: auto.`;
    const what = requested === 'auto' ? 'No build engine is usable' : `engine '${requested}' was requested but is not usable`;
    return { error: `${what}. Found:\n${found}\n${hint}` };
}

;// CONCATENATED MODULE: ./src/build/probe.ts


/** Every executable called `name` on PATH, in PATH order, without duplicates through symlinks. */
async function findOnPath(name, pathEnv) {
    const found = [];
    const seen = new Set();
    for (const dir of pathEnv.split((external_node_path_default()).delimiter).filter(Boolean)) {
        const candidate = external_node_path_default().join(dir, name);
        try {
            await (0,promises_.access)(candidate, promises_.constants.X_OK);
            const real = await (0,promises_.realpath)(candidate);
            if (!seen.has(real)) {
                seen.add(real);
                found.push(candidate);
            }
        }
        catch {
            // not here
        }
    }
    return found;
}
async function probeDocker(exec, command) {
    const quiet = { allowFailure: true };
    const [version, buildx] = await Promise.all([
        exec(command, ['version', '--format', '{{json .}}'], quiet),
        exec(command, ['buildx', 'version'], quiet)
    ]);
    let clientVersion;
    let serverVersion;
    // `docker version` prints the client part and exits 1 when no daemon answers; both cases are JSON.
    try {
        const parsed = JSON.parse(version.stdout.trim().split('\n')[0] ?? '');
        clientVersion = parsed.Client?.Version;
        serverVersion = version.exitCode === 0 ? (parsed.Server?.Version ?? undefined) : undefined;
    }
    catch {
        // an old or odd client: leave versions unknown
    }
    const buildxVersion = buildx.exitCode === 0 ? /v?\d+\.\d+\.\d+\S*/.exec(buildx.stdout)?.[0] : undefined;
    return { path: command, clientVersion, serverVersion, buildxVersion };
}
/** Asks every docker client on PATH and buildah what they can do. */
async function probeEngines(exec, pathEnv) {
    const [dockers, buildahs] = await Promise.all([findOnPath('docker', pathEnv), findOnPath('buildah', pathEnv)]);
    const dockerClients = await Promise.all(dockers.map(command => probeDocker(exec, command)));
    const buildahPath = buildahs[0];
    if (!buildahPath)
        return { dockerClients };
    const version = await exec(buildahPath, ['--version'], { allowFailure: true });
    const buildahVersion = /\d+\.\d+\.\d+/.exec(version.stdout)?.[0];
    return { dockerClients, buildah: buildahVersion ? { path: buildahPath, version: buildahVersion } : undefined };
}

;// CONCATENATED MODULE: ./src/build/args.ts
function common(req, tagFlag) {
    const args = ['--file', req.file];
    if (req.target)
        args.push('--target', req.target);
    for (const arg of req.buildArgs)
        args.push('--build-arg', arg);
    for (const label of req.labels)
        args.push('--label', label);
    for (const tag of req.tags)
        args.push(tagFlag, tag);
    args.push('--iidfile', req.iidFile);
    return args;
}
/** `docker buildx build`: pushes itself and reports the pushed digest in its metadata file. */
function buildxBuildArgs(req) {
    const args = ['buildx', 'build', ...common(req, '--tag'), '--metadata-file', req.metadataFile];
    if (req.push)
        args.push('--push');
    if (req.load)
        args.push('--load');
    args.push(req.context);
    return args;
}
/** `docker build` on the daemon's built-in BuildKit (DOCKER_BUILDKIT=1); pushing is a separate step. */
function dockerBuildArgs(req) {
    return ['build', ...common(req, '--tag'), req.context];
}
function dockerPushArgs(ref) {
    return ['push', ref];
}
/** `buildah bud --layers` keeps intermediate layers so later builds on this machine reuse them. */
function buildahBuildArgs(req) {
    return ['bud', '--layers', ...common(req, '--tag'), req.context];
}
function buildahPushArgs(ref, digestFile) {
    return ['push', '--digestfile', digestFile, ref, `docker://${ref}`];
}
const PUSH_DIGEST = /digest: (sha256:[a-f0-9]{64})/;
/** The manifest digest `docker push` reports ("<tag>: digest: sha256:… size: N"). */
function digestFromDockerPush(output) {
    return PUSH_DIGEST.exec(output)?.[1];
}

;// CONCATENATED MODULE: ./src/build/run-build.ts


async function readText(file) {
    try {
        return (await (0,promises_.readFile)(file, 'utf8')).trim();
    }
    catch {
        return '';
    }
}
async function localSize(engine, deps, imageId) {
    const args = engine.kind === 'buildah'
        ? ['inspect', '--type', 'image', '--format', '{{.ImageSize}}', imageId]
        : ['image', 'inspect', '--format', '{{.Size}}', imageId];
    const out = await deps.exec(engine.command, args, { env: deps.env, allowFailure: true });
    const size = Number(out.stdout.trim());
    return out.exitCode === 0 && Number.isFinite(size) && size > 0 ? size : undefined;
}
function firstDigest(pushed) {
    return pushed[0]?.digest;
}
async function buildWithBuildx(engine, req, deps) {
    await deps.exec(engine.command, buildxBuildArgs(req), { env: deps.env, stream: true });
    const metadata = JSON.parse((await readText(req.metadataFile)) || '{}');
    const imageId = await readText(req.iidFile);
    const digest = req.push ? metadata['containerimage.digest'] : undefined;
    const pushed = digest ? req.tags.map(ref => ({ ref, digest })) : [];
    const size = req.load ? await localSize(engine, deps, imageId) : undefined;
    return { imageId, digest, pushed, size, metadata };
}
async function buildWithDocker(engine, req, deps) {
    await deps.exec(engine.command, dockerBuildArgs(req), { env: deps.env, stream: true });
    const imageId = await readText(req.iidFile);
    const pushed = [];
    if (req.push) {
        for (const ref of req.tags) {
            const out = await deps.exec(engine.command, dockerPushArgs(ref), { env: deps.env, stream: true });
            const digest = digestFromDockerPush(out.stdout);
            if (!digest)
                throw new Error(`docker push ${ref} did not report a digest`);
            pushed.push({ ref, digest });
        }
    }
    return finish(engine, deps, imageId, pushed);
}
async function buildWithBuildah(engine, req, deps) {
    await deps.exec(engine.command, buildahBuildArgs(req), { env: deps.env, stream: true });
    const imageId = await readText(req.iidFile);
    const pushed = [];
    if (req.push) {
        const digestFile = `${req.iidFile}.digest`;
        for (const ref of req.tags) {
            await deps.exec(engine.command, buildahPushArgs(ref, digestFile), { env: deps.env, stream: true });
            pushed.push({ ref, digest: await readText(digestFile) });
        }
    }
    return finish(engine, deps, imageId, pushed);
}
async function finish(engine, deps, imageId, pushed) {
    const digest = firstDigest(pushed);
    const metadata = {
        'containerimage.config.digest': imageId,
        ...(digest ? { 'containerimage.digest': digest } : {}),
        'image.name': pushed.map(p => p.ref).join(',')
    };
    return { imageId, digest, pushed, size: await localSize(engine, deps, imageId), metadata };
}
const builders = { buildx: buildWithBuildx, docker: buildWithDocker, buildah: buildWithBuildah };
/** Builds, then pushes every tag when asked; each engine reports the registry's manifest digest. */
function runBuild(engine, req, deps) {
    return builders[engine.kind](engine, req, deps);
}

;// CONCATENATED MODULE: ./src/build/dockerfile.ts
/** Joins backslash-continued lines and drops comment lines, as the Dockerfile frontend does. */
function logicalLines(text) {
    const lines = [];
    let current = '';
    for (const raw of text.split(/\r?\n/)) {
        const trimmed = raw.trim();
        if (current === '' && trimmed.startsWith('#'))
            continue;
        if (trimmed.endsWith('\\')) {
            current += trimmed.slice(0, -1) + ' ';
            continue;
        }
        current += trimmed;
        if (current.trim() !== '')
            lines.push(current.trim());
        current = '';
    }
    if (current.trim() !== '')
        lines.push(current.trim());
    return lines;
}
function substitute(value, args) {
    return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (_match, braced, fallback, bare) => {
        const name = (braced ?? bare);
        return args.get(name) || fallback || '';
    });
}
/** The stages of a Dockerfile, in order; `buildArgs` (NAME=value) override ARG defaults. */
function parseStages(text, buildArgs = []) {
    const overrides = new Map(buildArgs.map(arg => [arg.split('=')[0] ?? '', arg.slice(arg.indexOf('=') + 1)]));
    const globalArgs = new Map();
    const stages = [];
    for (const line of logicalLines(text)) {
        const [instruction = '', ...rest] = line.split(/\s+/);
        const keyword = instruction.toUpperCase();
        if (keyword === 'ARG' && stages.length === 0) {
            for (const decl of rest) {
                const [name = '', value = ''] = decl.split(/=(.*)/s);
                globalArgs.set(name, overrides.get(name) ?? value.replace(/^["']|["']$/g, ''));
            }
        }
        else if (keyword === 'FROM') {
            const words = rest.filter(word => !word.startsWith('--'));
            const base = substitute(words[0] ?? '', globalArgs);
            const name = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined;
            stages.push({ index: stages.length, name, base });
        }
    }
    return stages;
}

;// CONCATENATED MODULE: ./src/build/registries-conf.ts
/** The registry host of an image reference, as docker splits it ('busybox' has none: Docker Hub). */
function registryHost(ref) {
    const first = ref.split('/')[0] ?? '';
    if (!ref.includes('/'))
        return undefined;
    return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}
/** Docker allows plain HTTP to loopback registries out of the box; containers/image does not. */
function isLoopbackHost(host) {
    const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}
/**
 * A registries.conf for buildah that lets it reach loopback registries over plain HTTP, as docker does,
 * keeping the system configuration's own entries.
 */
function loopbackRegistriesConf(refs, systemConf) {
    const hosts = [...new Set(refs.map(registryHost).filter((h) => !!h && isLoopbackHost(h)))].sort();
    if (hosts.length === 0)
        return undefined;
    const entries = hosts.map(host => `[[registry]]\nlocation = "${host}"\ninsecure = true\n`);
    return [systemConf.trimEnd(), ...entries].filter(Boolean).join('\n\n') + '\n';
}

;// CONCATENATED MODULE: ./src/state.ts
/** Names under which main hands things to post (GITHUB_STATE → STATE_*). */
const StateKey = {
    /** Private temp dir under RUNNER_TEMP that post removes. */
    tempDir: 'temp-dir'
};

;// CONCATENATED MODULE: ./src/execute.ts










async function readOptional(file) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch {
        return '';
    }
}
/** buildah reads loopback registries over HTTP only when registries.conf says so. */
async function buildahEnv(plan, temp) {
    const bases = parseStages(await readOptional(plan.file), plan.buildArgs).map(stage => stage.base);
    const system = process.env.CONTAINERS_REGISTRIES_CONF || '/etc/containers/registries.conf';
    const conf = loopbackRegistriesConf([...plan.tags, ...bases], await readOptional(system));
    if (!conf)
        return {};
    const file = external_node_path_default().join(temp, 'registries.conf');
    await (0,promises_.writeFile)(file, conf, { mode: 0o600 });
    return { CONTAINERS_REGISTRIES_CONF: file };
}
/** The side-effect half: pick the engine, build, push. */
async function execute(plan, requested, runnerTemp) {
    const engine = await core/* group */.Os('Engine', async () => {
        const choice = chooseEngine(requested, await probeEngines(exec_exec, process.env.PATH ?? ''));
        if ('error' in choice)
            throw new Error(choice.error);
        core/* info */.pq(`Using ${choice.engine.kind} ${choice.engine.version} (${choice.engine.command})`);
        return choice.engine;
    });
    const temp = await (0,promises_.mkdtemp)(external_node_path_default().join(runnerTemp, 'image-action-'));
    core/* saveState */.LZ(StateKey.tempDir, temp);
    const extraEnv = engine.kind === 'buildah' ? await buildahEnv(plan, temp) : {};
    const env = { ...process.env, ...engine.env, ...extraEnv };
    const request = {
        ...plan,
        iidFile: external_node_path_default().join(temp, 'iid'),
        metadataFile: external_node_path_default().join(temp, 'metadata.json')
    };
    const result = await core/* group */.Os(plan.push ? 'Build and push' : 'Build', () => runBuild(engine, request, { exec: exec_exec, env }));
    return { engine, result };
}


/***/ })

};

//# sourceMappingURL=8.index.js.map