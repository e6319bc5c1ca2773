export const id = 101;
export const ids = [101];
export const modules = {

/***/ 7482:
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
    return {
        kind: 'docker',
        command: client.path,
        version: client.serverVersion ?? '',
        env: { DOCKER_BUILDKIT: '1' }
    };
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
    const found = describeProbe(probe)
        .map(line => `  - ${line}`)
        .join('\n');
    const hint = requested === 'auto'
        ? `Install one: ${order.map(kind => `${kind}: ${INSTALL_HINT[kind]}`).join('; ')}.`
        : `To use it, ${INSTALL_HINT[requested]}; or set engine: auto.`;
    const what = requested === 'auto'
        ? 'No build engine is usable'
        : `engine '${requested}' was requested but is not usable`;
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
    const [dockers, buildahs] = await Promise.all([
        findOnPath('docker', pathEnv),
        findOnPath('buildah', pathEnv)
    ]);
    const dockerClients = await Promise.all(dockers.map(command => probeDocker(exec, command)));
    const buildahPath = buildahs[0];
    if (!buildahPath)
        return { dockerClients };
    const version = await exec(buildahPath, ['--version'], { allowFailure: true });
    const buildahVersion = /\d+\.\d+\.\d+/.exec(version.stdout)?.[0];
    return { dockerClients, buildah: buildahVersion ? { path: buildahPath, version: buildahVersion } : undefined };
}

;// CONCATENATED MODULE: ./src/cache/args.ts
/** Where buildx writes a local cache before it replaces the old one (the cache grows without bound otherwise). */
function localCacheStaging(dir) {
    return `${dir}-new`;
}
/**
 * `--cache-to` for the registry: mode=max caches every stage; image-manifest + oci-mediatypes is the format
 * every registry accepts (ECR, GCR, Quay, Harbor reject the index form); ignore-error because a failed
 * cache export must never fail a build.
 */
const REGISTRY_TO = 'mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true';
function buildxFrom(plan) {
    switch (plan.mode) {
        case 'registry':
        case 'inline':
            return plan.readRefs.map(ref => `type=registry,ref=${ref}`);
        case 'gha':
            return plan.readRefs.map(scope => `type=gha,scope=${scope}`);
        case 'local':
            return plan.readRefs.map(dir => `type=local,src=${dir}`);
        case 'none':
            return [];
    }
}
function buildxTo(plan) {
    const ref = plan.writeRef;
    if (ref === undefined)
        return [];
    switch (plan.mode) {
        case 'registry':
            return [`type=registry,ref=${ref},${REGISTRY_TO}`];
        case 'gha':
            return [`type=gha,scope=${ref},mode=max,ignore-error=true`];
        case 'inline':
            return ['type=inline'];
        case 'local':
            return [`type=local,dest=${localCacheStaging(ref)},mode=max,ignore-error=true`];
        case 'none':
            return [];
    }
}
/** Raw `cache-from` / `cache-to` lines replace the computed ones, direction by direction. */
function buildxCacheArgs(plan, push) {
    const from = plan.rawFrom.length > 0 ? plan.rawFrom : buildxFrom(plan);
    const computedTo = plan.mode === 'inline' && !push ? [] : buildxTo(plan);
    const to = plan.rawTo.length > 0 ? plan.rawTo : computedTo;
    const tags = plan.rawTo.length === 0 && plan.mode === 'inline' && push && plan.writeRef ? [plan.writeRef] : [];
    return { args: [...from.flatMap(v => ['--cache-from', v]), ...to.flatMap(v => ['--cache-to', v])], tags };
}
/** BuildKit writes inline cache metadata into the image config only when asked with this build argument. */
const INLINE_CACHE_BUILD_ARG = 'BUILDKIT_INLINE_CACHE=1';
/** buildah needs a repository of its own: it pushes one image per step, tagged with the step's cache key. */
function buildahCacheRepository(plan) {
    if (plan.mode !== 'registry' || !plan.repository)
        return undefined;
    return `${plan.repository}-${plan.tagPrefix ?? 'buildcache'}`;
}
/** `--cache-from` always (a missing repository is a miss); `--cache-to` only when this build may write. */
function buildahCacheArgs(plan) {
    const repository = buildahCacheRepository(plan);
    if (!repository)
        return [];
    return ['--cache-from', repository, ...(plan.writeRef ? ['--cache-to', repository] : [])];
}
/** Repositories the cache reads or writes, for engine configuration (buildah's registries.conf). */
function cacheRepositories(build) {
    const plan = build.cache;
    if (!plan?.repository)
        return [];
    const buildah = buildahCacheRepository(plan);
    return [plan.repository, ...(buildah ? [buildah] : [])];
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
/** Plain progress is what the job log can show and what the cache statistics are read from. */
const PLAIN_PROGRESS = '--progress=plain';
/** `docker buildx build`: pushes itself and reports the pushed digest in its metadata file. */
function buildxBuildArgs(req) {
    const cache = req.cache ? buildxCacheArgs(req.cache, req.push) : { args: [], tags: [] };
    const withCacheTags = { ...req, tags: [...req.tags, ...cache.tags] };
    const args = [
        'buildx',
        'build',
        PLAIN_PROGRESS,
        ...common(withCacheTags, '--tag'),
        '--metadata-file',
        req.metadataFile
    ];
    args.push(...cache.args);
    if (req.push)
        args.push('--push');
    if (req.load)
        args.push('--load');
    args.push(req.context);
    return args;
}
function dockerCacheArgs(options) {
    if (!options)
        return [];
    const inline = options.inline ? ['--build-arg', INLINE_CACHE_BUILD_ARG] : [];
    return [...inline, ...options.cacheFrom.flatMap(ref => ['--cache-from', ref])];
}
/** `docker build` on the daemon's built-in BuildKit (DOCKER_BUILDKIT=1); pushing is a separate step. */
function dockerBuildArgs(req, cache) {
    return ['build', PLAIN_PROGRESS, ...common(req, '--tag'), ...dockerCacheArgs(cache), req.context];
}
/**
 * One intermediate stage built on its own, only to become a cache image: not the user's labels or tags (the
 * image is tagged by ID afterwards, once it is known which cache ref it belongs to).
 */
function dockerStageBuildArgs(req, stage, cache) {
    const build = { ...req, ...stage, tags: [] };
    return ['build', PLAIN_PROGRESS, ...common(build, '--tag'), ...dockerCacheArgs(cache), req.context];
}
function dockerPushArgs(ref) {
    return ['push', ref];
}
/**
 * `buildah bud --layers` keeps intermediate layers so later builds on this machine reuse them; with a
 * registry cache it also pulls and pushes one image per step. `writeCache: false` drops `--cache-to`
 * (the retry after a failed cache push).
 */
function buildahBuildArgs(req, writeCache = true) {
    const cache = req.cache
        ? buildahCacheArgs(writeCache ? req.cache : { ...req.cache, writeRef: undefined })
        : [];
    return ['bud', '--layers', ...common(req, '--tag'), ...cache, req.context];
}
function buildahPushArgs(ref, digestFile) {
    return ['push', '--digestfile', digestFile, ref, `docker://${ref}`];
}
const PUSH_DIGEST = /digest: (sha256:[a-f0-9]{64})/;
/** The manifest digest `docker push` reports ("<tag>: digest: sha256:… size: N"). */
function digestFromDockerPush(output) {
    return PUSH_DIGEST.exec(output)?.[1];
}

;// CONCATENATED MODULE: ./src/build/dockerfile.ts
/** Instructions BuildKit turns into a vertex that can be cached; the others only change the config. */
const STEP_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);
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
/** `--from=x` of COPY/ADD and every `from=x` of RUN --mount flags, as written. */
function fromReferences(keyword, words) {
    const flags = words.filter(word => word.startsWith('--'));
    if (keyword === 'COPY' || keyword === 'ADD') {
        return flags.flatMap(flag => /^--from=(.+)$/.exec(flag)?.[1] ?? []);
    }
    if (keyword === 'RUN') {
        return flags
            .filter(flag => flag.startsWith('--mount='))
            .flatMap(flag => flag.slice('--mount='.length).split(','))
            .flatMap(option => /^from=(.+)$/.exec(option)?.[1] ?? []);
    }
    return [];
}
/** A stage reference ('build', 'Build', '0') → its index; image names are not stages. */
function resolveStage(ref, stages) {
    if (/^\d+$/.test(ref))
        return Number(ref) < stages.length ? Number(ref) : undefined;
    return stages.find(stage => stage.name === ref.toLowerCase())?.index;
}
/** The stages of a Dockerfile, in order; `buildArgs` (NAME=value) override ARG defaults. */
function parseStages(text, buildArgs = []) {
    const overrides = new Map(buildArgs.map(arg => [arg.split('=')[0] ?? '', arg.slice(arg.indexOf('=') + 1)]));
    const globalArgs = new Map();
    const stages = [];
    for (const line of logicalLines(text)) {
        const [instruction = '', ...rest] = line.split(/\s+/);
        const keyword = instruction.toUpperCase();
        const current = stages[stages.length - 1];
        if (keyword === 'ARG' && !current) {
            for (const decl of rest) {
                const [name = '', value = ''] = decl.split(/=(.*)/s);
                globalArgs.set(name, overrides.get(name) ?? value.replace(/^["']|["']$/g, ''));
            }
        }
        else if (keyword === 'FROM') {
            const words = rest.filter(word => !word.startsWith('--'));
            const base = substitute(words[0] ?? '', globalArgs);
            const name = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined;
            stages.push({ index: stages.length, name, base, refs: [base], steps: 0 });
        }
        else if (current) {
            if (STEP_INSTRUCTIONS.has(keyword))
                current.steps++;
            current.refs.push(...fromReferences(keyword, rest).map(ref => substitute(ref, globalArgs)));
        }
    }
    // References resolve against every stage (a name may be used before the stage that bears it).
    return stages.map(({ refs, ...stage }) => {
        const deps = refs
            .map(ref => resolveStage(ref, stages))
            .filter((i) => i !== undefined && i !== stage.index);
        return { ...stage, deps: [...new Set(deps)] };
    });
}
/**
 * The stages a build of `target` (default: the last stage) runs, dependencies first, the target last;
 * stages nothing needs are left out, as BuildKit leaves them out. Empty when the target does not exist.
 */
function stagesToBuild(stages, target) {
    const last = target === undefined ? stages[stages.length - 1] : stages.find(s => s.name === target.toLowerCase());
    if (!last)
        return [];
    const ordered = [];
    const seen = new Set();
    const visit = (stage) => {
        if (seen.has(stage.index))
            return;
        seen.add(stage.index);
        for (const dep of stage.deps)
            visit(stages[dep]);
        ordered.push(stage);
    };
    visit(last);
    return ordered;
}

// EXTERNAL MODULE: ./src/cache/refs.ts
var refs = __webpack_require__(3794);
;// CONCATENATED MODULE: ./src/cache/docker-stages.ts


const STAGE_LABEL = 'io.github.image-action.cache-stage';
function stageName(stage) {
    return stage.name ?? `stage-${stage.index}`;
}
function refsFor(ref, stage) {
    const full = stage ? (0,refs/* stageRef */.ml)(ref, stageName(stage)) : ref;
    return { full, partial: (0,refs/* partialRef */.ji)(full) };
}
/**
 * `registry` caches every stage the target needs that can be targeted (named) and has steps; `inline`
 * only the final one. Unnamed intermediate stages cannot be `--target`ed and are covered only through the
 * final image's own cache. The final stage's refs are the plain cache refs, so `inline` and `registry`
 * share them.
 */
function planDockerCache(plan, stages, target) {
    const needed = stagesToBuild(stages, target);
    const finalStage = needed[needed.length - 1];
    const finalName = finalStage ? stageName(finalStage) : '';
    if (plan.mode !== 'registry' && plan.mode !== 'inline')
        return { builds: [{ stage: finalName }], cacheFrom: [] };
    const intermediate = plan.mode === 'registry'
        ? needed.slice(0, -1).filter(stage => stage.name !== undefined && stage.steps > 0)
        : [];
    const entries = [
        ...intermediate.map(stage => {
            const anchor = plan.writeRef ?? plan.readRefs[0];
            const label = anchor ? (0,refs/* stageRef */.ml)(anchor, stageName(stage)) : stageName(stage);
            return { stage, build: { stage: stageName(stage), target: stage.name, label } };
        }),
        // Without a parsable Dockerfile the final build is still cached, under the plain refs.
        { stage: undefined, build: { stage: finalName } }
    ];
    const builds = entries.map(({ stage, build }) => {
        if (!plan.writeRef)
            return build;
        const refs = refsFor(plan.writeRef, stage);
        return { ...build, fullRef: refs.full, partialRef: refs.partial };
    });
    const cacheFrom = plan.readRefs.flatMap(ref => entries.flatMap(({ stage }) => {
        const refs = refsFor(ref, stage);
        return [refs.full, refs.partial];
    }));
    return { builds, cacheFrom };
}
/** The ref a finished stage build should be written to, by the rule above; undefined: write nothing. */
function refToWrite(build, counts) {
    if (!counts || counts.ran === 0)
        return undefined;
    return counts.cached === 0 ? build.fullRef : build.partialRef;
}

// EXTERNAL MODULE: ./src/cache/policy.ts
var policy = __webpack_require__(4798);
;// CONCATENATED MODULE: ./src/cache/progress.ts
/**
 * What the engines' own output says about the cache (pure): BuildKit's plain progress (`--progress=plain`,
 * docker's built-in BuildKit and buildx alike), buildah's step log and `docker push`'s layer lines.
 */
/** Vertices in the order they first appear; later mentions of a vertex only add its status. */
function parseBuildkitProgress(output) {
    const vertices = new Map();
    for (const line of output.split(/\r?\n/)) {
        const match = /^#(\d+) (.*)$/.exec(line.trimEnd());
        if (!match)
            continue;
        const id = Number(match[1]);
        const rest = match[2];
        const vertex = vertices.get(id);
        if (!vertex) {
            vertices.set(id, { id, name: rest, cached: false, done: false, seconds: 0 });
            continue;
        }
        if (rest === 'CACHED')
            vertex.cached = true;
        const done = /^DONE (\d+(?:\.\d+)?)s$/.exec(rest);
        if (done) {
            vertex.done = true;
            // A vertex printed twice reports its time twice; the longer is the real one.
            vertex.seconds = Math.max(vertex.seconds, Number(done[1]));
        }
        const error = /^ERROR:? ?(.*)$/.exec(rest);
        if (error)
            vertex.error = error[1] || 'error';
    }
    return [...vertices.values()];
}
/** '[build 2/4] COPY …' → stage 'build', step 2; single-stage Dockerfiles print '[2/4] …'. */
const STEP = /^\[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/;
/** Own steps of every stage seen, in order of first appearance; FROM and [internal] vertices excluded. */
function stageStats(vertices, singleStageName = 'stage-0') {
    const stats = new Map();
    for (const vertex of vertices) {
        const step = STEP.exec(vertex.name);
        if (!step || /^FROM\s/i.test(step[4]))
            continue;
        const stage = step[1] ?? singleStageName;
        const entry = stats.get(stage) ?? { steps: 0, cached: 0, ran: 0, seconds: 0 };
        entry.steps++;
        if (vertex.cached)
            entry.cached++;
        else if (vertex.done || vertex.error) {
            entry.ran++;
            entry.seconds += vertex.seconds;
        }
        stats.set(stage, entry);
    }
    return [...stats].map(([stage, s]) => ({ stage, ...s }));
}
/** `#N importing cache manifest from REF` vertices (docker 20.10 and buildx). */
function cacheImports(vertices) {
    return vertices.flatMap(vertex => {
        const match = /^importing cache manifest from (\S+)/.exec(vertex.name);
        return match ? [{ ref: match[1], found: vertex.error === undefined }] : [];
    });
}
/** Seconds BuildKit spent exporting the cache (buildx's `exporting cache to registry`, inline's `exporting cache`). */
function cacheExportSeconds(vertices) {
    return vertices
        .filter(v => /^(exporting cache|preparing build cache)/.test(v.name))
        .reduce((s, v) => s + v.seconds, 0);
}
/** `docker push` prints one line per layer: `<id>: Pushed`, `Layer already exists`, `Mounted from …`. */
function dockerPushStats(output) {
    let pushed = 0;
    let existing = 0;
    for (const line of output.split(/\r?\n/)) {
        const match = /^[0-9a-f]{12}: (Pushed|Layer already exists|Mounted from .*)$/.exec(line.trim());
        if (!match)
            continue;
        if (match[1] === 'Pushed')
            pushed++;
        else
            existing++;
    }
    return { pushed, existing };
}
const FILESYSTEM_STEP = /^(RUN|COPY|ADD|WORKDIR)\s/i;
/**
 * buildah's log: `[i/n] STEP k/m: INSTR` (no `[i/n]` for a single stage), then for a cache hit
 * `--> Using cache <id>` (after `--> Cache pulled from remote <ref>` when it came from the registry), and
 * `--> Pushing cache <ref>` when it writes one; the last step's push is printed after `COMMIT`.
 */
function parseBuildahOutput(output) {
    const steps = [];
    const stageNames = new Map();
    let current;
    let cachePushes = 0;
    let cachePulls = 0;
    for (const raw of output.split(/\r?\n/)) {
        const line = raw.trim();
        const step = /^(?:\[(\d+)\/\d+\] )?STEP (\d+)\/\d+: (.*)$/.exec(line);
        if (step) {
            const stageIndex = Number(step[1] ?? 1) - 1;
            const instruction = step[3];
            if (Number(step[2]) === 1 && /^FROM\s/i.test(instruction)) {
                const name = /\sAS\s+(\S+)\s*$/i.exec(instruction)?.[1]?.toLowerCase();
                stageNames.set(stageIndex, name ?? `stage-${stageIndex}`);
                current = undefined;
                continue;
            }
            current = { stage: stageNames.get(stageIndex) ?? `stage-${stageIndex}`, cached: false };
            // buildah makes a step of every instruction, and of every --label; only those that change the
            // filesystem are counted, as BuildKit shows no others.
            if (FILESYSTEM_STEP.test(instruction))
                steps.push(current);
        }
        else if (line.startsWith('--> Using cache ') && current) {
            current.cached = true;
        }
        else if (line.startsWith('--> Cache pulled from remote ')) {
            cachePulls++;
        }
        else if (line.startsWith('--> Pushing cache ')) {
            cachePushes++;
        }
    }
    const byStage = new Map();
    for (const step of steps) {
        const entry = byStage.get(step.stage) ?? { steps: 0, cached: 0, ran: 0 };
        entry.steps++;
        if (step.cached)
            entry.cached++;
        else
            entry.ran++;
        byStage.set(step.stage, entry);
    }
    return { stages: [...byStage].map(([stage, s]) => ({ stage, ...s })), cachePushes, cachePulls };
}

// EXTERNAL MODULE: ./src/cache/report.ts
var report = __webpack_require__(8298);
;// CONCATENATED MODULE: ./src/cache/docker-run.ts
/**
 * The side-effect half of per-stage caching on docker's built-in BuildKit (see docker-stages.ts for why
 * it is done this way): build each stage, then the image, then write the cache refs the rule picked.
 */







async function readText(file) {
    return (await (0,promises_.readFile)(file, 'utf8').catch(() => '')).trim();
}
/**
 * Runs one build; returns what its progress output says. Build failures throw, as any build's would.
 * BuildKit leaves the stage name out of step names when the Dockerfile has one stage, named or not.
 */
async function build(engine, args, deps, singleStage) {
    const out = await deps.exec(engine.command, args, { env: deps.env, stream: true });
    const vertices = parseBuildkitProgress(`${out.stderr}\n${out.stdout}`);
    return { vertices, stats: stageStats(vertices, singleStage) };
}
/** Builds every stage the target needs, then the image itself; decides which cache refs to write. */
async function runDockerBuilds(engine, req, deps) {
    const started = performance.now();
    const plan = req.cache;
    const stages = parseStages(await readText(req.file), req.buildArgs);
    const cachePlan = planDockerCache(plan ?? policy/* NO_CACHE */.DQ, stages, req.target);
    const caching = plan !== undefined && (plan.mode === 'registry' || plan.mode === 'inline');
    const options = caching
        ? { cacheFrom: cachePlan.cacheFrom, inline: true }
        : undefined;
    const perBuild = [];
    const owners = [];
    const imports = [];
    const pending = [];
    for (const [i, stageBuild] of cachePlan.builds.entries()) {
        const isFinal = stageBuild.target === undefined;
        const iidFile = isFinal ? req.iidFile : `${req.iidFile}.stage-${i}`;
        const args = isFinal
            ? dockerBuildArgs(req, options)
            : dockerStageBuildArgs(req, {
                target: stageBuild.target,
                iidFile,
                labels: [`${STAGE_LABEL}=${stageBuild.label ?? stageBuild.stage}`]
            }, options);
        const single = stages.length === 1 ? stageName(stages[0]) : undefined;
        const { vertices, stats } = await build(engine, args, deps, single);
        perBuild.push(stats);
        owners.push(stageBuild.stage);
        // Every build imports the same refs; the first build's view of them is the one worth reporting.
        if (i === 0)
            imports.push(...cacheImports(vertices));
        const ref = refToWrite(stageBuild, stats.find(s => s.stage === stageBuild.stage));
        if (ref)
            pending.push({ ref, imageId: await readText(iidFile) });
    }
    return {
        imageId: await readText(req.iidFile),
        stages: (0,report/* mergeStageStats */.mD)(perBuild, owners),
        imports,
        pending,
        buildSeconds: (performance.now() - started) / 1000
    };
}
function docker_run_tail(text) {
    return text.trim().split('\n').slice(-3).join(' | ');
}
/** Tags and pushes each cache image; a failure is a warning, never the build's failure. */
async function pushCacheImages(engine, pending, deps) {
    const writes = [];
    for (const { ref, imageId } of pending) {
        const started = performance.now();
        const tagged = await deps.exec(engine.command, ['tag', imageId, ref], { env: deps.env, allowFailure: true });
        const pushed = tagged.exitCode === 0
            ? await deps.exec(engine.command, dockerPushArgs(ref), {
                env: deps.env,
                stream: true,
                allowFailure: true
            })
            : tagged;
        const seconds = (performance.now() - started) / 1000;
        if (pushed.exitCode !== 0) {
            deps.warn(`Could not write the layer cache ${ref} (the build itself succeeded): ${docker_run_tail(pushed.stderr || pushed.stdout)}`);
            writes.push({ ref, ok: false, seconds });
            continue;
        }
        const stats = dockerPushStats(pushed.stdout);
        writes.push({ ref, ok: true, seconds, layersPushed: stats.pushed, layersExisting: stats.existing });
    }
    return writes;
}

;// CONCATENATED MODULE: ./src/cache/engines.ts

const SUPPORTED = {
    buildx: ['registry', 'gha', 'inline', 'local', 'none'],
    // Without buildx, BuildKit can only export inline cache (into the image config) and import images.
    docker: ['registry', 'inline', 'none'],
    // buildah has its own registry cache (one image per step); nothing else.
    buildah: ['registry', 'none']
};
const WHY = {
    buildx: '',
    docker: 'docker without buildx can only use registry or inline cache; the daemon still keeps its own local cache',
    buildah: 'buildah can only use a registry cache (cache: registry); it keeps layers in its local storage anyway'
};
/**
 * The plan as this engine will carry it out. An unsupported mode falls back to no remote cache with a
 * warning rather than failing the build: the cache is an optimisation. Raw cache-from/cache-to values are
 * buildx syntax, so other engines ignore them (and say so).
 */
function cacheForEngine(plan, engine) {
    const warnings = [];
    if (engine !== 'buildx' && (plan.rawFrom.length > 0 || plan.rawTo.length > 0)) {
        warnings.push(`cache-from / cache-to are buildx syntax and are ignored by the ${engine} engine`);
    }
    const raw = engine === 'buildx' ? plan : { ...plan, rawFrom: [], rawTo: [] };
    if (SUPPORTED[engine].includes(plan.mode))
        return { plan: raw, warnings };
    // buildah's --layers already is a local cache: asking for one is not worth a warning.
    if (!(engine === 'buildah' && plan.mode === 'local')) {
        warnings.push(`cache: ${plan.mode} is not supported by the ${engine} engine (${WHY[engine]}); building without a remote cache`);
    }
    return { plan: { ...policy/* NO_CACHE */.DQ, reason: `cache: ${plan.mode} is not available with ${engine}` }, warnings };
}

;// CONCATENATED MODULE: ./src/build/run-build.ts









async function run_build_readText(file) {
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
const seconds = (since) => (performance.now() - since) / 1000;
function baseReport(req, shell) {
    const plan = req.cache ?? policy/* NO_CACHE */.DQ;
    return { mode: plan.mode, reason: plan.reason, warnings: shell.warnings };
}
async function exists(file) {
    return (0,promises_.access)(file).then(() => true, () => false);
}
/**
 * buildx appends to a local cache directory forever, so it writes a fresh one next to it, which replaces
 * the old one once the build is done (when the export did happen: it may fail without failing the build).
 */
async function swapLocalCache(dir) {
    const staging = localCacheStaging(dir);
    if (!(await exists(external_node_path_default().join(staging, 'index.json'))))
        return;
    await (0,promises_.rm)(dir, { recursive: true, force: true });
    await (0,promises_.rename)(staging, dir);
}
async function buildWithBuildx(engine, req, shell) {
    const started = performance.now();
    const out = await shell.exec(engine.command, buildxBuildArgs(req), { env: shell.env, stream: true });
    const total = seconds(started);
    const plan = req.cache ?? policy/* NO_CACHE */.DQ;
    if (plan.mode === 'local' && plan.writeRef && plan.rawTo.length === 0)
        await swapLocalCache(plan.writeRef);
    const vertices = parseBuildkitProgress(`${out.stderr}\n${out.stdout}`);
    const exportSeconds = cacheExportSeconds(vertices);
    const exportFailed = vertices.find(v => /^exporting cache/.test(v.name) && v.error !== undefined);
    if (exportFailed)
        shell.warn(`Could not write the layer cache (the build itself succeeded): ${exportFailed.error}`);
    const written = plan.rawTo.length > 0 ? plan.rawTo : plan.writeRef ? [plan.writeRef] : [];
    const cache = {
        ...baseReport(req, shell),
        stages: stageStats(vertices),
        imports: cacheImports(vertices),
        buildSeconds: total - exportSeconds,
        exportSeconds,
        writes: written.map(ref => ({ ref, ok: !exportFailed, seconds: exportSeconds }))
    };
    const metadata = JSON.parse((await run_build_readText(req.metadataFile)) || '{}');
    const imageId = await run_build_readText(req.iidFile);
    const digest = req.push ? metadata['containerimage.digest'] : undefined;
    const pushed = digest ? req.tags.map(ref => ({ ref, digest })) : [];
    const size = req.load ? await localSize(engine, shell, imageId) : undefined;
    return { imageId, digest, pushed, size, metadata, cache };
}
async function buildWithDocker(engine, req, shell) {
    const builds = await runDockerBuilds(engine, req, shell);
    const pushed = [];
    if (req.push) {
        for (const ref of req.tags) {
            const out = await shell.exec(engine.command, dockerPushArgs(ref), { env: shell.env, stream: true });
            const digest = digestFromDockerPush(out.stdout);
            if (!digest)
                throw new Error(`docker push ${ref} did not report a digest`);
            pushed.push({ ref, digest });
        }
    }
    // After the image's own push: the cache is worth less than the image, and must never delay or fail it.
    const exportStarted = performance.now();
    const writes = await pushCacheImages(engine, builds.pending, shell);
    const cache = {
        ...baseReport(req, shell),
        stages: builds.stages,
        imports: builds.imports,
        buildSeconds: builds.buildSeconds,
        exportSeconds: seconds(exportStarted),
        writes
    };
    return { ...(await finish(engine, shell, builds.imageId, pushed)), cache };
}
const CACHE_PUSH_FAILED = /failed pushing cache/;
function run_build_tail(text) {
    return text.trimEnd().split('\n').slice(-25).join('\n');
}
/**
 * buildah fails the whole build when it cannot push a step image to the cache (after retrying each one),
 * so that failure is turned into a warning and the build run again without `--cache-to`: the steps it
 * already built are in its local storage, so the second run is quick.
 */
async function buildahBuild(engine, req, shell) {
    const first = await shell.exec(engine.command, buildahBuildArgs(req), {
        env: shell.env,
        stream: true,
        allowFailure: true
    });
    const output = `${first.stdout}\n${first.stderr}`;
    if (first.exitCode === 0)
        return output;
    if (!req.cache?.writeRef || !CACHE_PUSH_FAILED.test(output)) {
        throw new errors/* CommandError */.Qd([engine.command, ...buildahBuildArgs(req)].join(' '), first.exitCode, run_build_tail(first.stderr || first.stdout));
    }
    shell.warn(`buildah could not push to the layer cache; building again without writing it: ${run_build_tail(first.stderr).split('\n').pop()}`);
    const second = await shell.exec(engine.command, buildahBuildArgs(req, false), {
        env: shell.env,
        stream: true
    });
    return `${second.stdout}\n${second.stderr}`;
}
async function buildWithBuildah(engine, req, shell) {
    const started = performance.now();
    const output = await buildahBuild(engine, req, shell);
    const buildahStats = parseBuildahOutput(output);
    const imageId = await run_build_readText(req.iidFile);
    const pushed = [];
    if (req.push) {
        const digestFile = `${req.iidFile}.digest`;
        for (const ref of req.tags) {
            await shell.exec(engine.command, buildahPushArgs(ref, digestFile), { env: shell.env, stream: true });
            pushed.push({ ref, digest: await run_build_readText(digestFile) });
        }
    }
    const cache = {
        ...baseReport(req, shell),
        stages: buildahStats.stages,
        imports: [],
        // buildah pushes each step image as soon as the step is done: build and export are one.
        buildSeconds: seconds(started),
        exportSeconds: 0,
        writes: [],
        stepImagesPulled: buildahStats.cachePulls,
        stepImagesPushed: buildahStats.cachePushes
    };
    return { ...(await finish(engine, shell, imageId, pushed)), cache };
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
    const warnings = [];
    const warn = (message) => {
        warnings.push(message);
        deps.warn?.(message);
    };
    const fitted = cacheForEngine(req.cache ?? policy/* NO_CACHE */.DQ, engine.kind);
    fitted.warnings.forEach(warn);
    return builders[engine.kind](engine, { ...req, cache: fitted.plan }, { ...deps, warn, warnings });
}

// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(9310);
;// CONCATENATED MODULE: ./src/build/registries-conf.ts

function loopbackRegistry(ref) {
    try {
        const { registry } = (0,reference/* parseReference */.F2)(ref);
        return (0,reference/* isLoopbackRegistry */.jW)(registry) ? registry : undefined;
    }
    catch {
        // an unparsable FROM (e.g. an unresolved ARG) cannot name a loopback registry
        return undefined;
    }
}
/**
 * A registries.conf for buildah that lets it reach loopback registries over plain HTTP, as docker does out of the
 * box (containers/image does not), keeping the system configuration's own entries.
 */
function loopbackRegistriesConf(refs, systemConf) {
    const hosts = [...new Set(refs.map(loopbackRegistry).filter((h) => h !== undefined))].sort();
    if (hosts.length === 0)
        return undefined;
    const entries = hosts.map(host => `[[registry]]\nlocation = "${host}"\ninsecure = true\n`);
    return [systemConf.trimEnd(), ...entries].filter(Boolean).join('\n\n') + '\n';
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/registry/challenge.ts
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

// EXTERNAL MODULE: ./src/registry/errors.ts
var registry_errors = __webpack_require__(6764);
;// CONCATENATED MODULE: ./src/registry/auth.ts



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
            return `Bearer ${(await this.token(mergeScopes(scopes))).value}`;
        return undefined;
    }
    /**
     * After a 401: learn the challenge and return the header to retry with. `rejected` is the header the 401
     * answered, if any: Basic credentials that were refused are not sent again, a refused token is not reused.
     */
    async answer(challengeHeader, scopes, rejected) {
        const challenges = parseChallenges(challengeHeader ?? '');
        const bearer = challenges.find(c => c.scheme === 'bearer');
        const credentials = await this.loadCredentials();
        if (bearer?.params.realm) {
            this.scheme = 'bearer';
            this.realm = bearer.params.realm;
            this.service = bearer.params.service;
            const wanted = mergeScopes([...scopes, ...(bearer.params.scope ? [bearer.params.scope] : [])]);
            if (rejected?.startsWith('Bearer '))
                this.forget(rejected.slice('Bearer '.length));
            const token = await this.token(wanted);
            // Later requests of this kind look the token up by their own scopes: let them find the one that worked.
            this.tokens.set(mergeScopes(scopes).join(' '), token);
            return `Bearer ${token.value}`;
        }
        if (challenges.some(c => c.scheme === 'basic')) {
            this.scheme = 'basic';
            if (credentials === undefined) {
                throw new registry_errors/* RegistryAuthError */.w4({ host: this.registry, status: 401 }, `${this.registry} requires credentials and none were given: log in to ${this.registry}`);
            }
            if (rejected?.startsWith('Basic ')) {
                throw new registry_errors/* RegistryAuthError */.w4({ host: this.registry, status: 401 }, `${this.registry} rejected the credentials: check username/password for ${this.registry}`);
            }
            return basic(credentials);
        }
        throw new registry_errors/* RegistryAuthError */.w4({ host: this.registry, status: 401 }, `${this.registry} answered 401 without a usable challenge (WWW-Authenticate: ${JSON.stringify(challengeHeader ?? '')})`);
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
        if (credentials && url.protocol === 'http:' && !(0,reference/* isLoopbackRegistry */.jW)(url.host)) {
            throw new registry_errors/* RegistryAuthError */.w4(where, `refusing to send the credentials for ${this.registry} to ${url.host} over plain http`);
        }
        const started = this.now();
        const { status, text } = await this.fetchToken(url.toString(), credentials ? { authorization: basic(credentials) } : {});
        if (status < 200 || status > 299) {
            const said = tokenErrorText(text);
            const detail = `${status}${said ? `: ${(0,registry_errors/* redact */.E$)(said, this.known)}` : ''}`;
            const refused = status === 401 || status === 403;
            const fix = !refused
                ? 'the token service failed; try again later'
                : credentials
                    ? `check username/password for ${this.registry}`
                    : `log in to ${this.registry}: anonymous access was refused`;
            const ErrorClass = refused ? registry_errors/* RegistryAuthError */.w4 : registry_errors/* RegistryError */.gl;
            throw new ErrorClass({ ...where, status }, `token service ${url.host} gave no token for ${scopes.join(' ') || 'login'} (${detail}): ${fix}`);
        }
        let body;
        try {
            body = JSON.parse(text);
        }
        catch {
            throw new registry_errors/* RegistryAuthError */.w4(where, `token service ${url.host} answered with something other than JSON`);
        }
        const value = typeof body.token === 'string' && body.token !== '' ? body.token : body.access_token;
        if (typeof value !== 'string' || value === '') {
            throw new registry_errors/* RegistryAuthError */.w4(where, `token service ${url.host} answered without a token`);
        }
        this.known.add(value);
        const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_SECONDS;
        const lifetime = seconds * 1000;
        return { value, expiresAt: started + lifetime - Math.min(MAX_REFRESH_MARGIN_MS, lifetime / 10) };
    }
}

;// CONCATENATED MODULE: ./src/registry/certs-dir.ts


const DOCKER_CERTS_DIR = '/etc/docker/certs.d';
/**
 * Docker's convention for private registries: every `*.crt` in `<dir>/<host:port>/` is a trusted CA for that
 * registry. Returns them as one PEM bundle, or undefined when there are none (a missing directory is normal).
 */
async function dockerCertsDirCa(registry, dir = DOCKER_CERTS_DIR) {
    const hostDir = (0,external_node_path_.join)(dir, registry);
    let names;
    try {
        names = await (0,promises_.readdir)(hostDir);
    }
    catch {
        return undefined;
    }
    const pems = await Promise.all(names
        .filter(name => name.endsWith('.crt'))
        .sort()
        .map(name => (0,promises_.readFile)((0,external_node_path_.join)(hostDir, name), 'utf8')));
    const bundle = pems.map(pem => pem.trim()).filter(pem => pem !== '');
    return bundle.length === 0 ? undefined : `${bundle.join('\n')}\n`;
}
/** The CA bundle for a registry: the caller's PEM plus docker's certs.d files, deduplicated. */
async function registryCa(registry, ca, dir = DOCKER_CERTS_DIR) {
    const fromDir = await dockerCertsDirCa(registry, dir);
    const parts = [ca?.trim(), fromDir?.trim()].filter((p) => p !== undefined && p !== '');
    return parts.length === 0 ? undefined : `${[...new Set(parts)].join('\n')}\n`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/registry/digest.ts

const ALGORITHMS = { sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };
function digestAlgorithm(digest) {
    return digest.slice(0, digest.indexOf(':'));
}
/** A hasher for a digest's algorithm, or undefined when node cannot compute it (then the digest is trusted as is). */
function hasherFor(algorithm) {
    const name = ALGORITHMS[algorithm];
    return name === undefined ? undefined : (0,external_node_crypto_.createHash)(name);
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

;// CONCATENATED MODULE: ./src/registry/scopes.ts

/** Token scopes per kind of operation (distribution asks `delete` for DELETE, `pull,push` for writes). */
const scopes = {
    pull: (repository) => [repositoryScope(repository, ['pull'])],
    push: (repository) => [repositoryScope(repository, ['pull', 'push'])],
    delete: (repository) => [repositoryScope(repository, ['delete'])],
    mount: (repository, from) => [
        repositoryScope(repository, ['pull', 'push']),
        repositoryScope(from, ['pull'])
    ]
};
/** Path segment of a repository-relative endpoint: `/v2/<name>/<rest>`; names never need escaping once validated. */
function v2(repository, rest) {
    return `/v2/${repository}/${rest}`;
}

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
    const wanted = declared !== undefined && (0,reference/* isValidDigest */.fH)(declared) ? digestAlgorithm(declared) : 'sha256';
    // An algorithm node cannot compute is replaced by sha256 (and a declared digest in it then fails the check).
    const algorithm = hasherFor(wanted) === undefined ? 'sha256' : wanted;
    const hash = hasherFor(algorithm);
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
    throw new registry_errors/* DigestMismatchError */.h({ host: ctx.session.registry, repository: ctx.repository }, `upload to ${ctx.session.registry}/${ctx.repository} cancelled: the content hashes to ${digest}, not ${declared}`);
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
    throw new registry_errors/* RegistryError */.gl({ host: session.registry, repository }, `${session.registry}/${repository}: the upload lost its place at byte ${offset}; it has to be started again`);
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
/** Streams a blob (following redirects to storage without credentials) and verifies it as it flows. */
async function getBlob(session, repository, digest) {
    (0,reference/* validateRepository */.FL)(repository);
    (0,reference/* validateDigest */.n2)(digest);
    const response = await session.expect({
        method: 'GET',
        path: v2(repository, `blobs/${digest}`),
        repository,
        operation: `get blob ${digest}`,
        scopes: scopes.pull(repository),
        stream: true
    }, [200]);
    const length = response.headers.get('content-length');
    const source = response.stream ?? new Blob([response.body]).stream();
    const hash = hasherFor(digestAlgorithm(digest));
    const verify = new TransformStream({
        transform(chunk, controller) {
            hash?.update(chunk);
            controller.enqueue(chunk);
        },
        flush(controller) {
            const actual = hash === undefined ? digest : `${digestAlgorithm(digest)}:${hash.digest('hex')}`;
            if (actual !== digest) {
                controller.error(new registry_errors/* DigestMismatchError */.h({ host: session.registry, repository }, `${session.registry}/${repository}: blob ${digest} arrived with digest ${actual}; discard it`));
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
        throw new registry_errors/* RegistryError */.gl({ host: session.registry, repository }, `${session.registry} started an upload without a Location`);
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
        throw new registry_errors/* DigestMismatchError */.h({ host: session.registry, repository }, `${session.registry}/${repository}: the fallback upload for ${digest} had digest ${uploaded.digest}`);
    }
    return 'uploaded';
}

;// CONCATENATED MODULE: ./src/registry/manifest.ts
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
        headers: { accept: MANIFEST_ACCEPT }
    };
    const response = await session.expect(request, [200, 404]);
    if (response.status === 404)
        return undefined;
    const digest = response.headers.get('docker-content-digest');
    const mediaType = specificMediaType(response.headers.get('content-type'));
    // Some registries omit the digest or the type on HEAD; the body then has to be fetched and read.
    if (digest === null || !(0,reference/* isValidDigest */.fH)(digest) || mediaType === undefined) {
        const { bytes: _bytes, parsed: _parsed, ...descriptor } = await getManifest(session, repository, ref);
        return descriptor;
    }
    if ((0,reference/* isValidDigest */.fH)(ref) && ref !== digest) {
        throw new registry_errors/* DigestMismatchError */.h({ host: session.registry, repository }, `${session.registry}/${repository}: manifest ${ref} was announced with digest ${digest}`);
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
        headers: { accept: MANIFEST_ACCEPT }
    }, [200]);
    const bytes = response.body;
    const announced = response.headers.get('docker-content-digest');
    const expected = (0,reference/* isValidDigest */.fH)(ref)
        ? ref
        : announced !== null && (0,reference/* isValidDigest */.fH)(announced)
            ? announced
            : undefined;
    if (expected !== undefined && !matchesDigest(bytes, expected)) {
        throw new registry_errors/* DigestMismatchError */.h({ host: session.registry, repository }, `${session.registry}/${repository}: manifest ${ref} does not match digest ${expected}; refusing to use it`);
    }
    let parsed;
    try {
        parsed = parseManifest(bytes);
    }
    catch (error) {
        throw new registry_errors/* RegistryError */.gl({ host: session.registry, repository }, `${session.registry}/${repository}: manifest ${ref} is not valid JSON`, {
            cause: error
        });
    }
    return {
        digest: expected ?? computeDigest(bytes),
        mediaType: manifestMediaType(response.headers.get('content-type'), parsed),
        size: bytes.byteLength,
        bytes,
        parsed
    };
}
/** Pushes manifest bytes exactly as given (their digest is what gets signed and referenced). */
async function putManifest(session, repository, ref, bytes, mediaType) {
    (0,reference/* validateRepository */.FL)(repository);
    validateRef(ref);
    const digest = computeDigest(bytes);
    if ((0,reference/* isValidDigest */.fH)(ref) && !matchesDigest(bytes, ref)) {
        throw new registry_errors/* DigestMismatchError */.h({ host: session.registry, repository }, `cannot push to ${session.registry}/${repository}@${ref}: the manifest's digest is ${digest}`);
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
        throw new registry_errors/* DigestMismatchError */.h({ host: session.registry, repository }, `${session.registry}/${repository} stored manifest ${ref} as ${announced}, not ${digest}`);
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
    if (response.status === 400 && !(error instanceof registry_errors/* RegistryUnsupportedError */.LF)) {
        throw new registry_errors/* RegistryUnsupportedError */.LF({
            host: session.registry,
            repository,
            status: 400,
            ...(error.code === undefined ? {} : { code: error.code })
        }, `${session.registry} does not support deleting tags (${error.message})`);
    }
    throw error;
}

;// CONCATENATED MODULE: ./src/registry/link.ts
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

;// CONCATENATED MODULE: ./src/registry/referrers.ts







function indexEntries(session, repository, response) {
    try {
        const index = JSON.parse(Buffer.from(response.body).toString('utf8'));
        return [...(index.manifests ?? [])];
    }
    catch (error) {
        throw new registry_errors/* RegistryError */.gl({ host: session.registry, repository }, `${session.registry}/${repository}: the referrers answer is not an image index`, {
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
        headers: { accept: MediaType.ociIndex }
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
    for (let link = nextLink(first.headers.get('link'), first.url); link !== undefined;) {
        if (visited.has(link))
            break;
        visited.add(link);
        let page;
        try {
            page = await session.expect({ ...request, path: link }, [200]);
        }
        catch (error) {
            throw new registry_errors/* IncompleteListError */.hm({ host: session.registry, repository }, `could not list all referrers of ${digest} in ${session.registry}/${repository}: ${error instanceof Error ? error.message : String(error)}`, descriptors.map(d => d.digest), { cause: error });
        }
        descriptors.push(...indexEntries(session, repository, page));
        link = nextLink(page.headers.get('link'), page.url);
    }
    return { descriptors: wanted(descriptors), source: 'api' };
}
async function fallbackIndex(session, repository, subject) {
    try {
        const index = await getManifest(session, repository, referrersTag(subject));
        return [...(index.parsed.manifests ?? [])];
    }
    catch (error) {
        if (error instanceof registry_errors/* RegistryNotFoundError */.PB)
            return [];
        throw error;
    }
}
async function writeFallbackIndex(session, repository, subject, manifests) {
    const index = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests };
    const bytes = new TextEncoder().encode(JSON.stringify(index));
    await putManifest(session, repository, referrersTag(subject), bytes, MediaType.ociIndex);
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
        const controller = new AbortController();
        const abort = () => controller.abort(new RequestTimeout(`no answer within ${deps.timeoutMs} ms`));
        const timer = setTimeout(abort, deps.timeoutMs);
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
        }
    });
}
/** Re-exposes a body whose reads abort after `ms` without data; a slow consumer never trips it. */
function idleTimeout(source, ms, onIdle) {
    const reader = source.getReader();
    return new ReadableStream({
        async pull(controller) {
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

// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/registry/transport.ts

// Node 20-24 keep the global Agent under `.1` (24 also under `.2`); from Node 26 `.1` holds a compatibility
// wrapper and the Agent sits under `.2`.
const GLOBAL_DISPATCHERS = [Symbol.for('undici.globalDispatcher.2'), Symbol.for('undici.globalDispatcher.1')];
/**
 * Node's fetch takes a `dispatcher` but does not export undici's Agent. The global dispatcher it creates on first
 * use is such an Agent, so its constructor builds one with our CA list, with no dependency added. Fetching a
 * `data:` URL creates the global dispatcher without touching the network.
 */
async function agentClass() {
    await (await fetch('data:,')).arrayBuffer();
    const ctor = GLOBAL_DISPATCHERS.map(symbol => {
        const dispatcher = globalThis[symbol];
        return dispatcher?.constructor;
    }).find(candidate => typeof candidate === 'function' && candidate.name === 'Agent');
    if (typeof ctor !== 'function') {
        throw new Error("a custom CA needs Node's built-in undici Agent, but the global fetch dispatcher has been replaced; " +
            'put the CA in NODE_EXTRA_CA_CERTS instead');
    }
    return ctor;
}
let agentClassPromise;
/** A transport on Node's global fetch; with `ca`, one that also trusts those certificates. */
function fetchTransport(options = {}) {
    const ca = options.ca?.trim();
    let dispatcher;
    if (ca) {
        agentClassPromise ??= agentClass();
        dispatcher = agentClassPromise.then(Agent => new Agent({ connect: { ca: [...external_node_tls_.rootCertificates, ca] } }));
    }
    return async (url, request) => {
        const init = {
            method: request.method,
            headers: request.headers,
            body: request.body,
            signal: request.signal,
            redirect: 'manual'
        };
        // The Agent comes from Node's own undici, so it is the Dispatcher fetch expects whatever the typings say.
        if (dispatcher)
            Object.assign(init, { dispatcher: await dispatcher });
        return fetch(url, init);
    };
}
/** The innermost error code of a fetch failure: `ECONNREFUSED`, `UND_ERR_SOCKET`, `DEPTH_ZERO_SELF_SIGNED_CERT`, … */
function networkErrorCode(error) {
    let current = error;
    for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
        const { code, cause, errors } = current;
        if (typeof code === 'string' && code !== '')
            return code;
        current = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
    }
    if (error instanceof Error && error.name === 'TimeoutError')
        return 'REQUEST_TIMEOUT';
    return 'UNKNOWN';
}
const TLS_TRUST_CODES = new Set([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'ERR_TLS_CERT_ALTNAME_INVALID'
]);
/** The certificate was received but not trusted: a fix on the trust side, never a reason to fall back to http. */
function isCertificateError(code) {
    return TLS_TRUST_CODES.has(code);
}

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
    const said = (0,registry_errors/* redact */.E$)([code, raw].filter(Boolean).join(': '), context.secrets);
    const detail = `${status}${said ? ` ${said}` : ''}`;
    const target = (0,registry_errors/* describeTarget */.ff)(what.host, what.repository);
    const where = { host: what.host, repository: what.repository, status, code };
    const tries = response.attempts > 1 ? ` after ${response.attempts} attempts` : '';
    if (status === 401) {
        const fix = context.hasCredentials
            ? `check username/password for ${what.host} and that they may access ${what.repository ?? 'it'}`
            : `log in to ${what.host}`;
        return new registry_errors/* RegistryAuthError */.w4(where, `not authorized to ${what.operation} in ${target} (${detail}): ${fix}`);
    }
    if (status === 403) {
        return new registry_errors/* RegistryDeniedError */.$b(where, `${what.host} denied ${what.operation} in ${target} (${detail}): the credentials lack permission for this`);
    }
    if (status === 404) {
        const hint = code === 'NAME_UNKNOWN'
            ? `repository ${what.repository ?? ''} does not exist: check its name`
            : `check the name and the tag or digest${context.hasCredentials ? '' : `, or log in to ${what.host} if it is private`}`;
        return new registry_errors/* RegistryNotFoundError */.PB(where, `cannot ${what.operation} in ${target} (${detail}): ${hint}`);
    }
    if (status === 405 || status === 501 || code === 'UNSUPPORTED') {
        return new registry_errors/* RegistryUnsupportedError */.LF(where, `${what.host} does not support ${what.operation} (${detail}): the registry does not offer it, or has it switched off`);
    }
    if (status === 429) {
        const wait = response.retryAfterMs === undefined
            ? ''
            : `; it asks to wait ${Math.ceil(response.retryAfterMs / 1000)} s`;
        return new registry_errors/* RegistryRateLimitError */.f0(where, `${what.host} kept answering 429 Too Many Requests to ${what.operation} in ${target}${tries}${wait}: try again later`);
    }
    if (status >= 500) {
        return new registry_errors/* RegistryError */.gl(where, `${what.host} failed to ${what.operation} in ${target} (${detail})${tries}`);
    }
    return new registry_errors/* RegistryError */.gl(where, `${what.host} refused to ${what.operation} in ${target} (${detail})`);
}
function networkHint(host, code) {
    if (isCertificateError(code)) {
        return `the TLS certificate of ${host} is not trusted: give the registry's CA certificate, or put it in ${DOCKER_CERTS_DIR}/${host}/ca.crt`;
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
    const code = networkErrorCode(error);
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    return new registry_errors/* RegistryNetworkError */.sY({ host: what.host, repository: what.repository }, `could not reach ${what.host} to ${what.operation}: ${code}${tries}: ${networkHint(what.host, code)}`, code, { cause: error });
}

;// CONCATENATED MODULE: ./src/registry/retry.ts
const DEFAULT_RETRY_POLICY = {
    maxAttempts: 5,
    maxElapsedMs: 120_000,
    baseDelayMs: 500,
    maxDelayMs: 20_000
};
const systemClock = {
    now: () => Date.now(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    random: () => Math.random()
};
/** Retry-After as delta-seconds or an HTTP-date, in milliseconds from `nowMs`; undefined when absent or unreadable. */
function parseRetryAfter(value, nowMs) {
    if (value === null || value.trim() === '')
        return undefined;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
/** "Full jitter": uniform in [0, min(max, base·2^(attempt-1))], which spreads out clients that failed together. */
function backoffDelay(attempt, policy, random) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(random() * ceiling);
}
/**
 * 429 and 5xx are worth another try; 501 and 505 say the server will never do it. Other 4xx are the
 * request's fault and are never retried.
 */
function isRetryableStatus(status) {
    return status === 429 || (status >= 500 && status !== 501 && status !== 505);
}
const TRANSIENT_CODES = new Set([
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'REQUEST_TIMEOUT'
]);
/**
 * Whether a failure to get any response is transient. ECONNREFUSED counts only once the host has answered
 * before: refused on first contact means nothing listens there, refused mid-run means it is restarting.
 */
function isTransientNetworkCode(code, hostAnsweredBefore) {
    if (code === 'ECONNREFUSED')
        return hostAnsweredBefore;
    return TRANSIENT_CODES.has(code);
}
/**
 * Runs `attempt` until `decide` says stop, attempts run out, or the next wait would end past the time budget.
 * A value the decider rejected is returned as is on giving up (the caller turns a final 503 into its error);
 * a thrown error is rethrown.
 */
async function withRetry(attempt, decide, policy = DEFAULT_RETRY_POLICY, clock = systemClock) {
    const started = clock.now();
    for (let n = 1;; n++) {
        let outcome;
        try {
            outcome = { value: await attempt(n) };
        }
        catch (error) {
            outcome = { error };
        }
        const decision = decide(outcome);
        const delay = decision.retry ? (decision.delayMs ?? backoffDelay(n, policy, () => clock.random())) : 0;
        const giveUp = !decision.retry || n >= policy.maxAttempts || clock.now() + delay - started > policy.maxElapsedMs;
        if (giveUp) {
            if ('error' in outcome)
                throw outcome.error;
            return outcome.value;
        }
        await clock.sleep(delay);
    }
}
function createLimiter(concurrency) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new Error('concurrency must be a positive integer');
    let active = 0;
    const waiting = [];
    // A finishing task hands its slot straight to the next waiter, so a newcomer cannot slip in between.
    const release = () => {
        const next = waiting.shift();
        if (next)
            next();
        else
            active--;
    };
    return async (task) => {
        if (active < concurrency)
            active++;
        else
            await new Promise(resolve => waiting.push(resolve));
        try {
            return await task();
        }
        finally {
            release();
        }
    };
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
        this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
        this.clock = options.clock ?? systemClock;
        const limit = typeof options.concurrency === 'function'
            ? options.concurrency
            : createLimiter(options.concurrency ?? 8);
        this.deps = {
            transport: options.transport ?? fetchTransport(),
            limit,
            timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS
        };
        this.userAgent = options.userAgent ?? 'image-action';
        this.scheme = options.scheme ?? ((0,reference/* isLoopbackRegistry */.jW)(options.registry) ? undefined : 'https');
        this.auth = new Authenticator(options.registry, options.credentials, async (url, headers) => this.fetchToken(url, headers), () => this.clock.now());
    }
    /** Sends with authentication and retries; returns the final answer whatever its status. */
    async send(request) {
        let attempts = 0;
        try {
            const response = await withRetry(async () => {
                attempts++;
                return this.attempt(request);
            }, outcome => this.decide(outcome), this.policy, this.clock);
            return { ...response, attempts };
        }
        catch (error) {
            if (error instanceof registry_errors/* RegistryError */.gl)
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
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.clock.now());
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
            if (!isRetryableStatus(outcome.value.status))
                return { retry: false };
            const delayMs = parseRetryAfter(outcome.value.headers.get('retry-after'), this.clock.now());
            return delayMs === undefined ? { retry: true } : { retry: true, delayMs };
        }
        if (outcome.error instanceof registry_errors/* RegistryError */.gl)
            return { retry: false };
        return { retry: isTransientNetworkCode(networkErrorCode(outcome.error), this.answered) };
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
            const code = networkErrorCode(error);
            if (isCertificateError(code) || code === 'ECONNREFUSED' || code === 'REQUEST_TIMEOUT')
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
            const response = await withRetry(async () => {
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
            if (error instanceof registry_errors/* RegistryError */.gl)
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
        throw new registry_errors/* RegistryError */.gl({ host: session.registry, repository }, `${session.registry}/${repository}: the tag list is not {"tags": [...]}`);
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
    const incomplete = (why, cause) => new registry_errors/* IncompleteListError */.hm(where, `could not list all tags of ${session.registry}/${repository}: ${why} (${tags.length} read so far)`, [...tags], cause === undefined ? undefined : { cause });
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
        const link = nextLink(response.headers.get('link'), response.url);
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
            transport: options.transport ?? fetchTransport(ca === undefined ? {} : { ca })
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
        const descriptor = referrerDescriptor(parsed, mediaType, result.digest, bytes.byteLength);
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
        return parseManifest(bytes);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/registry/connect.ts


/**
 * Builds a client the way docker would reach the registry: the given CA plus any `*.crt` in
 * `/etc/docker/certs.d/<host:port>/`. The only part of the client that touches the file system.
 */
async function connectRegistry(options) {
    const { certsDir = DOCKER_CERTS_DIR, ...rest } = options;
    const ca = rest.transport === undefined ? await registryCa(rest.registry, rest.ca, certsDir) : rest.ca;
    return new RegistryClient({ ...rest, ...(ca === undefined ? {} : { ca }) });
}

;// CONCATENATED MODULE: ./src/registry/index.ts











// EXTERNAL MODULE: ./src/login/auths.ts
var login_auths = __webpack_require__(3414);
;// CONCATENATED MODULE: ./src/login/docker-config.ts


/** Docker keeps Docker Hub credentials under its v1 index URL; everything else under host[:port]. */
function configKey(registry) {
    return registry === reference/* DOCKER_HUB */.Xb ? 'https://index.docker.io/v1/' : registry;
}
/**
 * A docker config.json (also what buildah/skopeo read as an auth file) that keeps the user's existing
 * settings and logins and adds ours. A credential helper configured for one of our registries would take
 * precedence over `auths`, so it is dropped for those registries.
 */
function mergeDockerConfig(existing, auths) {
    const keys = new Set(auths.map(auth => configKey(auth.registry)));
    const credHelpers = { ...(existing.credHelpers ?? {}) };
    for (const key of keys)
        delete credHelpers[key];
    const merged = {
        ...existing,
        auths: {
            ...(existing.auths ?? {}),
            ...Object.fromEntries(auths.map(auth => [configKey(auth.registry), { auth: (0,login_auths/* basicAuthValue */.yk)(auth) }]))
        }
    };
    if (Object.keys(credHelpers).length > 0)
        merged.credHelpers = credHelpers;
    else
        delete merged.credHelpers;
    // A global credsStore would capture our logins too; the private config is ours alone.
    if (auths.length > 0)
        delete merged.credsStore;
    return merged;
}

;// CONCATENATED MODULE: ./src/login/login.ts






async function readExistingConfig(env) {
    const dir = env.DOCKER_CONFIG || external_node_path_default().join(external_node_os_default().homedir(), '.docker');
    try {
        const parsed = JSON.parse(await (0,promises_.readFile)(external_node_path_default().join(dir, 'config.json'), 'utf8'));
        return parsed && typeof parsed === 'object' ? parsed : {};
    }
    catch {
        return {};
    }
}
/**
 * Logs in the way `docker login` does (asks the registry to accept the credentials) but writes them only into a
 * private DOCKER_CONFIG under the step's temp dir, which post removes: ~/.docker is never touched.
 */
async function login(auths, tempDir) {
    const entries = Object.fromEntries(auths.map(auth => [auth.registry, { username: auth.username, password: auth.password }]));
    const credentials = staticCredentials(entries);
    await Promise.all(auths.map(async (auth) => {
        const client = await connectRegistry({ registry: auth.registry, credentials });
        await client.ping();
        core/* info */.pq(`Logged in to ${auth.registry} as ${auth.username} (${auth.source})`);
    }));
    const configDir = external_node_path_default().join(tempDir, 'docker-config');
    await (0,promises_.mkdir)(configDir, { recursive: true, mode: 0o700 });
    const configFile = external_node_path_default().join(configDir, 'config.json');
    const config = mergeDockerConfig(await readExistingConfig(process.env), auths);
    await (0,promises_.writeFile)(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
    return {
        env: { DOCKER_CONFIG: configDir, REGISTRY_AUTH_FILE: configFile },
        credentials,
        registries: auths.map(auth => auth.registry)
    };
}

;// CONCATENATED MODULE: ./src/promote/copy-image.ts

/**
 * Copies what the destination lacks, registry to registry, without an engine: blobs are skipped when present,
 * mounted within a registry, streamed across registries; children before their index, subjects before their
 * referrers, so the destination never points at something it does not hold.
 */
class ImageCopier {
    src;
    dst;
    limit;
    stats = {
        manifests: 0,
        referrers: 0,
        blobsPresent: 0,
        blobsMounted: 0,
        blobsCopied: 0,
        bytesCopied: 0
    };
    copied = new Map();
    sameRegistry;
    sameRepository;
    constructor(src, dst, limit) {
        this.src = src;
        this.dst = dst;
        this.limit = limit;
        this.sameRegistry = src.client.registry === dst.client.registry;
        this.sameRepository = this.sameRegistry && src.repository === dst.repository;
    }
    async copyBlob(blob) {
        if (this.sameRepository)
            return;
        await this.limit(async () => {
            if (await this.dst.client.headBlob(this.dst.repository, blob.digest)) {
                this.stats.blobsPresent++;
                return;
            }
            const stream = async () => {
                const download = await this.src.client.getBlob(this.src.repository, blob.digest);
                return { stream: download.stream, digest: blob.digest };
            };
            if (this.sameRegistry) {
                const outcome = await this.dst.client.mountBlob(this.dst.repository, blob.digest, this.src.repository, stream);
                if (outcome === 'mounted') {
                    this.stats.blobsMounted++;
                    return;
                }
            }
            else {
                await this.dst.client.uploadBlob(this.dst.repository, await stream());
            }
            this.stats.blobsCopied++;
            this.stats.bytesCopied += blob.size;
        });
    }
    /** Everything a manifest needs in the destination, then the manifest itself under `refs` (its digest by default). */
    async copyTree(manifest, refs = [manifest.digest]) {
        const { parsed } = manifest;
        if (isIndexMediaType(manifest.mediaType) || parsed.manifests) {
            await Promise.all((parsed.manifests ?? []).map(child => this.copyByDigest(child.digest)));
        }
        const blobs = [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])];
        await Promise.all(blobs.map(blob => this.copyBlob(blob)));
        for (const ref of refs) {
            await this.limit(() => this.dst.client.putManifest(this.dst.repository, ref, manifest.bytes, manifest.mediaType));
        }
        this.stats.manifests++;
        await this.copyReferrers(manifest.digest);
    }
    copyByDigest(digest) {
        let pending = this.copied.get(digest);
        if (!pending) {
            pending = this.limit(() => this.src.client.getManifest(this.src.repository, digest)).then(m => this.copyTree(m));
            this.copied.set(digest, pending);
        }
        return pending;
    }
    /** Signatures, SBOMs and attestations travel with their subject. */
    async copyReferrers(subject) {
        const { descriptors } = await this.limit(() => this.src.client.referrers(this.src.repository, subject));
        this.stats.referrers += descriptors.length;
        await Promise.all(descriptors.map(d => this.copyByDigest(d.digest)));
    }
}
/** Copies `ref` (a tag or digest in `src`) to every tag in `tags` of `dst`; returns the top manifest's digest. */
async function copyImage(src, ref, dst, tags, limit) {
    const copier = new ImageCopier(src, dst, limit);
    const top = await limit(() => src.client.getManifest(src.repository, ref));
    const refs = tags.length > 0 ? tags : [top.digest];
    if (copier.sameRepository) {
        // Children, blobs and referrers are already there: retagging is a manifest PUT per tag.
        for (const tag of refs)
            await limit(() => dst.client.putManifest(dst.repository, tag, top.bytes, top.mediaType));
        copier.stats.manifests++;
    }
    else {
        await copier.copyTree(top, refs);
    }
    return { digest: top.digest, mediaType: top.mediaType, stats: copier.stats };
}

;// CONCATENATED MODULE: ./src/promote/promote.ts




/** Targets grouped by repository, in first-seen order: one copy per repository, then a PUT per tag. */
function groupTargets(targets) {
    const groups = new Map();
    for (const target of targets) {
        const ref = (0,reference/* parseReference */.F2)(target);
        const key = `${ref.registry}/${ref.repository}`;
        const group = groups.get(key) ?? { registry: ref.registry, repository: ref.repository, refs: [] };
        group.refs.push({ ref: target, tag: ref.tag ?? 'latest' });
        groups.set(key, group);
    }
    return [...groups.values()];
}
const CONCURRENCY = 8;
/**
 * Copies an image that is already in a registry to every target tag without an engine: retag within a
 * repository, mount across repositories, stream across registries.
 */
async function promote(source, targets, credentials) {
    const src = (0,reference/* parseReference */.F2)(source);
    const limit = createLimiter(CONCURRENCY);
    const clients = new Map();
    const client = async (registry) => {
        let found = clients.get(registry);
        if (!found) {
            found = await connectRegistry({ registry, credentials });
            clients.set(registry, found);
        }
        return found;
    };
    const srcEndpoint = { client: await client(src.registry), repository: src.repository };
    const pushed = [];
    const stats = [];
    for (const group of groupTargets(targets)) {
        const dst = { client: await client(group.registry), repository: group.repository };
        const tags = group.refs.map(r => r.tag);
        const result = await copyImage(srcEndpoint, (0,reference/* manifestRef */.rx)(src), dst, tags, limit);
        stats.push({ target: `${group.registry}/${group.repository}`, stats: result.stats });
        for (const { ref } of group.refs)
            pushed.push({ ref, digest: result.digest });
    }
    const digest = pushed[0]?.digest;
    return {
        source,
        imageId: '',
        digest,
        pushed,
        stats,
        metadata: {
            'containerimage.digest': digest,
            'image.name': pushed.map(p => p.ref).join(','),
            'promoted-from': source
        }
    };
}

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
    const conf = loopbackRegistriesConf([...plan.tags, ...bases, ...cacheRepositories(plan)], await readOptional(system));
    if (!conf)
        return {};
    const file = external_node_path_default().join(temp, 'registries.conf');
    await (0,promises_.writeFile)(file, conf, { mode: 0o600 });
    return { CONTAINERS_REGISTRIES_CONF: file };
}
/** The logins, into the step's private temp dir. */
async function prepare(options) {
    const { temp } = options;
    if (options.auths.length === 0)
        return { temp };
    return { temp, credentials: await core/* group */.Os('Login', () => login(options.auths, temp)) };
}
async function executePromotion(source, plan, options) {
    const { credentials } = await prepare(options);
    const result = await core/* group */.Os(`Promote ${source}`, async () => {
        const promoted = await promote(source, plan.tags, credentials?.credentials);
        for (const { target, stats } of promoted.stats) {
            core/* info */.pq(`${target}: ${stats.manifests} manifests, ${stats.referrers} referrers, blobs ${stats.blobsPresent} present / ` +
                `${stats.blobsMounted} mounted / ${stats.blobsCopied} copied (${stats.bytesCopied} bytes)`);
        }
        return promoted;
    });
    return { result };
}
/** The side-effect half: pick the engine, log in, build, push. */
async function execute(plan, options) {
    if (plan.promoteFrom !== undefined)
        return executePromotion(plan.promoteFrom, plan, options);
    const requested = options.engine;
    const engine = await core/* group */.Os('Engine', async () => {
        const choice = chooseEngine(requested, await probeEngines(exec_exec, process.env.PATH ?? ''));
        if ('error' in choice)
            throw new Error(choice.error);
        core/* info */.pq(`Using ${choice.engine.kind} ${choice.engine.version} (${choice.engine.command})`);
        return choice.engine;
    });
    const { temp, credentials } = await prepare(options);
    const extraEnv = engine.kind === 'buildah' ? await buildahEnv(plan, temp) : {};
    const env = { ...process.env, ...engine.env, ...credentials?.env, ...extraEnv };
    const request = {
        ...plan,
        iidFile: external_node_path_default().join(temp, 'iid'),
        metadataFile: external_node_path_default().join(temp, 'metadata.json')
    };
    const result = await core/* group */.Os(plan.push ? 'Build and push' : 'Build', () => runBuild(engine, request, { exec: exec_exec, env, warn: message => core/* warning */.$e(message) }));
    return { engine, result };
}


/***/ })

};

//# sourceMappingURL=101.index.js.map