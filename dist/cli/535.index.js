export const id = 535;
export const ids = [535];
export const modules = {

/***/ 4158:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {


/**
 * @license
 * Copyright 2020 Balena Ltd.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *    http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 *
 * ------------------------------------------------------------------------
 *
 * Copyright 2018 Zeit, Inc.
 * Licensed under the MIT License. See file LICENSE.md for a full copy.
 *
 * ------------------------------------------------------------------------
 */

/**
 * This module implements the [dockerignore
 * spec](https://docs.docker.com/engine/reference/builder/#dockerignore-file),
 * closely following Docker's (Moby) Golang implementation:
 * https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go
 * https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go
 * https://github.com/moby/moby/blob/v19.03.8/pkg/archive/archive.go#L825
 *
 * Something the spec is not clear about, but we discovered by reading source code
 * and testing against the "docker build" command, is the handling of backslashes and
 * forward slashes as path separators and escape characters in the .dockerignore file
 * across platforms including Windows, Linux and macOS:
 *
 * * On Linux and macOS, only forward slashes can be used as path separators in the
 *   .dockerignore file, and the backslash works as an escape character.
 * * On Windows, both forward slashes and backslashes are allowed as path separators
 *   in the .dockerignore file, and the backslash is not used as an escape character.
 *
 * This is consistent with how Windows works generally: both forward slashes and
 * backslashes are accepted as path separators by the cmd.exe Command Prompt or
 * PowerShell, and by library functions like the Golang filepath.Clean or the
 * Node.js path.normalize.
 *
 * Similarly, path strings provided to the IgnoreBase.ignores() and IgnoreBase.filter()
 * methods can use either forward slashes or backslashes as path separators on Windows,
 * but only forward slashes are accepted as path separators on Linux and macOS.
 */

const path = __webpack_require__(6928);

const factory = options => new IgnoreBase(options); // https://github.com/kaelzhang/node-ignore/blob/5.1.4/index.js#L538-L539
// Fixes typescript module import


factory.default = factory;
module.exports = factory;

function make_array(subject) {
  return Array.isArray(subject) ? subject : [subject];
}

const REGEX_TRAILING_SLASH = /(?<=.)\/$/;
const REGEX_TRAILING_BACKSLASH = /(?<=.)\\$/;
const REGEX_TRAILING_PATH_SEP = path.sep === '\\' ? REGEX_TRAILING_BACKSLASH : REGEX_TRAILING_SLASH;
const KEY_IGNORE = typeof Symbol !== 'undefined' ? Symbol.for('dockerignore') : 'dockerignore'; // An implementation of Go's filepath.Clean
// https://golang.org/pkg/path/filepath/#Clean
// https://github.com/golang/go/blob/master/src/path/filepath/path.go
// Note that, like Go, on Windows this function converts forward slashes
// to backslashes.

function cleanPath(file) {
  return path.normalize(file).replace(REGEX_TRAILING_PATH_SEP, '');
} // Javascript port of Golang's filepath.ToSlash
// https://golang.org/pkg/path/filepath/#ToSlash
// https://github.com/golang/go/blob/master/src/path/filepath/path.go
// Convert any OS-specific path separator to '/'. Backslash is converted
// to forward slash on Windows, but not on Linux/macOS.
// Note that both forward slashes and backslashes are valid path separators on
// Windows. As a result, code such as `pattern.split(path.sep).join('/')` fails
// on Windows when forward slashes are used as path separators.


function toSlash(file) {
  if (path.sep === '/') {
    return file;
  }

  return file.replace(/\\/g, '/');
} // Javascript port of Golang's filepath.FromSlash
// https://github.com/golang/go/blob/master/src/path/filepath/path.go


function fromSlash(file) {
  if (path.sep === '/') {
    return file;
  }

  return file.replace(/\//g, path.sep);
}

class IgnoreBase {
  constructor({
    // https://github.com/kaelzhang/node-ignore/blob/5.1.4/index.js#L372
    ignorecase = true
  } = {}) {
    this._rules = [];
    this._ignorecase = ignorecase;
    this[KEY_IGNORE] = true;

    this._initCache();
  }

  _initCache() {
    this._cache = {};
  } // @param {Array.<string>|string|Ignore} pattern


  add(pattern) {
    this._added = false;

    if (typeof pattern === 'string') {
      pattern = pattern.split(/\r?\n/g);
    }

    make_array(pattern).forEach(this._addPattern, this); // Some rules have just added to the ignore,
    // making the behavior changed.

    if (this._added) {
      this._initCache();
    }

    return this;
  } // legacy


  addPattern(pattern) {
    return this.add(pattern);
  }

  _addPattern(pattern) {
    // https://github.com/kaelzhang/node-ignore/issues/32
    if (pattern && pattern[KEY_IGNORE]) {
      this._rules = this._rules.concat(pattern._rules);
      this._added = true;
      return;
    }

    if (this._checkPattern(pattern)) {
      const rule = this._createRule(pattern.trim());

      if (rule !== null) {
        this._added = true;

        this._rules.push(rule);
      }
    }
  }

  _checkPattern(pattern) {
    // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L34-L40
    return pattern && typeof pattern === 'string' && pattern.indexOf('#') !== 0 && pattern.trim() !== "";
  }

  filter(paths) {
    return make_array(paths).filter(path => this._filter(path));
  }

  createFilter() {
    return path => this._filter(path);
  }

  ignores(path) {
    return !this._filter(path);
  } // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L41-L53
  // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L29-L55


  _createRule(pattern) {
    const origin = pattern;
    let negative = false; // > An optional prefix "!" which negates the pattern;
    // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L43-L46

    if (pattern[0] === '!') {
      negative = true;
      pattern = pattern.substring(1).trim();
    } // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L47-L53


    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      pattern = toSlash(pattern);

      if (pattern.length > 1 && pattern[0] === '/') {
        pattern = pattern.slice(1);
      }
    } // https://github.com/moby/moby/blob/v19.03.8/builder/dockerignore/dockerignore.go#L54-L55


    if (negative) {
      pattern = '!' + pattern;
    } // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L30


    pattern = pattern.trim();

    if (pattern === "") {
      return null;
    } // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L34
    // convert forward slashes to backslashes on Windows


    pattern = cleanPath(pattern); // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L36-L42

    if (pattern[0] === '!') {
      if (pattern.length === 1) {
        return null;
      }

      negative = true;
      pattern = pattern.substring(1);
    } else {
      negative = false;
    }

    return {
      origin,
      pattern,
      // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L54
      dirs: pattern.split(path.sep),
      negative
    };
  } // @returns `Boolean` true if the `path` is NOT ignored


  _filter(path) {
    if (!path) {
      return false;
    }

    if (path in this._cache) {
      return this._cache[path];
    }

    return this._cache[path] = this._test(path);
  } // @returns {Boolean} true if a file is NOT ignored
  // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L62


  _test(file) {
    file = fromSlash(file); // equivalent to golang filepath.Dir() https://golang.org/src/path/filepath/path.go

    const parentPath = cleanPath(path.dirname(file));
    const parentPathDirs = parentPath.split(path.sep);
    let matched = false;

    this._rules.forEach(rule => {
      let match = this._match(file, rule); // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L80


      if (!match && parentPath !== ".") {
        // Check to see if the pattern matches one of our parent dirs.
        if (rule.dirs.includes('**')) {
          // Ah shucks! We have to test every possible parent path that has 
          // a number of dirs _n_ where 
          // `rule.dirs.filter(doubleStar).length <= _n_ <= parentPathDirs.length`
          // since the ** can imply any number of directories including 0
          for (let i = rule.dirs.filter(x => x !== '**').length; i <= parentPathDirs.length; i++) {
            match = match || this._match(parentPathDirs.slice(0, i).join(path.sep), rule);
          }
        } else if (rule.dirs.length <= parentPathDirs.length) {
          // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L83
          match = this._match(parentPathDirs.slice(0, rule.dirs.length).join(path.sep), rule);
        }
      }

      if (match) {
        matched = !rule.negative;
      }
    });

    return !matched;
  } // @returns {Boolean} true if a file is matched by a rule


  _match(file, rule) {
    return this._compile(rule).regexp.test(file);
  } // https://github.com/moby/moby/blob/v19.03.8/pkg/fileutils/fileutils.go#L139


  _compile(rule) {
    if (rule.regexp) {
      return rule;
    }

    let regStr = '^'; // Go through the pattern and convert it to a regexp.

    let escapedSlash = path.sep === '\\' ? '\\\\' : path.sep;

    for (let i = 0; i < rule.pattern.length; i++) {
      const ch = rule.pattern[i];

      if (ch === '*') {
        if (rule.pattern[i + 1] === '*') {
          // is some flavor of "**"
          i++; // Treat **/ as ** so eat the "/"

          if (rule.pattern[i + 1] === path.sep) {
            i++;
          }

          if (rule.pattern[i + 1] === undefined) {
            // is "**EOF" - to align with .gitignore just accept all
            regStr += ".*";
          } else {
            // is "**"
            // Note that this allows for any # of /'s (even 0) because
            // the .* will eat everything, even /'s
            regStr += `(.*${escapedSlash})?`;
          }
        } else {
          // is "*" so map it to anything but "/"
          regStr += `[^${escapedSlash}]*`;
        }
      } else if (ch === '?') {
        // "?" is any char except "/"
        regStr += `[^${escapedSlash}]`;
      } else if (ch === '.' || ch === '$') {
        // Escape some regexp special chars that have no meaning
        // in golang's filepath.Match
        regStr += `\\${ch}`;
      } else if (ch === '\\') {
        // escape next char. Note that a trailing \ in the pattern
        // will be left alone (but need to escape it)
        if (path.sep === '\\') {
          // On windows map "\" to "\\", meaning an escaped backslash,
          // and then just continue because filepath.Match on
          // Windows doesn't allow escaping at all
          regStr += escapedSlash;
          continue;
        }

        if (rule.pattern[i + 1] !== undefined) {
          regStr += '\\' + rule.pattern[i + 1];
          i++;
        } else {
          regStr += '\\';
        }
      } else {
        regStr += ch;
      }
    }

    regStr += "$";
    rule.regexp = new RegExp(regStr, this._ignorecase ? 'i' : '');
    return rule;
  }

}


/***/ }),

/***/ 9535:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  execute: () => (/* binding */ execute)
});

// EXTERNAL MODULE: ./src/run/mask.ts
var mask = __webpack_require__(4101);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/shell/actions-runner.ts
var actions_runner = __webpack_require__(8868);
// EXTERNAL MODULE: ./src/shell/exec.ts
var shell_exec = __webpack_require__(7097);
;// CONCATENATED MODULE: ./src/build/annotations.ts
/** `manifest:k=v` → {level: 'manifest', entry: 'k=v'}; a line without a level is a manifest annotation. */
function splitLevel(line) {
    const eq = line.indexOf('=');
    const head = eq === -1 ? line : line.slice(0, eq);
    const colon = head.indexOf(':');
    return colon === -1
        ? { level: 'manifest', entry: line }
        : { level: head.slice(0, colon), entry: line.slice(colon + 1) };
}
/** buildx learnt `--annotation` in 0.12 (anchors-build.md); an unknown version is given the benefit. */
function buildxWrites(version) {
    const match = /^v?(\d+)\.(\d+)/.exec(version);
    if (!match)
        return true;
    const [major, minor] = [Number(match[1]), Number(match[2])];
    return major > 0 || minor >= 12;
}
function fitAnnotations(kind, version, lines) {
    const all = lines.filter(line => line.trim() !== '');
    if (all.length === 0)
        return { lines: [], dropped: [], why: '' };
    if (kind === 'buildx') {
        return buildxWrites(version)
            ? { lines: all, dropped: [], why: '' }
            : { lines: [], dropped: all, why: `buildx ${version} cannot write annotations (0.12 or later can)` };
    }
    if (kind === 'buildah') {
        const kept = [];
        const dropped = [];
        for (const line of all) {
            const { level, entry } = splitLevel(line);
            if (level === 'manifest')
                kept.push(entry);
            else
                dropped.push(line);
        }
        return { lines: kept, dropped, why: dropped.length > 0 ? 'buildah writes manifest annotations only' : '' };
    }
    return {
        lines: [],
        dropped: all,
        why: 'docker build without buildx cannot write annotations (the labels carry the same org.opencontainers.image.* values)'
    };
}

// EXTERNAL MODULE: ./src/build/build-options.ts + 1 modules
var build_options = __webpack_require__(1586);
// EXTERNAL MODULE: ./src/build/attestations.ts
var attestations = __webpack_require__(9001);
// EXTERNAL MODULE: ./src/build/outputs.ts
var build_outputs = __webpack_require__(4442);
// EXTERNAL MODULE: ./src/cache/gha.ts
var gha = __webpack_require__(576);
;// CONCATENATED MODULE: ./src/plan/engine-plan.ts
/**
 * The build plan fitted to the engine that was found (pure): what a buildx builder must be able to do, the cache
 * `cache: gha` really gets, the outputs, annotations and option flags this engine can write, and what the job log
 * says about what it could not. Facts come in as data: the engine and its builder, the runner's variables.
 */





/** What the plan asks of a buildx builder. */
function builderNeeds(plan) {
    return {
        cacheExport: exportsCache(plan.cache),
        multiPlatform: plan.platforms.length > 1,
        attestations: (0,attestations/* requestedAttestation */.F1)(plan.options) !== undefined,
        imageTarball: plan.outputs.some(build_outputs/* isImageTarball */.QD)
    };
}
function exportsCache(cache) {
    if (!cache)
        return false;
    if (cache.rawTo.length > 0)
        return cache.rawTo.some(to => !/(^|,)\s*type=inline\s*(,|$)/.test(to));
    return cache.writeRef !== undefined && ['registry', 'gha', 'local'].includes(cache.mode);
}
/** The input a refused attestation is named by (`provenance`, `sbom`, `attests`), when one was asked for. */
function attestationInput(plan) {
    const input = (0,attestations/* requestedAttestation */.F1)(plan.options);
    return input ? { attestationInput: input } : {};
}
/** The gha plan as a local cache directory that @actions/cache restores before the build and saves after. */
function viaActionsCache(cache, why) {
    const entry = cache.actionsCacheFallback;
    if (!entry)
        return undefined;
    const { actionsCacheFallback: _, ...rest } = cache;
    return {
        ...rest,
        mode: 'local',
        readRefs: [entry.dir],
        writeRef: entry.noSave === undefined ? entry.dir : undefined,
        actionsCache: entry,
        reason: `${cache.reason}; GitHub's cache through @actions/cache (${why})`
    };
}
/**
 * `cache: gha` needs the runner's cache token and URL and a builder that speaks the service (buildx ≥ 0.21 /
 * BuildKit ≥ 0.20 for v2). A buildx builder without it still reaches GitHub's cache: a `type=local` cache
 * directory saved and restored with @actions/cache. Where neither can be (no token, docker without buildx,
 * buildah), the registry cache takes its place, with a warning when `gha` was asked for by name.
 */
function fitGhaCache(cache, engine, fallback, env) {
    if (cache?.mode !== 'gha' || cache.rawFrom.length + cache.rawTo.length > 0)
        return { ghaAttrs: [], warnings: [], notes: [] };
    const instead = (why) => ({
        ...(fallback ? { cache: fallback } : {}),
        ghaAttrs: [],
        ...(cache.auto ? { warnings: [], notes: [`Layer cache: ${why}`] } : { warnings: [why], notes: [] })
    });
    if (engine.kind !== 'buildx') {
        return instead(`cache: gha needs buildx with a BuildKit builder; with the ${engine.kind} engine the layer cache goes to the registry instead`);
    }
    const decision = (0,gha/* ghaCacheDecision */.pv)(env, {
        buildxVersion: engine.version,
        ...(engine.builder?.buildkitVersion ? { buildkitVersion: engine.builder.buildkitVersion } : {})
    });
    if ('fallback' in decision) {
        const why = decision.warning.replace(/; the layer cache goes to the registry instead.*/, '');
        const local = (0,gha/* actionsCacheMissing */._Z)(env) === undefined ? viaActionsCache(cache, why) : undefined;
        if (local)
            return { cache: local, ghaAttrs: [], warnings: [], notes: [] };
        return instead(decision.warning);
    }
    return { ghaAttrs: decision.attrs, warnings: [], notes: decision.notes, keepEnv: decision.env };
}
/** The build plan as this engine carries it out. A request it cannot carry out at all throws an InputError. */
function planForEngine(plan, facts) {
    const { engine } = facts;
    const gha = fitGhaCache(plan.cache, engine, facts.cacheFallback, facts.env);
    const outputs = (0,build_outputs/* planOutputs */.iS)(plan.outputs, engine.kind, plan.workspace);
    const annotations = fitAnnotations(engine.kind, engine.version, plan.annotations);
    const dropped = annotations.dropped.length > 0
        ? `Annotations not written: ${annotations.why}: ${annotations.dropped.join(', ')}`
        : '';
    const options = (0,build_options/* buildOptionArgs */.fG)(plan.options, {
        kind: engine.kind,
        ...(engine.builder ? { builder: engine.builder } : {}),
        ...(engine.kind === 'buildah' ? { buildahVersion: engine.version } : {})
    }, {
        ...facts.provenance,
        load: plan.load,
        outputs: outputs.raw,
        push: plan.push,
        ...(facts.env.BUILDX_NO_DEFAULT_ATTESTATIONS !== undefined
            ? { noDefaultAttestations: facts.env.BUILDX_NO_DEFAULT_ATTESTATIONS }
            : {})
    });
    // Only the user's own annotations are worth a warning; the computed defaults are a courtesy.
    const userDropped = dropped && plan.userAnnotations.length > 0;
    return {
        ...(gha.cache ? { cache: gha.cache } : {}),
        cacheOptions: {
            ...(engine.builder?.buildkitVersion ? { buildkitVersion: engine.builder.buildkitVersion } : {}),
            ghaAttrs: gha.ghaAttrs
        },
        optionArgs: options.args,
        annotations: annotations.lines,
        outputs: outputs.raw,
        tarballs: outputs.tarballs,
        keepEnv: gha.keepEnv ?? [],
        warnings: [...gha.warnings, ...(userDropped ? [dropped] : []), ...options.warnings],
        notes: [...gha.notes, ...(dropped && !userDropped ? [dropped] : [])]
    };
}

// EXTERNAL MODULE: ./src/build/engine.ts
var build_engine = __webpack_require__(4808);
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
/**
 * Asks the docker clients on PATH, in PATH order, and buildah what they can do, for the `requested` engine:
 * until more answers cannot change the choice (engineSettled), no docker client when buildah is asked for;
 * without `requested`, everything is asked.
 */
async function probeEngines(exec, pathEnv, requested) {
    const settled = (probe) => requested !== undefined && (0,build_engine/* engineSettled */.q0)(requested, probe);
    const [dockers, buildahs] = await Promise.all([
        requested === 'buildah' ? [] : findOnPath('docker', pathEnv),
        findOnPath('buildah', pathEnv)
    ]);
    const dockerClients = [];
    for (const command of dockers) {
        dockerClients.push(await probeDocker(exec, command));
        if (settled({ dockerClients }))
            return { dockerClients };
    }
    const buildahPath = buildahs[0];
    if (!buildahPath)
        return { dockerClients };
    const version = await exec(buildahPath, ['--version'], { allowFailure: true });
    const buildahVersion = /\d+\.\d+\.\d+/.exec(version.stdout)?.[0];
    return { dockerClients, buildah: buildahVersion ? { path: buildahPath, version: buildahVersion } : undefined };
}

// EXTERNAL MODULE: ./src/build/builder.ts + 3 modules
var builder = __webpack_require__(2416);
// EXTERNAL MODULE: ./src/build/engine-env.ts
var engine_env = __webpack_require__(2858);
// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(9310);
// EXTERNAL MODULE: ./src/registry/connect.ts
var connect = __webpack_require__(6465);
// EXTERNAL MODULE: ./src/registry/manifest-format.ts
var manifest_format = __webpack_require__(1328);
;// CONCATENATED MODULE: ./src/registry/image-config.ts

/** The index entry to take the config from: the native platform, else the first that is not an attestation. */
function pickPlatform(entries, native) {
    const real = entries.filter(e => e.platform?.os !== 'unknown' && e.platform?.architecture !== 'unknown');
    const [os, arch] = native.split('/');
    return real.find(e => e.platform?.os === os && e.platform?.architecture === arch) ?? real[0];
}
/** Follows an index to one image and returns its config digest; undefined for an artifact without one. */
async function imageConfigDigest(client, repository, ref, native) {
    const fetched = await client.getManifest(repository, ref);
    if (!(0,manifest_format/* isIndexMediaType */.$$)(fetched.mediaType))
        return fetched.parsed.config?.digest;
    const entry = pickPlatform(fetched.parsed.manifests ?? [], native);
    if (!entry)
        return undefined;
    return (await client.getManifest(repository, entry.digest)).parsed.config?.digest;
}

// EXTERNAL MODULE: ./src/build/platforms.ts
var build_platforms = __webpack_require__(9728);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(8382);
// EXTERNAL MODULE: ./src/shared/state.ts
var state = __webpack_require__(8356);
// EXTERNAL MODULE: ./src/cache/policy.ts
var policy = __webpack_require__(4798);
;// CONCATENATED MODULE: ./src/build/cache-support.ts

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

// EXTERNAL MODULE: ./src/shell/cancel.ts
var cancel = __webpack_require__(214);
// EXTERNAL MODULE: ./src/cache/args.ts
var cache_args = __webpack_require__(6245);
;// CONCATENATED MODULE: ./src/build/actions-cache.ts
/**
 * GitHub's Actions cache around the local cache directory, through @actions/cache: restored before the build
 * (the newest entry of the own scope, else of the base and default branches), saved after it under a key of
 * its own (entries are immutable). The directory is replaced, never appended to (buildx-build.ts swaps in the
 * fresh export), so an entry holds one build's cache and nothing grows from run to run.
 *
 * @actions/cache (and its Azure client) is loaded only here, when a build uses it: a dry run never does.
 */



/** Larger cache directories are not saved: GitHub keeps 10 GB per repository, shared by every branch. */
const ACTIONS_CACHE_MAX_BYTES = 2 * 1024 ** 3;
const load = async () => __webpack_require__.e(/* import() */ 329).then(__webpack_require__.bind(__webpack_require__, 5329));
/**
 * The path as @actions/cache is given it. An entry's version hashes the paths as given, so they must be the
 * same string on every runner: RUNNER_TEMP is (`/home/runner/work/_temp` on GitHub's Linux runners, one fixed
 * directory per self-hosted runner). @actions/glob refuses `..`, so no path relative to the workspace.
 */
function cachePaths(entry) {
    return [entry.dir];
}
const seconds = (since) => (performance.now() - since) / 1000;
/** Bytes under dir, 0 when it does not exist. */
async function directorySize(dir) {
    const entries = await (0,promises_.readdir)(dir, { withFileTypes: true, recursive: true }).catch(() => []);
    let total = 0;
    for (const entry of entries) {
        if (entry.isFile())
            total += (await (0,promises_.stat)(external_node_path_default().join(entry.parentPath, entry.name))).size;
    }
    return total;
}
const mb = (bytes) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
/** Restores the newest matching entry into a fresh directory; a failure is a warning and a cold build. */
async function restoreActionsCache(entry, deps) {
    const started = performance.now();
    await (0,promises_.rm)(entry.dir, { recursive: true, force: true });
    try {
        const lib = await (deps.lib ?? load)();
        const key = await lib.restoreCache(cachePaths(entry), entry.key, [...entry.restoreKeys]);
        const bytes = key ? await directorySize(entry.dir) : 0;
        deps.info(key
            ? `GitHub's cache: restored ${key} (${mb(bytes)}) in ${seconds(started).toFixed(1)} s`
            : `GitHub's cache: nothing under ${entry.restoreKeys.join(', ')}: a cold build`);
        return { ...(key ? { key } : {}), bytes, seconds: seconds(started) };
    }
    catch (error) {
        const message = (0,errors/* toMessage */.R9)(error);
        deps.warn(`GitHub's cache could not be restored (the build goes on without it): ${message}`);
        return { bytes: 0, seconds: seconds(started), error: message };
    }
}
/**
 * Saves the directory the build just exported, unless this run may not write (a notice), it exported nothing
 * or it is over the size cap. @actions/cache reports its own failures (a read-only token, a key another job
 * took) as warnings and returns -1; a cache problem never fails the build.
 */
async function saveActionsCache(entry, deps, maxBytes = ACTIONS_CACHE_MAX_BYTES) {
    const started = performance.now();
    const skip = (why, bytes = 0) => ({
        saved: false,
        key: entry.key,
        bytes,
        seconds: seconds(started),
        why
    });
    if (entry.noSave !== undefined) {
        deps.notice(`GitHub's cache not saved: ${entry.noSave}`);
        return skip(entry.noSave);
    }
    const bytes = await directorySize(entry.dir);
    if (bytes === 0)
        return skip('the build exported no cache');
    if (bytes > maxBytes) {
        const why = `the cache is ${mb(bytes)}, over the ${mb(maxBytes)} cap`;
        deps.notice(`GitHub's cache not saved: ${why}`);
        return skip(why, bytes);
    }
    try {
        const lib = await (deps.lib ?? load)();
        const id = await lib.saveCache(cachePaths(entry), entry.key);
        if (id === -1)
            return skip("GitHub's cache refused it (see the warning above)", bytes);
        deps.info(`GitHub's cache: saved ${entry.key} (${mb(bytes)}) in ${seconds(started).toFixed(1)} s`);
        return { saved: true, key: entry.key, bytes, seconds: seconds(started) };
    }
    catch (error) {
        const message = (0,errors/* toMessage */.R9)(error);
        deps.warn(`GitHub's cache could not be saved (the build itself succeeded): ${message}`);
        return skip(message, bytes);
    }
}
/** What GitHub's cache did around the build, for the summary's notes. */
function actionsCacheNotes(restored, saved) {
    const notes = [];
    if (restored) {
        notes.push(restored.key
            ? `GitHub's cache: restored \`${restored.key}\` (${mb(restored.bytes)}, ${restored.seconds.toFixed(1)} s).`
            : `GitHub's cache: nothing to restore${restored.error ? ` (${restored.error})` : ''}.`);
    }
    if (saved) {
        notes.push(saved.saved
            ? `GitHub's cache: saved \`${saved.key}\` (${mb(saved.bytes)}, ${saved.seconds.toFixed(1)} s).`
            : `GitHub's cache: not saved: ${saved.why ?? 'unknown'}.`);
    }
    return notes;
}

// EXTERNAL MODULE: ./src/cache/progress.ts
var progress = __webpack_require__(4935);
// EXTERNAL MODULE: ./src/cache/outcome.ts
var cache_outcome = __webpack_require__(8658);
// EXTERNAL MODULE: ./src/build/secrets.ts
var secrets = __webpack_require__(1517);
;// CONCATENATED MODULE: ./src/build/args.ts



/** Platform flags; an impossible request was refused before building (run-build checks platformArgs). */
function platforms(req, kind) {
    const result = (0,build_platforms/* platformArgs */.xZ)(kind, req.platforms ?? []);
    return 'args' in result ? [...result.args] : [];
}
function common(req, tagFlag, kind) {
    const args = ['--file', req.file];
    if (req.target)
        args.push('--target', req.target);
    for (const arg of req.buildArgs)
        args.push('--build-arg', arg);
    for (const label of req.labels)
        args.push('--label', label);
    for (const annotation of req.annotations ?? [])
        args.push('--annotation', annotation);
    for (const tag of req.tags)
        args.push(tagFlag, tag);
    args.push(...platforms(req, kind), ...(0,secrets/* secretArgs */.s9)(req.secrets ?? []), ...(req.optionArgs ?? []));
    if (req.noCache)
        args.push('--no-cache');
    // buildah's `--pull` alone means "if missing"; `always` is what docker's `--pull` means.
    if (req.pull)
        args.push(kind === 'buildah' ? '--pull=always' : '--pull');
    args.push('--iidfile', req.iidFile);
    return args;
}
/** Plain progress is what the job log can show and what the cache statistics are read from. */
const PLAIN_PROGRESS = '--progress=plain';
/**
 * `docker buildx build`: pushes itself and reports the pushed digest in its metadata file. With `layoutDir`
 * (a push being retried, see push-layout.ts) it writes the image there as an OCI layout instead of pushing it.
 */
function buildxBuildArgs(req, layoutDir) {
    const cache = req.cache ? (0,cache_args/* buildxCacheArgs */.wN)(req.cache, req.push, req.cacheOptions) : { args: [], tags: [] };
    const withCacheTags = { ...req, tags: [...req.tags, ...cache.tags] };
    const args = [
        'buildx',
        'build',
        PLAIN_PROGRESS,
        ...common(withCacheTags, '--tag', 'buildx'),
        '--metadata-file',
        req.metadataFile
    ];
    args.push(...cache.args);
    for (const output of req.outputs ?? [])
        args.push('--output', output);
    if (req.push)
        args.push(...(layoutDir === undefined ? ['--push'] : ['--output', ociLayoutOutput(layoutDir)]));
    if (req.load)
        args.push('--load');
    args.push(req.context);
    return args;
}
function dockerCacheArgs(options) {
    if (!options)
        return [];
    const inline = options.inline ? ['--build-arg', cache_args/* INLINE_CACHE_BUILD_ARG */.DR] : [];
    return [...inline, ...options.cacheFrom.flatMap(ref => ['--cache-from', ref])];
}
/** `docker build` on the daemon's built-in BuildKit (DOCKER_BUILDKIT=1); pushing is a separate step. */
function dockerBuildArgs(req, cache) {
    return ['build', PLAIN_PROGRESS, ...common(req, '--tag', 'docker'), ...dockerCacheArgs(cache), req.context];
}
/**
 * One intermediate stage built on its own, only to become a cache image: not the user's labels or tags (the
 * image is tagged by ID afterwards, once it is known which cache ref it belongs to).
 */
function dockerStageBuildArgs(req, stage, cache) {
    const build = { ...req, ...stage, tags: [] };
    return [
        'build',
        PLAIN_PROGRESS,
        ...common(build, '--tag', 'docker'),
        ...dockerCacheArgs(cache),
        req.context
    ];
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
        ? (0,cache_args/* buildahCacheArgs */.lM)(writeCache ? req.cache : { ...req.cache, writeRef: undefined })
        : [];
    return ['bud', '--layers', ...common(req, '--tag', 'buildah'), ...cache, req.context];
}
function buildahPushArgs(ref, digestFile) {
    return ['push', '--digestfile', digestFile, ref, `docker://${ref}`];
}
/**
 * The tags `buildx build --push` is given: only the first. A failed push of it is retried by running the
 * (cached) build again, exporting an OCI layout the registry client pushes; the client writes the other tags
 * from its digest, so that every tag names one digest.
 */
function buildxPushedTags(tags) {
    return tags.slice(0, 1);
}
/** An OCI image layout as a directory, not a tarball: what push-layout.ts reads. */
function ociLayoutOutput(dir) {
    return `type=oci,dest=${dir},tar=false`;
}
/** `buildah push` into an OCI layout: no network, what the registry client pushes on a retry. */
function buildahLayoutArgs(image, dir) {
    return ['push', image, `oci:${dir}`];
}
/** `docker tag`: a loaded image gets the tags buildx was not given. */
function dockerTagArgs(source, ref) {
    return ['tag', source, ref];
}
/**
 * `buildx imagetools create` of one index keeps its bytes, so its digest: a tag the registry client cannot
 * write, on a registry only the builder can reach. (A single manifest would be wrapped in a new index.)
 */
function imagetoolsCreateArgs(ref, source, builder) {
    return ['buildx', 'imagetools', 'create', ...(builder ? ['--builder', builder] : []), '--tag', ref, source];
}
const PUSH_DIGEST = /digest: (sha256:[a-f0-9]{64})/;
/** The manifest digest `docker push` reports ("<tag>: digest: sha256:… size: N"). */
function digestFromDockerPush(output) {
    return PUSH_DIGEST.exec(output)?.[1];
}

;// CONCATENATED MODULE: ./src/build/push-classify.ts
/**
 * Why an engine's push failed, from its own output (pure): the one line that says why (the cause), whether
 * another attempt may succeed, and the wait the registry asked for when the engine printed it.
 *
 * The engines' words (real output against a fault-injecting proxy: docker 26.1, buildx 0.13.1 on the docker
 * driver, buildah 1.28; see __tests__/build/push-classify.test.ts):
 * - `docker push`: the cause is stderr's last line, `toomanyrequests: …`, `received unexpected HTTP status:
 *   500 Internal Server Error`, `Put "http://…/manifests/1": EOF`, `denied`.
 * - `buildx build --push`: the client's last `ERROR: …` line, `failed to solve: failed to push <ref>: failed
 *   commit on ref "…": unexpected status from PUT request to …: 429 Too Many Requests`; the daemon's own push
 *   of the containerd image store fails as `ERROR: Error response from daemon: Get "http://…/v2/": EOF`.
 * - `buildah push`: `Error: pushing image "…" to "docker://…": writing manifest: …: toomanyrequests: …`.
 * Progress lines (`retrying in 4s`, BuildKit's and buildah's own retries) are never the cause.
 */

function lines(text) {
    return text
        .split(/\r?\n/)
        .map(line => line.trim())
        .filter(line => line !== '');
}
function lastMatch(all, pattern) {
    for (let i = all.length - 1; i >= 0; i--) {
        const match = pattern.exec(all[i]);
        if (match)
            return match[1] ?? match[0];
    }
    return undefined;
}
/** BuildKit's and buildx's wrappers around the reason: the caller names the ref itself. */
function stripBuildx(cause) {
    return cause.replace(/^failed to solve: /, '').replace(/^failed to push \S+: /, '');
}
/** buildah's `pushing image "<local>" to "docker://<ref>": ` wrapper. */
function stripBuildah(cause) {
    return cause.replace(/^pushing image "[^"]*" to "[^"]*": /, '');
}
/** The line that says why: what the failure message starts with. */
function pushCause(tool, result) {
    const err = lines(result.stderr);
    const all = [...err, ...lines(result.stdout)];
    const last = err[err.length - 1] ?? all[all.length - 1] ?? `exit code ${result.exitCode}`;
    if (result.timedOut)
        return last;
    switch (tool) {
        case 'docker':
            return last;
        case 'buildah':
            return stripBuildah(lastMatch(err, /^Error: (.*)$/) ?? last);
        case 'buildx':
        case 'imagetools': {
            const message = lastMatch((0,progress/* buildxMessages */.V2)(`${result.stderr}\n${result.stdout}`), /^ERROR: (.*)$/);
            return stripBuildx(message ?? last);
        }
    }
}
/** Failures another attempt cannot fix; they win over any transient pattern in the same line. */
const PERMANENT = [
    /\bdenied\b/i,
    /\bunauthorized\b/i,
    /\b401 Unauthorized\b/i,
    /\b403 Forbidden\b/i,
    /\bstatus(?: code)?:? 40[13]\b/i,
    /insufficient[_ ]scope/i,
    /authentication required/i,
    /no basic auth credentials/i,
    /\bname (?:unknown|invalid)\b/i,
    /\bmanifest invalid\b/i,
    /\btag invalid\b/i,
    /\bx509: /,
    /certificate (?:signed by unknown authority|is not valid|has expired)/i,
    /server gave HTTP response to HTTPS client/i,
    /does not exist locally|no such image|image not known/i,
    /\bno such host\b/i,
    /\bconnection refused\b/i,
    /\b(?:413|414) (?:Request Entity|Payload|URI) Too Large\b/i
];
/** 501 Not Implemented and 505 HTTP Version Not Supported say the server never will. */
const SERVER_ERROR = /\b5(?!0[15]\b)\d\d\b/;
const TRANSIENT = [
    // 429
    /toomanyrequests|too many requests|\b429\b/i,
    // 5xx, as each engine words it
    new RegExp(`(?:HTTP status|status code(?: from registry)?|unexpected status(?: from \\S+ request to \\S+)?)\\W+${SERVER_ERROR.source}`, 'i'),
    /\b5\d\d\s*\(?(?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i,
    /(?:^|: )unavailable: /i,
    // the connection dropped
    /\bEOF\b/,
    /connection reset/i,
    /broken pipe/i,
    /use of closed network connection/i,
    /server closed idle connection/i,
    /connection (?:was )?(?:aborted|closed by peer)/i,
    /\bGOAWAY\b/,
    // timeouts
    /i\/o timeout/i,
    /TLS handshake timeout/i,
    /timeout awaiting response headers/i,
    /Client\.Timeout exceeded/i,
    /deadline exceeded/i,
    /\btimed out\b/i,
    // DNS that may answer next time
    /temporary failure in name resolution/i,
    /server misbehaving/i,
    /lookup \S+(?: on \S+)?: try again/i
];
/**
 * A wait in the words of a registry's 429 as the engine prints it: `Retry-After: 30`, `retry after 5s`,
 * `retry-after: 147.663µs` (a Go duration, as GHCR words it), `retry-after: 38.000000`. Seconds when no unit.
 */
const RETRY_AFTER = /retry[- _]after["']?\s*[:=]?\s*((?:\d+(?:\.\d+)?(?:ns|us|µs|μs|ms|s|m|h)(?![a-z]))+|\d+(?:\.\d+)?)/i;
const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/gi;
const UNIT_MS = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000
};
/** The wait asked for in `text`, in whole milliseconds (rounded up); undefined when it names none. */
function retryAfterMs(text) {
    const match = RETRY_AFTER.exec(text);
    if (!match)
        return undefined;
    const value = match[1];
    if (/^\d+(?:\.\d+)?$/.test(value))
        return Math.ceil(Number(value) * 1000);
    let ms = 0;
    for (const part of value.matchAll(DURATION_PART)) {
        ms += Number(part[1]) * (UNIT_MS[part[2].toLowerCase()] ?? 1000);
    }
    return Math.ceil(ms);
}
/** Whether `cause` is worth another attempt. */
function isTransientCause(cause) {
    if (PERMANENT.some(pattern => pattern.test(cause)))
        return false;
    return TRANSIENT.some(pattern => pattern.test(cause));
}
/** Vertices whose failure is the push's: BuildKit's image export (which pushes) and the daemon's own push. */
const PUSH_VERTEX = /^(?:exporting to image|pushing \S+ with docker)/;
/**
 * Whether a failed `buildx build --push` failed in its push, not in the build: the cause says `failed to
 * push`, or the vertices that failed are the export or the daemon's push, or none failed and the last one is.
 * A RUN step that failed on a 503 of its own is the build's failure and is never retried.
 */
function buildxFailedInPush(result) {
    const text = `${result.stderr}\n${result.stdout}`;
    const messages = (0,progress/* buildxMessages */.V2)(text).filter(line => line.startsWith('ERROR:'));
    if (messages.some(line => /failed to push /.test(line)))
        return true;
    const vertices = (0,progress/* parseBuildkitProgress */.Lo)(text);
    const failed = vertices.filter(v => v.error !== undefined);
    if (failed.length > 0)
        return failed.every(v => PUSH_VERTEX.test(v.name));
    // No vertex failed: the error came after the last one (the daemon's push ends with its manifest, after
    // its vertex is done) or cut it short.
    const last = vertices[vertices.length - 1];
    return last !== undefined && PUSH_VERTEX.test(last.name);
}
/** The verdict on one failed attempt. A timed-out attempt is always worth another. */
function classifyPush(tool, result) {
    const cause = pushCause(tool, result);
    const wait = retryAfterMs(cause);
    const retryAfter = wait === undefined ? {} : { retryAfterMs: wait };
    if (result.timedOut)
        return { transient: true, cause };
    if (tool === 'buildx' && !buildxFailedInPush(result))
        return { transient: false, cause };
    return { transient: isTransientCause(cause), cause, ...retryAfter };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: ./src/registry/errors.ts
var registry_errors = __webpack_require__(6764);
// EXTERNAL MODULE: ./src/registry/retry.ts + 2 modules
var retry = __webpack_require__(6018);
;// CONCATENATED MODULE: ./src/build/push-layout.ts
/**
 * A push the engine could not finish, finished by the registry client: the engine writes the image as an OCI
 * image layout on disk (no network: `buildx build --output type=oci,tar=false`, `buildah push oci:`), and the
 * client pushes it, each request retried on its own. An engine push is all or nothing per attempt (`buildx`
 * makes some thirty requests and retries few), so a retry through the client is what gets through a bad day.
 */









/** Blobs up to this size are read whole, so the client can retry their one PUT; larger ones are streamed. */
const IN_MEMORY = 16 * 1024 * 1024;
/** Fresh upload sessions per blob, when the registry dropped one (distribution 2.8 after a retried chunk). */
const BLOB_ATTEMPTS = 3;
const CONCURRENCY = 4;
function uploadSessionLost(error) {
    return error instanceof registry_errors/* RegistryError */.gl && error.status === 404 && /^BLOB_UPLOAD_/.test(error.code ?? '');
}
/** `blobs/<algorithm>/<hex>` of a layout, for a well-formed digest only (never a path out of it). */
function blobPath(dir, digest) {
    if (!(0,reference/* isValidDigest */.fH)(digest))
        throw new Error(`the OCI layout ${dir} names an invalid digest ${digest}`);
    const [algorithm, hex] = digest.split(':');
    return external_node_path_default().join(dir, 'blobs', algorithm, hex);
}
/**
 * Pushes the one image of the OCI layout in `dir` to `ref` (a tag): blobs the repository lacks, then each
 * manifest by digest, children before their index, then the top one under the tag. Returns its digest.
 */
async function pushLayout(dir, ref, connect, limit = (0,retry/* createLimiter */.zm)(CONCURRENCY)) {
    const index = JSON.parse(await (0,promises_.readFile)(external_node_path_default().join(dir, 'index.json'), 'utf8'));
    const top = index.manifests?.[0];
    if (!top || index.manifests?.length !== 1) {
        throw new Error(`the OCI layout ${dir} holds ${index.manifests?.length ?? 0} images, not one`);
    }
    const target = (0,reference/* parseReference */.F2)(ref);
    const client = await connect(target.registry);
    const repository = target.repository;
    const blobs = new Map();
    const manifests = new Map();
    const upload = async (blob) => {
        if (await client.headBlob(repository, blob.digest))
            return;
        const file = blobPath(dir, blob.digest);
        const small = (await (0,promises_.stat)(file)).size <= IN_MEMORY;
        for (let attempt = 1;; attempt++) {
            try {
                const source = small
                    ? new Uint8Array(await (0,promises_.readFile)(file))
                    : { stream: (0,external_node_fs_.createReadStream)(file), digest: blob.digest };
                await client.uploadBlob(repository, source, { expectDigest: blob.digest });
                return;
            }
            catch (error) {
                if (attempt >= BLOB_ATTEMPTS || !uploadSessionLost(error))
                    throw error;
            }
        }
    };
    const putBlob = (blob) => {
        let pending = blobs.get(blob.digest);
        if (!pending)
            blobs.set(blob.digest, (pending = limit(() => upload(blob))));
        return pending;
    };
    const putManifest = async (descriptor, tag) => {
        const bytes = await (0,promises_.readFile)(blobPath(dir, descriptor.digest));
        const parsed = (0,manifest_format/* parseManifest */.Ng)(bytes);
        const mediaType = descriptor.mediaType || parsed.mediaType || '';
        if ((0,manifest_format/* isIndexMediaType */.$$)(mediaType) || parsed.manifests) {
            await Promise.all((parsed.manifests ?? []).map(child => putChild(child)));
        }
        await Promise.all([...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])].map(putBlob));
        await limit(() => client.putManifest(repository, tag ?? descriptor.digest, bytes, mediaType));
    };
    const putChild = (child) => {
        let pending = manifests.get(child.digest);
        if (!pending)
            manifests.set(child.digest, (pending = putManifest(child)));
        return pending;
    };
    await putManifest(top, target.tag ?? 'latest');
    return { digest: top.digest, mediaType: top.mediaType };
}
/**
 * Whether another attempt through the client may help after it gave up (it retried each request already): a
 * registry that kept answering 429 or 5xx, yes; one the client could not reach at all, no, as the engine did
 * reach it (through a proxy Node does not use, say): the engine then pushes again itself.
 */
function clientVerdict(error) {
    const cause = `registry client: ${(0,errors/* toMessage */.R9)(error)}`;
    if (error instanceof registry_errors/* RegistryNetworkError */.sY)
        return { transient: false, cause };
    if (error instanceof registry_errors/* RegistryError */.gl) {
        return { transient: error.status !== undefined && (0,retry/* isRetryableStatus */.PS)(error.status), cause };
    }
    return { transient: false, cause };
}
/**
 * One attempt through a layout: `exportTo(dir)` writes it (an engine command; its failure is that attempt's
 * result), then the client pushes it to `ref`. The layout is removed either way.
 */
async function layoutAttempt(exportTo, ref, connect, log, tempDir = external_node_os_default().tmpdir()) {
    const dir = await (0,promises_.mkdtemp)(external_node_path_default().join(tempDir, 'push-layout-'));
    try {
        const exported = await exportTo(external_node_path_default().join(dir, 'oci'));
        if (exported.exitCode !== 0)
            return exported;
        try {
            const { digest } = await pushLayout(external_node_path_default().join(dir, 'oci'), ref, connect);
            log(`Pushed ${ref} (${digest}) from the engine's OCI layout with the registry client`);
            return { ...exported, digest };
        }
        catch (error) {
            const verdict = clientVerdict(error);
            return { exitCode: 1, stdout: exported.stdout, stderr: `${verdict.cause}\n`, verdict };
        }
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/build/push-retry.ts
/**
 * Retrying an engine's push (the schedule and the failure message are pure; the loop takes its clock): a
 * transient failure (429, 5xx, a dropped connection, a timeout) is tried again after a growing wait, or after
 * the wait the registry asked for when the engine printed it, until the attempts or the time run out.
 */


/**
 * Ten attempts, at most three minutes of waiting: an engine's push is all or nothing per attempt, and at one
 * request in five failing (the issue's test) fewer than a third of `docker push` attempts get through. Engines
 * that can write an OCI layout go through the registry client from the second attempt on (push-layout.ts),
 * docker from the fourth; those rarely need a third.
 */
const PUSH_RETRY_POLICY = {
    maxAttempts: 10,
    maxElapsedMs: 20 * 60_000,
    baseDelayMs: 2_000,
    maxDelayMs: 30_000,
    attemptTimeoutMs: 10 * 60_000
};
/**
 * "Equal jitter": between half and all of min(max, base·2^(attempt-1)). Never close to zero, unlike full
 * jitter: an engine does not say how long a 429 wants, and an immediate retry would meet the same limit.
 */
function pushBackoff(attempt, policy, random) {
    const ceiling = (0,retry/* backoffCeiling */.ml)(attempt, policy);
    return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}
/**
 * The wait before attempt `attempt + 1`, or undefined to give up: the failure is not transient, the attempts
 * are used up, or the wait would end past the time budget (`elapsedMs` since the first attempt ended). A wait
 * the registry asked for is kept as it is, within the budget.
 */
function pushRetryDelay(attempt, verdict, elapsedMs, policy, random) {
    if (!verdict.transient || attempt >= policy.maxAttempts)
        return undefined;
    const delay = verdict.retryAfterMs ?? pushBackoff(attempt, policy, random);
    return elapsedMs + delay > policy.maxElapsedMs ? undefined : delay;
}
/**
 * Runs `attempt(n, timeoutMs)` until it succeeds or `classify` and the policy say stop. `timeoutMs` is the
 * policy's limit for one attempt, for the caller to hand to exec.
 */
async function retryPush(attempt, classify, options) {
    const policy = options.policy ?? PUSH_RETRY_POLICY;
    const clock = options.clock ?? retry/* systemClock */.VZ;
    let firstEnded;
    for (let n = 1;; n++) {
        let result;
        try {
            result = await attempt(n, policy.attemptTimeoutMs);
        }
        catch (error) {
            // A cancelled run ends the push here, so the failure message still says which tags made it.
            if (!(error instanceof cancel/* CancelledError */.cc))
                throw error;
            const { stdout = '', stderr = '' } = error.output ?? {};
            const stopped = { exitCode: 130, stdout, stderr };
            return { ok: false, result: stopped, attempts: n, verdict: { transient: false, cause: error.message } };
        }
        if (result.exitCode === 0)
            return { ok: true, result, attempts: n };
        const verdict = classify(result);
        firstEnded ??= clock.now();
        const delay = pushRetryDelay(n, verdict, clock.now() - firstEnded, policy, () => clock.random());
        if (delay === undefined)
            return { ok: false, result, attempts: n, verdict };
        options.log?.(`${options.what}: attempt ${n} of ${policy.maxAttempts} failed (${verdict.cause}); ` +
            `trying again in ${(delay / 1000).toFixed(1)} s`);
        try {
            await clock.sleep(delay);
        }
        catch (error) {
            if (!(error instanceof cancel/* CancelledError */.cc))
                throw error;
            return { ok: false, result, attempts: n, verdict: { transient: false, cause: error.message } };
        }
    }
}
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}
/**
 * Cause first, then which tags made it and which did not, then the command:
 *
 *     push of r.io/app:2 failed after 5 attempts: toomanyrequests: slow down
 *     pushed: r.io/app:1@sha256:…; not pushed: r.io/app:2 (failed), r.io/app:3 (not tried)
 *     command: /usr/bin/docker push r.io/app:2 (exit code 1)
 */
function pushFailureMessage(facts) {
    const after = facts.attempts === undefined ? '' : ` after ${plural(facts.attempts, 'attempt')}`;
    const made = new Set(facts.pushed.map(p => p.ref));
    const pushed = facts.pushed.map(p => `${p.ref}@${p.digest}`).join(', ') || 'none';
    // The failed one may hold what its last attempt wrote (a manifest PUT whose answer was lost); the rest were
    // never tried.
    const missing = facts.tags
        .filter(tag => !made.has(tag))
        .map(tag => `${tag} (${tag === facts.ref ? 'failed' : 'not tried'})`)
        .join(', ') || 'none';
    const out = [
        `push of ${facts.ref} failed${after}: ${facts.cause}`,
        `pushed: ${pushed}; not pushed: ${missing}`
    ];
    if (facts.command !== undefined) {
        out.push(`command: ${facts.command}${facts.exitCode === undefined ? '' : ` (exit code ${facts.exitCode})`}`);
    }
    if (facts.detail)
        out.push(facts.detail.trimEnd());
    return out.join('\n');
}
/** A push that failed for good; `pushed` says which tags made it (all at one digest). */
class PushError extends Error {
    ref;
    pushed;
    notPushed;
    constructor(facts) {
        super(pushFailureMessage(facts));
        this.name = 'PushError';
        this.ref = facts.ref;
        this.pushed = facts.pushed;
        const made = new Set(facts.pushed.map(p => p.ref));
        this.notPushed = facts.tags.filter(tag => !made.has(tag));
    }
}

// EXTERNAL MODULE: ./src/registry/attached-tags.ts
var attached_tags = __webpack_require__(897);
;// CONCATENATED MODULE: ./src/registry/copy-image.ts




const COSIGN_STAT = { sig: 'cosignSig', att: 'cosignAtt', sbom: 'cosignSbom' };
const COSIGN_WHAT = {
    sig: 'signature',
    att: 'attestation',
    sbom: 'SBOM'
};
/** A signature, attestation or other referrer that could not be copied; the message names it and both ends. */
class AttachmentCopyError extends registry_errors/* RegistryError */.gl {
    name = 'AttachmentCopyError';
}
const endpointName = (endpoint) => `${endpoint.client.registry}/${endpoint.repository}`;
/** Transfers of one blob, from a fresh download into a fresh upload session. */
const copy_image_BLOB_ATTEMPTS = 3;
/**
 * The upload session was lost mid-way (distribution 2.8 cancels it when a retried chunk had already landed):
 * the client cannot go on with it, but the blob can be fetched again into a new one.
 */
function copy_image_uploadSessionLost(error) {
    return error instanceof registry_errors/* RegistryError */.gl && error.status === 404 && /^BLOB_UPLOAD_/.test(error.code ?? '');
}
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
        referrersApi: 0,
        referrersTagSchema: 0,
        cosignSig: 0,
        cosignAtt: 0,
        cosignSbom: 0,
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
            for (let attempt = 1;; attempt++) {
                try {
                    return await this.transferBlob(blob);
                }
                catch (error) {
                    if (attempt >= copy_image_BLOB_ATTEMPTS || !copy_image_uploadSessionLost(error))
                        throw error;
                }
            }
        });
    }
    async transferBlob(blob) {
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
    }
    /**
     * Everything a manifest needs in the destination, then the manifest itself under `refs` (its digest by
     * default), then what is attached to it: its referrers and, for an image, cosign's tags.
     */
    async copyTree(manifest, role, refs = [manifest.digest]) {
        const { parsed } = manifest;
        if ((0,manifest_format/* isIndexMediaType */.$$)(manifest.mediaType) || parsed.manifests) {
            await Promise.all((parsed.manifests ?? []).map(child => this.copyByDigest(child.digest, role)));
        }
        const blobs = [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])];
        await Promise.all(blobs.map(blob => this.copyBlob(blob)));
        for (const ref of refs) {
            await this.limit(() => this.dst.client.putManifest(this.dst.repository, ref, manifest.bytes, manifest.mediaType));
        }
        this.stats.manifests++;
        // One after the other: a referrer and a cosign manifest with the same subject would both rewrite its
        // `sha256-<hex>` index on a target without the referrers API, and concurrent rewrites lose entries.
        await this.copyReferrers(manifest.digest);
        if (role === 'image')
            await this.copyCosignTags(manifest.digest);
    }
    copyByDigest(digest, role) {
        let pending = this.copied.get(digest);
        if (!pending) {
            pending = this.limit(() => this.src.client.getManifest(this.src.repository, digest)).then(m => this.copyTree(m, role));
            this.copied.set(digest, pending);
        }
        return pending;
    }
    /** Runs one step of copying an attachment; a failure becomes an AttachmentCopyError naming `what`. */
    async attachment(what, step) {
        try {
            return await step();
        }
        catch (error) {
            if (error instanceof AttachmentCopyError)
                throw error;
            const registryError = error instanceof registry_errors/* RegistryError */.gl ? error : undefined;
            throw new AttachmentCopyError({
                host: registryError?.host ?? this.dst.client.registry,
                repository: registryError?.repository ?? this.dst.repository,
                ...(registryError?.status === undefined ? {} : { status: registryError.status }),
                ...(registryError?.code === undefined ? {} : { code: registryError.code })
            }, `could not copy ${what} from ${endpointName(this.src)} to ${endpointName(this.dst)}: ${(0,errors/* toMessage */.R9)(error)}`, { cause: error });
        }
    }
    /**
     * Signatures, SBOMs and attestations travel with their subject: the manifests the source lists as its
     * referrers, from the referrers API or the `sha256-<hex>` fallback index. Pushing them is enough: on a
     * target without the API the client adds each to the subject's fallback index there (merging with what the
     * target already lists), and one at a time, since each push rewrites that index.
     */
    async copyReferrers(subject) {
        const { descriptors, source } = await this.attachment(`the referrers of ${subject}`, () => this.limit(() => this.src.client.referrers(this.src.repository, subject)));
        for (const referrer of descriptors) {
            const kind = referrer.artifactType === undefined ? '' : ` (${referrer.artifactType})`;
            await this.attachment(`referrer ${referrer.digest}${kind} of ${subject}`, () => this.copyByDigest(referrer.digest, 'artifact'));
            this.stats.referrers++;
            if (source === 'api')
                this.stats.referrersApi++;
            else
                this.stats.referrersTagSchema++;
        }
    }
    /**
     * cosign's legacy tags (`sha256-<hex>.sig`, `.att`, `.sbom`): manifests without a `subject`, found only
     * by name, copied under the same name (a copy keeps the digest, so the name stays true). One HEAD each;
     * an absent tag is simply not there.
     */
    async copyCosignTags(digest) {
        const found = await Promise.all(attached_tags/* COSIGN_SUFFIXES */.gG.map(async (suffix) => {
            const tag = (0,attached_tags/* cosignTag */.qv)(digest, suffix);
            if (tag === undefined)
                return undefined;
            const head = await this.attachment(`the cosign ${COSIGN_WHAT[suffix]} tag ${tag}`, () => this.limit(() => this.src.client.headManifest(this.src.repository, tag)));
            return head && { suffix, tag };
        }));
        for (const entry of found) {
            if (entry === undefined)
                continue;
            await this.attachment(`the cosign ${COSIGN_WHAT[entry.suffix]} tag ${entry.tag}`, async () => {
                const manifest = await this.limit(() => this.src.client.getManifest(this.src.repository, entry.tag));
                await this.copyTree(manifest, 'artifact', [entry.tag]);
            });
            this.stats[COSIGN_STAT[entry.suffix]]++;
        }
    }
}
/**
 * Copies `ref` (a tag or digest in `src`) to every tag in `tags` of `dst`; returns the top manifest's digest.
 * The tags are written last, once the image and everything attached to it is in `dst`: a copy that fails
 * half-way leaves no tag on an image without its signatures.
 */
async function copyImage(src, ref, dst, tags, limit) {
    const copier = new ImageCopier(src, dst, limit);
    const top = await limit(() => src.client.getManifest(src.repository, ref));
    if (copier.sameRepository) {
        // Children, blobs, referrers and cosign tags are already there: retagging is a manifest PUT per tag.
        for (const tag of tags.length > 0 ? tags : [top.digest])
            await limit(() => dst.client.putManifest(dst.repository, tag, top.bytes, top.mediaType));
        copier.stats.manifests++;
    }
    else {
        try {
            await copier.copyTree(top, 'image');
        }
        catch (error) {
            if (!(error instanceof AttachmentCopyError) || tags.length === 0)
                throw error;
            throw new AttachmentCopyError({
                host: error.host,
                ...(error.repository === undefined ? {} : { repository: error.repository }),
                ...(error.status === undefined ? {} : { status: error.status }),
                ...(error.code === undefined ? {} : { code: error.code })
            }, `${error.message}; so ${endpointName(dst)} was not tagged ${tags.join(', ')}`, { cause: error });
        }
        for (const tag of tags) {
            await limit(() => dst.client.putManifest(dst.repository, tag, top.bytes, top.mediaType));
        }
    }
    return { digest: top.digest, mediaType: top.mediaType, stats: copier.stats };
}

;// CONCATENATED MODULE: ./src/build/push-tags.ts
/**
 * Pushing every tag of one build so that all of them name one digest: the engine pushes the first tag, retried
 * (push-retry.ts; later attempts through the engine's OCI layout and the registry client, push-layout.ts), then
 * the action's registry client writes every other tag from that digest, as promote-from does (same repository:
 * a manifest PUT; another repository: blob mounts; another registry: a streamed copy), with the client's own
 * retries. Where the client cannot reach a registry the engine can (a proxy, a credential only the engine has),
 * the engine pushes instead, and must land on the same digest.
 */







const DETAIL_LINES = 15;
/** The last lines of an attempt's output, for the failure message after the cause. */
function outputTail(result) {
    const text = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-DETAIL_LINES);
    return text.length > 0 && text[0] !== '' ? `output:\n${text.map(line => `  ${line}`).join('\n')}` : '';
}
/** Pushes `ref` with the engine, retrying transient failures (through a layout and the client, when it can). */
async function enginePush(ref, push, deps) {
    const args = push.args(ref);
    const { layout } = push;
    const { connect } = deps;
    let viaLayout = layout !== undefined && connect !== undefined;
    const outcome = await retryPush(async (n, timeoutMs) => {
        if (n >= (push.layoutFrom ?? 2) && layout && connect && viaLayout) {
            const result = await layoutAttempt(dir => layout(ref, dir, timeoutMs), ref, connect, deps.log, deps.tempDir);
            const verdict = result.exitCode === 0 ? undefined : (result.verdict ?? classifyPush(push.tool, result));
            if (!verdict || verdict.transient)
                return result;
            // The layout cannot be written, or the client cannot push here (credentials only the engine has, a
            // proxy): the engine keeps trying itself.
            viaLayout = false;
            deps.log(`${ref}: no push through the registry client (${verdict.cause}); the engine pushes again`);
        }
        return deps.exec(push.command, args, {
            env: deps.env,
            stream: true,
            allowFailure: true,
            ...(timeoutMs === undefined ? {} : { timeoutMs })
        });
    }, result => result.verdict ?? classifyPush(push.tool, result), {
        what: `push of ${ref}`,
        log: deps.log,
        ...(deps.policy ? { policy: deps.policy } : {}),
        ...(deps.clock ? { clock: deps.clock } : {})
    });
    const command = [push.command, ...args].join(' ');
    if (outcome.ok) {
        const { result, attempts } = outcome;
        const digest = result.digest ?? (push.digest ? await push.digest(ref, result) : undefined);
        if (digest || !push.digest)
            return { ok: true, attempts, result, ...(digest ? { digest } : {}) };
        return {
            ok: false,
            attempts,
            cause: `${push.tool} did not report the pushed digest`,
            command,
            exitCode: 0,
            detail: outputTail(result)
        };
    }
    return {
        ok: false,
        attempts: outcome.attempts,
        cause: outcome.verdict?.cause ?? `exit code ${outcome.result.exitCode}`,
        command,
        exitCode: outcome.result.exitCode,
        detail: outputTail(outcome.result)
    };
}
/** The engine's push of the first tag, or a PushError saying no tag made it. */
async function pushFirstTag(tags, push, deps) {
    const ref = tags[0];
    if (ref === undefined)
        throw new Error('nothing to push: no tags');
    const outcome = await enginePush(ref, push, deps);
    if (!outcome.ok)
        throw new PushError({ ...outcome, ref, tags, pushed: [] });
    if (outcome.digest === undefined)
        throw new Error(`${push.tool} push of ${ref} did not report a digest`);
    return { ref, digest: outcome.digest };
}
const push_tags_CONCURRENCY = 8;
function repositoryKey(ref) {
    return `${ref.registry}/${ref.repository}`;
}
/**
 * Writes every tag after the first from the first's digest, in order; stops at the first tag that cannot be
 * written, with a PushError naming the tags that made it. Returns every tag with its digest.
 */
async function writeOtherTags(first, tags, deps) {
    const pushed = [first];
    const limit = (0,retry/* createLimiter */.zm)(push_tags_CONCURRENCY);
    const clients = new Map();
    const client = (registry) => {
        let found = clients.get(registry);
        if (!found)
            clients.set(registry, (found = deps.connect(registry)));
        return found;
    };
    const copies = new Map();
    const source = (0,reference/* parseReference */.F2)(first.ref);
    const endpoint = async (ref) => ({
        client: await client(ref.registry),
        repository: ref.repository
    });
    /** The image in the target's repository (copied there once), then the tag on it. */
    const viaClient = async (ref) => {
        const target = (0,reference/* parseReference */.F2)(ref);
        const dst = await endpoint(target);
        const key = repositoryKey(target);
        if (key !== repositoryKey(source)) {
            let copy = copies.get(key);
            if (!copy)
                copies.set(key, (copy = copyImage(await endpoint(source), first.digest, dst, [], limit)));
            await copy;
        }
        const result = await copyImage(dst, first.digest, dst, [target.tag ?? 'latest'], limit);
        return result.digest;
    };
    for (const ref of tags) {
        if (pushed.some(p => p.ref === ref))
            continue;
        let clientError;
        try {
            const digest = await viaClient(ref);
            deps.log(`Tagged ${ref} (${digest}) from ${first.ref} with the registry client`);
            pushed.push({ ref, digest });
            continue;
        }
        catch (error) {
            clientError = error;
        }
        const why = (0,errors/* toMessage */.R9)(clientError);
        if (!deps.fallback)
            throw new PushError({ ref, cause: why, tags, pushed });
        deps.log(`The registry client could not write ${ref} (${why}); pushing it with the engine instead`);
        const outcome = await deps.fallback(ref);
        if (!outcome.ok) {
            throw new PushError({
                ...outcome,
                ref,
                tags,
                pushed,
                detail: [`registry client: ${why}`, outcome.detail].filter(Boolean).join('\n')
            });
        }
        if (outcome.digest === undefined)
            throw new Error(`the engine's push of ${ref} did not report a digest`);
        if (outcome.digest !== first.digest) {
            throw new PushError({
                ref,
                attempts: outcome.attempts,
                cause: `the engine pushed it as ${outcome.digest}, not ${first.digest} like ${first.ref} (the registry client could not copy it: ${why})`,
                tags,
                pushed
            });
        }
        pushed.push({ ref, digest: outcome.digest });
    }
    return pushed;
}

;// CONCATENATED MODULE: ./src/build/push-credentials.ts
/**
 * The credentials the engine itself pushes with, for the registry client that writes the other tags: the
 * engine's auth file (the step's private DOCKER_CONFIG after a login, or the user's own after
 * docker/login-action), with its credential helpers, as docker and containers/image look them up.
 */




const HUB_KEYS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** A key as written in an auth file (`https://index.docker.io/v1/`, `http://r:5000/x`, `ghcr.io`) as a registry name. */
function authKeyRegistry(key) {
    const host = key
        .replace(/^[a-z]+:\/\//i, '')
        .replace(/\/.*$/, '')
        .toLowerCase();
    return HUB_KEYS.has(host) ? reference/* DOCKER_HUB */.Xb : host;
}
/** What docker's credential helpers are asked with: Docker Hub's historical URL, else the host. */
function helperServerUrl(registry) {
    return registry === reference/* DOCKER_HUB */.Xb ? 'https://index.docker.io/v1/' : registry;
}
function entryFor(record, registry) {
    const key = Object.keys(record ?? {}).find(k => authKeyRegistry(k) === registry);
    return key === undefined ? undefined : record?.[key];
}
function basic(entry) {
    if (!entry || entry.identitytoken)
        return undefined;
    if (entry.username && entry.password)
        return { username: entry.username, password: entry.password };
    if (!entry.auth)
        return undefined;
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0)
        return undefined;
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
/**
 * docker's order: a registry's own credential helper, then the global credential store, then `auths`.
 * Identity tokens (OAuth refresh tokens) are not something the client can use: no credentials, then.
 */
function lookupAuth(config, registry) {
    const helper = entryFor(config.credHelpers, registry) ?? config.credsStore;
    if (helper)
        return { kind: 'helper', helper };
    const credentials = basic(entryFor(config.auths, registry));
    return credentials && { kind: 'basic', credentials };
}
/** The auth files the engine reads, in its order of precedence. */
function authFiles(kind, env) {
    const home = env.HOME || external_node_os_default().homedir();
    const docker = external_node_path_default().join(env.DOCKER_CONFIG || external_node_path_default().join(home, '.docker'), 'config.json');
    if (kind !== 'buildah')
        return [docker];
    const files = [
        env.REGISTRY_AUTH_FILE,
        env.XDG_RUNTIME_DIR && external_node_path_default().join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'),
        external_node_path_default().join(env.XDG_CONFIG_HOME || external_node_path_default().join(home, '.config'), 'containers', 'auth.json'),
        docker
    ];
    return [...new Set(files.filter((f) => Boolean(f)))];
}
async function readConfig(file) {
    try {
        const parsed = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
        return parsed && typeof parsed === 'object' ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/** `docker-credential-<helper> get`: `{"Username", "Secret"}`; `<token>` as the user is an identity token. */
async function fromHelper(helper, registry, exec, env) {
    const out = await exec(`docker-credential-${helper}`, ['get'], {
        input: helperServerUrl(registry),
        env,
        allowFailure: true
    });
    if (out.exitCode !== 0)
        return undefined;
    try {
        const { Username, Secret } = JSON.parse(out.stdout);
        if (typeof Username !== 'string' || typeof Secret !== 'string' || Username === '<token>')
            return undefined;
        return Username && Secret ? { username: Username, password: Secret } : undefined;
    }
    catch {
        return undefined;
    }
}
/** The engine's credentials, looked up once per registry. */
function engineCredentials(kind, env, exec) {
    const found = new Map();
    const lookup = async (registry) => {
        for (const file of authFiles(kind, env)) {
            const config = await readConfig(file);
            const auth = config && lookupAuth(config, registry);
            if (!auth)
                continue;
            return auth.kind === 'basic' ? auth.credentials : fromHelper(auth.helper, registry, exec, env);
        }
        return undefined;
    };
    return {
        get: registry => {
            let result = found.get(registry);
            if (!result)
                found.set(registry, (result = lookup(registry)));
            return result;
        }
    };
}

;// CONCATENATED MODULE: ./src/build/build-shell.ts
/** What every engine's build runner shares (shell): the build's deps and result, pushing every tag, finishing. */








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
const build_shell_seconds = (since) => (performance.now() - since) / 1000;
function baseReport(req, shell) {
    const plan = req.cache ?? policy/* NO_CACHE */.DQ;
    return { mode: plan.mode, reason: plan.reason, warnings: shell.warnings };
}
/** The step's login first, then what the engine itself would push with. */
function defaultConnect(engine, deps) {
    const own = engineCredentials(engine.kind, deps.env, deps.exec);
    const credentials = {
        get: async (registry) => (await deps.credentials?.get(registry)) ?? (await own.get(registry))
    };
    return registry => (0,connect/* connectRegistry */.g)({ registry, credentials });
}
/** What pushes need: the registry client (engine credentials), the retry policy, the step's temp dir. */
function pushDeps(engine, req, shell) {
    return {
        exec: shell.exec,
        env: shell.env,
        log: shell.info ?? (message => actions_runner/* info */.pq(message)),
        connect: shell.connect ?? defaultConnect(engine, shell),
        tempDir: external_node_path_default().dirname(req.iidFile),
        ...(shell.pushPolicy ? { policy: shell.pushPolicy } : {}),
        ...(shell.clock ? { clock: shell.clock } : {})
    };
}
function tagDeps(deps, fallback) {
    return {
        connect: deps.connect ?? (registry => (0,connect/* connectRegistry */.g)({ registry })),
        log: deps.log,
        ...(fallback ? { fallback } : {})
    };
}
/** Engine push of the first tag, then the other tags from its digest (the engine again where the client cannot). */
async function pushEveryTag(engine, req, shell, push) {
    if (!req.push || req.tags.length === 0)
        return [];
    const deps = pushDeps(engine, req, shell);
    const first = await pushFirstTag(req.tags, push, deps);
    // The engine's push of a tag the client could not write: the client cannot reach that registry.
    const fallback = (ref) => enginePush(ref, push, { ...deps, connect: undefined });
    return writeOtherTags(first, req.tags, tagDeps(deps, fallback));
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

;// CONCATENATED MODULE: ./src/build/buildx-build.ts
/** The build on buildx (shell): the cache, the push (through the registry client or buildx), the other tags. */





















async function exists(file) {
    return (0,promises_.access)(file).then(() => true, () => false);
}
/**
 * buildx appends to a local cache directory forever, so it writes a fresh one next to it, which replaces
 * the old one once the build is done (when the export did happen: it may fail without failing the build).
 */
async function swapLocalCache(dir) {
    const staging = (0,cache_args/* localCacheStaging */.T4)(dir);
    if (!(await exists(external_node_path_default().join(staging, 'index.json'))))
        return;
    await (0,promises_.rm)(dir, { recursive: true, force: true });
    await (0,promises_.rename)(staging, dir);
}
function buildxCache(req, plan) {
    return (0,cache_args/* buildxCacheArgs */.wN)(plan, req.push, req.cacheOptions);
}
/**
 * Whether the builder can write an OCI layout: not the docker driver on the classic image store (the one
 * that cannot export cache either).
 */
function writesLayout(engine) {
    return !(engine.builder?.driver === 'docker' && !engine.builder.cacheExport);
}
const LAYOUT_UNSUPPORTED = /OCI exporter is not supported/;
function buildxRequest(req, plan) {
    return { ...req, cache: plan, tags: req.push ? buildxPushedTags(req.tags) : req.tags };
}
/** The pushed manifest's media type, from buildx's metadata (`containerimage.descriptor`). */
function pushedMediaType(metadata) {
    const descriptor = metadata['containerimage.descriptor'];
    if (!descriptor || typeof descriptor !== 'object')
        return undefined;
    const mediaType = descriptor.mediaType;
    return typeof mediaType === 'string' ? mediaType : undefined;
}
/** `repo@digest` of a pushed tag: what imagetools copies from. */
function byDigest(ref, digest) {
    const parsed = (0,reference/* parseReference */.F2)(ref);
    return `${parsed.registry}/${parsed.repository}@${digest}`;
}
/**
 * `docker buildx build`; a build that failed only because its cache could not be written (buildx refusing
 * cache export on the docker driver, an exporter BuildKit cannot set up, BuildKit < 0.11 ignoring
 * ignore-error) is built again without writing the cache, with a warning: a cache problem never fails a build.
 * With `push`, buildx pushes the first tag only. A push that failed transiently runs the command again, the
 * build being cached: to export the image as an OCI layout that the registry client pushes (push-layout.ts),
 * or, on a builder that cannot write one (the docker driver on the classic store), to push again. Then the
 * registry client writes the other tags from the pushed digest.
 */
async function buildWithBuildx(engine, req, shell) {
    let plan = req.cache ?? policy/* NO_CACHE */.DQ;
    const cacheDeps = {
        ...(shell.actionsCache ? { lib: shell.actionsCache } : {}),
        info: shell.info ?? ((line) => actions_runner/* info */.pq(line)),
        notice: (line) => actions_runner/* notice */.lm(line),
        warn: shell.warn
    };
    const entry = plan.actionsCache;
    const restored = entry ? await restoreActionsCache(entry, cacheDeps) : undefined;
    const started = performance.now();
    const failedWrites = [];
    const deps = pushDeps(engine, req, shell);
    const first = req.push ? req.tags[0] : undefined;
    let layout = first !== undefined && writesLayout(engine);
    const args = (layoutDir) => (0,build_engine/* withEngineBuild */.f7)(engine, buildxBuildArgs(buildxRequest(req, plan), layoutDir));
    const run = (timeoutMs, layoutDir) => shell.exec(engine.command, args(layoutDir), {
        env: shell.env,
        stream: true,
        allowFailure: true,
        timeoutMs: timeoutMs ?? shell_exec.BUILD_TIMEOUT_MS
    });
    /** The build, or its export to a layout; built again without writing the cache when only that failed. */
    const build = async (timeoutMs, layoutDir) => {
        const out = await run(timeoutMs, layoutDir);
        if (out.exitCode === 0)
            return out;
        const text = `${out.stderr}\n${out.stdout}`;
        const cacheFailure = (0,cache_outcome/* buildFailedOnCache */.fA)((0,progress/* parseBuildkitProgress */.Lo)(text), (0,progress/* buildxMessages */.V2)(text));
        const asked = buildxCache(req, plan).to;
        if (!cacheFailure || asked.length === 0)
            return out;
        shell.warn(cacheFailure.warning);
        for (const entry of asked)
            failedWrites.push({ ref: entry.ref, ok: false, seconds: 0, error: cacheFailure.error });
        plan = { ...plan, writeRef: undefined, rawTo: [] };
        return run(timeoutMs, layoutDir);
    };
    // The first attempt is the build itself (a build's time limit) pushing on its own; a push that failed is tried
    // again by exporting the (cached) image to a layout that the registry client pushes, request by request.
    const attempt = async (n, timeoutMs) => {
        if (n === 1 || !layout || first === undefined || !deps.connect)
            return build(n > 1 ? timeoutMs : undefined);
        const viaLayout = await layoutAttempt(dir => build(timeoutMs, dir), first, deps.connect, deps.log, deps.tempDir);
        if (viaLayout.exitCode === 0)
            return viaLayout;
        const verdict = viaLayout.verdict ?? classifyPush('buildx', viaLayout);
        if (verdict.transient && !LAYOUT_UNSUPPORTED.test(viaLayout.stderr))
            return viaLayout;
        // The builder cannot write the layout, or the client cannot push here: buildx pushes again itself.
        layout = false;
        deps.log(`${first}: no push through the registry client (${verdict.cause}); buildx pushes again`);
        return build(timeoutMs);
    };
    const tries = await retryPush(attempt, result => result.verdict ?? classifyPush('buildx', result), {
        what: first ? `push of ${first}` : 'buildx build',
        log: deps.log,
        ...(deps.policy ? { policy: deps.policy } : {}),
        ...(deps.clock ? { clock: deps.clock } : {})
    });
    const out = tries.result;
    if (!tries.ok) {
        const command = [engine.command, ...args()].join(' ');
        if (first === undefined || (tries.attempts === 1 && !buildxFailedInPush(out))) {
            // Cancelled before the push began: nothing was pushed.
            if ((0,cancel/* isCancelled */.mm)())
                throw (0,cancel/* cancellation */.WN)();
            throw new errors/* CommandError */.Qd(command, out.exitCode, (0,shell_exec.tail)(out.stderr || out.stdout));
        }
        throw new PushError({
            ref: first,
            attempts: tries.attempts,
            cause: tries.verdict?.cause ?? `exit code ${out.exitCode}`,
            tags: req.tags,
            pushed: [],
            command,
            exitCode: out.exitCode,
            detail: outputTail(out)
        });
    }
    const total = build_shell_seconds(started);
    if (plan.mode === 'local' && plan.writeRef && plan.rawTo.length === 0)
        await swapLocalCache(plan.writeRef);
    // Not when the cache write failed and was dropped: the directory then holds only what was restored.
    const saved = entry && (plan.writeRef !== undefined || entry.noSave !== undefined)
        ? await saveActionsCache(entry, cacheDeps)
        : undefined;
    const text = `${out.stderr}\n${out.stdout}`;
    const vertices = (0,progress/* parseBuildkitProgress */.Lo)(text);
    const targets = buildxCache(req, plan);
    const outcome = (0,cache_outcome/* cacheOutcome */.Dk)(vertices, targets, (0,progress/* buildxMessages */.V2)(text));
    outcome.warnings.forEach(shell.warn);
    const cache = {
        ...baseReport(req, shell),
        stages: (0,progress/* stageStats */._S)(vertices),
        imports: outcome.imports,
        buildSeconds: total - outcome.exportSeconds,
        exportSeconds: outcome.exportSeconds,
        writes: [...failedWrites, ...outcome.exports],
        notes: [...targets.notes, ...outcome.notes, ...actionsCacheNotes(restored, saved)]
    };
    const metadata = JSON.parse((await readText(req.metadataFile)) || '{}');
    // build-push-action's imageid is the config digest; buildx's iidfile holds the index digest when it
    // pushed an index (several platforms, attestations).
    const configDigest = metadata['containerimage.config.digest'];
    const imageId = typeof configDigest === 'string' ? configDigest : await readText(req.iidFile);
    // A push through a layout knows its digest; buildx's metadata says the same (the layout's index).
    const digest = req.push
        ? (out.digest ?? metadata['containerimage.digest'])
        : undefined;
    const pushed = digest && first ? await buildxOtherTags(engine, req, deps, { ref: first, digest }, metadata) : [];
    if (digest && first && out.digest !== undefined) {
        // buildx pushed the inline cache tag itself when it pushed; a layout push leaves it to the client.
        await writeCacheTags({ ref: first, digest }, targets.tags, deps, shell);
    }
    if (pushed.length > 1) {
        // What buildx would have written had it been given every tag.
        metadata['image.name'] = [...req.tags, ...targets.tags].join(',');
        if (req.load)
            await tagLoaded(engine, req.tags, shell);
    }
    const size = req.load ? await localSize(engine, shell, imageId) : undefined;
    return { imageId, digest, pushed, size, metadata, cache };
}
/**
 * The tags after the first, from its digest. A tag the registry client cannot write is written by
 * `imagetools create` when buildx pushed an index (its bytes, so its digest, are kept); a single manifest
 * would be wrapped in a new index, so that tag fails instead.
 */
function buildxOtherTags(engine, req, deps, first, metadata) {
    const mediaType = pushedMediaType(metadata);
    const source = byDigest(first.ref, first.digest);
    const imagetools = {
        tool: 'imagetools',
        command: engine.command,
        args: ref => imagetoolsCreateArgs(ref, source, engine.builder?.name),
        digest: async () => first.digest
    };
    const fallback = mediaType !== undefined && (0,manifest_format/* isIndexMediaType */.$$)(mediaType)
        ? (ref) => enginePush(ref, imagetools, { ...deps, connect: undefined })
        : undefined;
    return writeOtherTags(first, req.tags, tagDeps(deps, fallback));
}
/** The inline cache's tag on the pushed image; a failure is a warning, as any cache write's. */
async function writeCacheTags(first, tags, deps, shell) {
    if (tags.length === 0)
        return;
    try {
        await writeOtherTags(first, [first.ref, ...tags], tagDeps(deps));
    }
    catch (error) {
        shell.warn(`Could not write the inline cache tag (the build itself succeeded): ${(0,errors/* toMessage */.R9)(error)}`);
    }
}
/** A loaded image has only the tag buildx was given: the others, as `docker build` would have named it. */
async function tagLoaded(engine, tags, shell) {
    const [first, ...rest] = tags;
    if (first === undefined)
        return;
    for (const ref of rest) {
        const out = await shell.exec(engine.command, dockerTagArgs(first, ref), {
            env: shell.env,
            allowFailure: true
        });
        if (out.exitCode !== 0)
            shell.warn(`Could not tag the loaded image ${ref}: ${(0,shell_exec.tail)(out.stderr || out.stdout)}`);
    }
}

// EXTERNAL MODULE: ./src/dockerfile/parse.ts
var parse = __webpack_require__(6357);
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
    const needed = (0,parse/* stagesToBuild */.bT)(stages, target);
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

// EXTERNAL MODULE: ./src/cache/report.ts
var report = __webpack_require__(8298);
;// CONCATENATED MODULE: ./src/build/docker-run.ts
/**
 * The side-effect half of per-stage caching on docker's built-in BuildKit (see docker-stages.ts for why
 * it is done this way): build each stage, then the image, then write the cache refs the rule picked.
 */











async function docker_run_readText(file) {
    return (await (0,promises_.readFile)(file, 'utf8').catch(() => '')).trim();
}
/**
 * Runs one build; returns what its progress output says. Build failures throw, as any build's would.
 * BuildKit leaves the stage name out of step names when the Dockerfile has one stage, named or not.
 */
async function build(engine, args, deps, singleStage) {
    const out = await deps.exec(engine.command, (0,build_engine/* withEngineBuild */.f7)(engine, args), {
        env: deps.env,
        stream: true,
        timeoutMs: shell_exec.BUILD_TIMEOUT_MS
    });
    const vertices = (0,progress/* parseBuildkitProgress */.Lo)(`${out.stderr}\n${out.stdout}`);
    return { vertices, stats: (0,progress/* stageStats */._S)(vertices, singleStage) };
}
/** Builds every stage the target needs, then the image itself; decides which cache refs to write. */
async function runDockerBuilds(engine, req, deps) {
    const started = performance.now();
    const plan = req.cache;
    const stages = (0,parse/* parseStages */.lj)(await docker_run_readText(req.file), req.buildArgs);
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
            imports.push(...(0,cache_outcome/* cacheImports */.f$)(vertices));
        const ref = refToWrite(stageBuild, stats.find(s => s.stage === stageBuild.stage));
        if (ref)
            pending.push({ ref, imageId: await docker_run_readText(iidFile) });
    }
    return {
        imageId: await docker_run_readText(req.iidFile),
        stages: (0,report/* mergeStageStats */.mD)(perBuild, owners),
        imports,
        pending,
        buildSeconds: (performance.now() - started) / 1000
    };
}
function tail(text) {
    return text.trim().split('\n').slice(-3).join(' | ');
}
/**
 * Tags and pushes each cache image, retrying transient failures as the image's own push is; a push that
 * still fails is a warning, never the build's failure.
 */
async function pushCacheImages(engine, pending, deps) {
    const writes = [];
    const push = { tool: 'docker', command: engine.command, args: dockerPushArgs };
    const pushDeps = {
        exec: deps.exec,
        env: deps.env,
        log: deps.log ?? (() => undefined),
        ...(deps.policy ? { policy: deps.policy } : {}),
        ...(deps.clock ? { clock: deps.clock } : {})
    };
    for (const { ref, imageId } of pending) {
        const started = performance.now();
        const tagged = await deps.exec(engine.command, ['tag', imageId, ref], { env: deps.env, allowFailure: true });
        const pushed = tagged.exitCode === 0 ? await enginePush(ref, push, pushDeps) : undefined;
        const seconds = (performance.now() - started) / 1000;
        if (!pushed?.ok) {
            const why = pushed
                ? `${pushed.cause}${pushed.attempts > 1 ? ` (${pushed.attempts} attempts)` : ''}`
                : tail(tagged.stderr || tagged.stdout);
            deps.warn(`Could not write the layer cache ${ref} (the build itself succeeded): ${why}`);
            writes.push({ ref, ok: false, seconds });
            continue;
        }
        const stats = (0,progress/* dockerPushStats */.OQ)(pushed.result.stdout);
        writes.push({ ref, ok: true, seconds, layersPushed: stats.pushed, layersExisting: stats.existing });
    }
    return writes;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/build/push-save.ts
/**
 * The docker engine's OCI layout, for a push the registry client finishes (push-layout.ts): docker has no
 * exporter to one, so the image comes from `docker save` (docker 25+ writes an OCI layout and a `manifest.json`,
 * older ones only the `manifest.json`; both with uncompressed layers), and its layers are gzipped here, as
 * `docker push` would: a Docker schema 2 manifest with the image's own config bytes (so the same image ID).
 */









const CONFIG_TYPE = 'application/vnd.docker.container.image.v1+json';
const LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
/** A path `docker save` names, inside the saved directory only. */
function inside(dir, name) {
    const file = external_node_path_default().resolve(dir, name);
    if (!file.startsWith(external_node_path_default().resolve(dir) + (external_node_path_default()).sep))
        throw new Error(`docker save names ${name}, outside its archive`);
    return file;
}
async function isGzip(file) {
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const head = Buffer.alloc(2);
        const { bytesRead } = await handle.read(head, 0, 2, 0);
        return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
    }
    finally {
        await handle.close();
    }
}
/** Copies `file` into the layout's blobs, gzipped unless it is already; returns its digest and size. */
async function gzipBlob(file, blobs) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const count = new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
        }
    });
    const partial = external_node_path_default().join(blobs, `.partial-${external_node_path_default().basename(file)}-${Date.now()}`);
    if (await isGzip(file))
        await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(file), count, (0,external_node_fs_.createWriteStream)(partial));
    else
        await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(file), (0,external_node_zlib_.createGzip)(), count, (0,external_node_fs_.createWriteStream)(partial));
    const digest = `sha256:${hash.digest('hex')}`;
    await (0,promises_.rename)(partial, external_node_path_default().join(blobs, digest.slice('sha256:'.length)));
    return { digest, size };
}
async function writeBlob(blobs, bytes) {
    const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
    await (0,promises_.writeFile)(external_node_path_default().join(blobs, digest.slice('sha256:'.length)), bytes);
    return { digest, size: bytes.length };
}
/** Writes the first image of an extracted `docker save` archive (`saved`) as an OCI layout in `dir`. */
async function layoutFromDockerSave(saved, dir) {
    const images = JSON.parse(await (0,promises_.readFile)(external_node_path_default().join(saved, 'manifest.json'), 'utf8'));
    const image = images[0];
    if (!image || typeof image.Config !== 'string' || !Array.isArray(image.Layers)) {
        throw new Error('docker save wrote no image');
    }
    const blobs = external_node_path_default().join(dir, 'blobs', 'sha256');
    await (0,promises_.mkdir)(blobs, { recursive: true });
    const config = await writeBlob(blobs, await (0,promises_.readFile)(inside(saved, image.Config)));
    const layers = [];
    for (const layer of image.Layers)
        layers.push(await gzipBlob(inside(saved, layer), blobs));
    const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: manifest_format/* MediaType */.zu.dockerManifest,
        config: { mediaType: CONFIG_TYPE, ...config },
        layers: layers.map(layer => ({ mediaType: LAYER_GZIP, ...layer }))
    }));
    const top = await writeBlob(blobs, manifest);
    await (0,promises_.writeFile)(external_node_path_default().join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    await (0,promises_.writeFile)(external_node_path_default().join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: manifest_format/* MediaType */.zu.dockerManifest, ...top }] }));
    return { digest: top.digest };
}
/**
 * `docker save` of `image` into `work`, extracted with `tar`, then the layout in `dir`: an exec-like result,
 * so a failure reads as any engine command's.
 */
async function dockerSaveLayout(exec, docker, image, dir, options) {
    const archive = external_node_path_default().join(options.work, 'image.tar');
    const saved = external_node_path_default().join(options.work, 'saved');
    await (0,promises_.mkdir)(saved, { recursive: true });
    const timed = { timeoutMs: options.timeoutMs ?? shell_exec.SLOW_TIMEOUT_MS };
    const save = await exec(docker, ['save', '--output', archive, image], {
        env: options.env,
        allowFailure: true,
        ...timed
    });
    if (save.exitCode !== 0)
        return save;
    const untar = await exec('tar', ['-xf', archive, '-C', saved], { allowFailure: true, ...timed });
    if (untar.exitCode !== 0)
        return untar;
    try {
        const { digest } = await layoutFromDockerSave(saved, dir);
        return { exitCode: 0, stdout: `layout ${digest}\n`, stderr: '' };
    }
    catch (error) {
        return {
            exitCode: 1,
            stdout: '',
            stderr: `could not turn docker save's archive into a layout: ${String(error)}\n`
        };
    }
}

;// CONCATENATED MODULE: ./src/build/docker-build.ts
/** The build on docker without buildx (shell): a build per stage for the cache, then docker push. */





/** Plain `docker push` attempts before one goes through `docker save` and the registry client. */
const DOCKER_PUSHES_BEFORE_LAYOUT = 3;
/**
 * `docker push`: the digest is on its last line. Its later attempts export the image with `docker save` for
 * the registry client to push (push-save.ts).
 */
function dockerPush(engine, shell) {
    return {
        tool: 'docker',
        command: engine.command,
        args: ref => dockerPushArgs(ref),
        digest: async (_ref, result) => digestFromDockerPush(result.stdout),
        layout: (ref, dir, timeoutMs) => dockerSaveLayout(shell.exec, engine.command, ref, dir, {
            env: shell.env,
            work: external_node_path_default().join(external_node_path_default().dirname(dir), 'save'),
            ...(timeoutMs === undefined ? {} : { timeoutMs })
        }),
        layoutFrom: DOCKER_PUSHES_BEFORE_LAYOUT + 1
    };
}
async function buildWithDocker(engine, req, shell) {
    const builds = await runDockerBuilds(engine, req, shell);
    const pushed = await pushEveryTag(engine, req, shell, dockerPush(engine, shell));
    // After the image's own push: the cache is worth less than the image, and must never delay or fail it.
    const exportStarted = performance.now();
    const writes = await pushCacheImages(engine, builds.pending, { ...shell, ...pushDeps(engine, req, shell) });
    const cache = {
        ...baseReport(req, shell),
        stages: builds.stages,
        imports: builds.imports,
        buildSeconds: builds.buildSeconds,
        exportSeconds: build_shell_seconds(exportStarted),
        writes
    };
    return { ...(await finish(engine, shell, builds.imageId, pushed)), cache };
}

;// CONCATENATED MODULE: ./src/build/buildah-build.ts
/** The build on buildah (shell): its registry layer cache, then buildah push. */





const CACHE_PUSH_FAILED = /failed pushing cache/;
/**
 * buildah fails the whole build when it cannot push a step image to the cache (after retrying each one),
 * so that failure is turned into a warning and the build run again without `--cache-to`: the steps it
 * already built are in its local storage, so the second run is quick.
 */
async function buildahBuild(engine, req, shell) {
    const first = await shell.exec(engine.command, buildahBuildArgs(req), {
        env: shell.env,
        stream: true,
        allowFailure: true,
        timeoutMs: shell_exec.BUILD_TIMEOUT_MS
    });
    const output = `${first.stdout}\n${first.stderr}`;
    if (first.exitCode === 0)
        return output;
    if (!req.cache?.writeRef || !CACHE_PUSH_FAILED.test(output)) {
        throw new errors/* CommandError */.Qd([engine.command, ...buildahBuildArgs(req)].join(' '), first.exitCode, (0,shell_exec.tail)(first.stderr || first.stdout));
    }
    shell.warn(`buildah could not push to the layer cache; building again without writing it: ${(0,shell_exec.tail)(first.stderr).split('\n').pop()}`);
    const second = await shell.exec(engine.command, buildahBuildArgs(req, false), {
        env: shell.env,
        stream: true,
        timeoutMs: shell_exec.BUILD_TIMEOUT_MS
    });
    return `${second.stdout}\n${second.stderr}`;
}
async function buildWithBuildah(engine, req, shell) {
    const started = performance.now();
    const output = await buildahBuild(engine, req, shell);
    const buildahStats = (0,progress/* parseBuildahOutput */.ag)(output);
    const imageId = await readText(req.iidFile);
    const digestFile = `${req.iidFile}.digest`;
    const pushed = await pushEveryTag(engine, req, shell, {
        tool: 'buildah',
        command: engine.command,
        args: ref => buildahPushArgs(ref, digestFile),
        digest: () => readText(digestFile),
        layout: (_ref, dir, timeoutMs) => shell.exec(engine.command, buildahLayoutArgs(imageId, dir), {
            env: shell.env,
            stream: true,
            allowFailure: true,
            ...(timeoutMs === undefined ? {} : { timeoutMs })
        })
    });
    const cache = {
        ...baseReport(req, shell),
        stages: buildahStats.stages,
        imports: [],
        // buildah pushes each step image as soon as the step is done: build and export are one.
        buildSeconds: build_shell_seconds(started),
        exportSeconds: 0,
        writes: [],
        stepImagesPulled: buildahStats.cachePulls,
        stepImagesPushed: buildahStats.cachePushes
    };
    return { ...(await finish(engine, shell, imageId, pushed)), cache };
}

;// CONCATENATED MODULE: ./src/build/run-build.ts
/** Runs the build on the engine found (shell): the engine's own runner, then the tarballs asked for. */










const builders = { buildx: buildWithBuildx, docker: buildWithDocker, buildah: buildWithBuildah };
/** Image tarballs for moving the image between jobs (docker and buildah; buildx writes its own outputs). */
async function writeTarballs(engine, req, result, deps) {
    for (const output of req.tarballs ?? []) {
        await (0,promises_.mkdir)(external_node_path_default().dirname(output.dest), { recursive: true });
        const tag = req.tags[0];
        const args = engine.kind === 'buildah'
            ? (0,build_outputs/* buildahArchiveArgs */.dg)(output, result.imageId, tag)
            : (0,build_outputs/* dockerSaveArgs */.NG)(output, req.tags.length > 0 ? req.tags : [result.imageId]);
        await deps.exec(engine.command, args, { env: deps.env, stream: true, timeoutMs: shell_exec.SLOW_TIMEOUT_MS });
    }
}
/** Builds, then pushes every tag when asked; each engine reports the registry's manifest digest. */
async function runBuild(engine, req, deps) {
    const warnings = [];
    const warn = (message) => {
        warnings.push(message);
        deps.warn?.(message);
    };
    const platforms = (0,build_platforms/* platformArgs */.xZ)(engine.kind, req.platforms ?? []);
    if ('error' in platforms)
        throw new Error(platforms.error);
    const fitted = cacheForEngine(req.cache ?? policy/* NO_CACHE */.DQ, engine.kind);
    fitted.warnings.forEach(warn);
    const result = await builders[engine.kind](engine, { ...req, cache: fitted.plan }, { ...deps, warn, warnings });
    await writeTarballs(engine, req, result, deps);
    return result;
}

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

// EXTERNAL MODULE: ./src/registry/index.ts
var registry = __webpack_require__(1119);
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

;// CONCATENATED MODULE: ./src/login/docker-state.ts


/**
 * What the docker CLI and buildx keep in the user's config dir besides config.json, shown inside the private
 * DOCKER_CONFIG by a symlink each, when present:
 * - `cli-plugins`: plugins there (setup-buildx-action's pinned buildx) win over /usr/libexec/docker/cli-plugins;
 * - `contexts`: `docker context` entries, which `currentContext` in config.json and BUILDX_BUILDER name;
 * - `ca.pem`, `cert.pem`, `key.pem`: the client TLS files `DOCKER_TLS_VERIFY` reads from the config dir when
 *   DOCKER_CERT_PATH is unset.
 * buildx's own state (`buildx/`) is shared through BUILDX_CONFIG instead, see {@link sharedDockerState}.
 */
const SHARED_ENTRIES = ['cli-plugins', 'contexts', 'ca.pem', 'cert.pem', 'key.pem'];
/**
 * The docker config dir as the docker CLI finds it: `$DOCKER_CONFIG` when set and not empty, else
 * `<home>/.docker`; a relative DOCKER_CONFIG is taken from `cwd`, made absolute so that commands started
 * elsewhere still find it.
 */
function userDockerConfigDir(env, home, cwd) {
    return external_node_path_default().resolve(cwd, env.DOCKER_CONFIG || external_node_path_default().join(home, '.docker'));
}
/**
 * What a private DOCKER_CONFIG at `privateDir` needs so that docker behaves as it would with the user's own:
 * a link for each {@link SHARED_ENTRIES} name that exists in the user's dir (`present`), and BUILDX_CONFIG
 * pointing at the user's buildx state — `$BUILDX_CONFIG` when set, else `<user dir>/buildx`, where buildx
 * itself would look — so builders the user created or chose (`docker buildx use`, BUILDX_BUILDER) resolve.
 * BUILDX_CONFIG is set even when that dir does not exist yet: buildx creates it on first use, as it would
 * without the private dir, instead of keeping its state in the private dir that post removes.
 *
 * The buildx state is shared, not copied: a copy would hide from the user's later steps what buildx records
 * during the build, and a builder this step creates would be lost with the private dir, its BuildKit
 * container left running with nothing to remove it by. Shared, such a builder is visible in the user's
 * `docker buildx ls` until post removes it, which is harmless as long as the step creates it without
 * `--use` (the user's current builder never changes) and post removes it with `docker buildx rm`.
 *
 * No links when the user's dir is the private dir itself (nothing to share, and a link would point at itself).
 */
function sharedDockerState(input) {
    const userDir = userDockerConfigDir(input.env, input.home, input.cwd);
    const privateDir = external_node_path_default().resolve(input.cwd, input.privateDir);
    const buildxConfig = input.env.BUILDX_CONFIG
        ? external_node_path_default().resolve(input.cwd, input.env.BUILDX_CONFIG)
        : external_node_path_default().join(userDir, 'buildx');
    const links = userDir === privateDir
        ? []
        : SHARED_ENTRIES.filter(name => input.present.has(name)).map(name => ({
            path: external_node_path_default().join(privateDir, name),
            target: external_node_path_default().join(userDir, name)
        }));
    return { userDir, links, env: { BUILDX_CONFIG: buildxConfig } };
}
/** Which of {@link SHARED_ENTRIES} exist in `dir` (a dangling symlink does not). */
async function presentEntries(dir) {
    const found = await Promise.all(SHARED_ENTRIES.map(async (name) => (await (0,promises_.stat)(external_node_path_default().join(dir, name)).catch(() => undefined)) ? name : undefined));
    return new Set(found.filter((name) => name !== undefined));
}
/**
 * Creates the links inside the private dir. The targets are only pointed at, never written: a link already
 * in place (a second login in the step) is replaced, and anything else in its place is an error rather than
 * something to delete. Removing the private dir later unlinks the links without following them.
 */
async function createLinks(links) {
    for (const link of links) {
        const existing = await (0,promises_.lstat)(link.path).catch(() => undefined);
        if (existing) {
            if (!existing.isSymbolicLink())
                throw new Error(`${link.path} exists and is not a symlink`);
            if ((await (0,promises_.readlink)(link.path)) === link.target)
                continue;
            await (0,promises_.unlink)(link.path);
        }
        await (0,promises_.symlink)(link.target, link.path);
    }
}

;// CONCATENATED MODULE: ./src/login/login.ts







async function readExistingConfig(dir) {
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
 * private DOCKER_CONFIG under the step's temp dir, which post removes: ~/.docker is never touched. The private
 * config keeps every other setting of the user's config.json, and the user's buildx builders, CLI plugins and
 * contexts stay visible through it (see sharedDockerState). `env` is the step's environment.
 */
async function login(auths, tempDir, env = process.env) {
    const entries = Object.fromEntries(auths.map(auth => [auth.registry, { username: auth.username, password: auth.password }]));
    const credentials = (0,registry/* staticCredentials */.vU)(entries);
    await Promise.all(auths.map(async (auth) => {
        const client = await (0,registry/* connectRegistry */.gm)({ registry: auth.registry, credentials });
        await client.ping();
        actions_runner/* info */.pq(`Logged in to ${auth.registry} as ${auth.username} (${auth.source})`);
    }));
    const configDir = external_node_path_default().resolve(tempDir, 'docker-config');
    await (0,promises_.mkdir)(configDir, { recursive: true, mode: 0o700 });
    const configFile = external_node_path_default().join(configDir, 'config.json');
    const where = { env, home: env.HOME || external_node_os_default().homedir(), cwd: process.cwd() };
    const userDir = userDockerConfigDir(where.env, where.home, where.cwd);
    const shared = sharedDockerState({ ...where, privateDir: configDir, present: await presentEntries(userDir) });
    const config = mergeDockerConfig(await readExistingConfig(shared.userDir), auths);
    await (0,promises_.writeFile)(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
    await createLinks(shared.links);
    const linked = shared.links.map(link => external_node_path_default().basename(link.path)).join(', ') || 'nothing';
    actions_runner/* info */.pq(`Private DOCKER_CONFIG ${configDir}: settings and links (${linked}) from ${shared.userDir}, ` +
        `buildx state in ${shared.env.BUILDX_CONFIG}`);
    return {
        env: { DOCKER_CONFIG: configDir, REGISTRY_AUTH_FILE: configFile, ...shared.env },
        credentials,
        registries: auths.map(auth => auth.registry)
    };
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
const promote_CONCURRENCY = 8;
/**
 * Copies an image that is already in a registry to every target tag without an engine: retag within a
 * repository, mount across repositories, stream across registries.
 */
async function promote(source, targets, credentials) {
    const src = (0,reference/* parseReference */.F2)(source);
    const limit = (0,retry/* createLimiter */.zm)(promote_CONCURRENCY);
    const clients = new Map();
    const client = async (registry) => {
        let found = clients.get(registry);
        if (!found) {
            found = await (0,connect/* connectRegistry */.g)({ registry, credentials });
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
    // build-push-action's imageid: the same image, so the same config digest as the source.
    const imageId = (await imageConfigDigest(srcEndpoint.client, src.repository, digest ?? (0,reference/* manifestRef */.rx)(src), (0,build_platforms/* nativePlatform */.Nc)()).catch(() => undefined)) ?? '';
    return {
        source,
        imageId,
        digest,
        pushed,
        stats,
        metadata: {
            'containerimage.digest': digest,
            ...(imageId ? { 'containerimage.config.digest': imageId } : {}),
            'image.name': pushed.map(p => p.ref).join(','),
            'promoted-from': source
        }
    };
}

;// CONCATENATED MODULE: ./src/reuse/bases.ts
/** The images a build reads (pure), and their digests as the registry holds them now (shell). */



/** `# syntax=<image>` picks the frontend that builds the Dockerfile: an input like any base image. */
function syntaxImage(text) {
    for (const line of text.split(/\r?\n/)) {
        const directive = /^#\s*syntax\s*=\s*(\S+)/i.exec(line.trim());
        if (directive)
            return directive[1];
        if (!/^#\s*\w+\s*=/.test(line.trim()))
            break;
    }
    return undefined;
}
/** `ADD <url>` / `ADD <git>` read content the hash cannot see. */
function remoteAdd(text) {
    for (const line of (0,parse/* logicalLines */.Nj)(text)) {
        const [keyword = '', ...words] = line.split(/\s+/);
        if (keyword.toUpperCase() !== 'ADD')
            continue;
        const remote = words.find(w => !w.startsWith('--') && /^(https?:\/\/|git@|git:\/\/)/.test(w));
        if (remote)
            return remote;
    }
    return undefined;
}
/** The images the stages of `target` read, or why the hash cannot cover the build. */
function externalImages(dockerfile, buildArgs, target) {
    const remote = remoteAdd(dockerfile);
    if (remote)
        return { error: `ADD ${remote} reads content from the network` };
    const stages = (0,parse/* stagesToBuild */.bT)((0,parse/* parseStages */.lj)(dockerfile, buildArgs), target);
    if (stages.length === 0)
        return { error: target ? `no stage named ${target}` : 'the Dockerfile has no FROM' };
    const images = new Set(stages.flatMap(stage => stage.images));
    const syntax = syntaxImage(dockerfile);
    if (syntax)
        images.add(syntax);
    for (const image of images) {
        if (image === '' || /[$]/.test(image))
            return { error: `a FROM image is empty or unresolved ('${image}')` };
    }
    return { images: [...images].sort() };
}
/** Resolves each image to its digest with the login credentials; any failure means no reuse. */
async function resolveBases(images, credentials) {
    const clients = new Map();
    try {
        const bases = await Promise.all(images.map(async (image) => {
            const ref = (0,registry/* parseReference */.F2)(image);
            if (ref.digest)
                return { ref: image, digest: ref.digest };
            let client = clients.get(ref.registry);
            if (!client) {
                client = (0,registry/* connectRegistry */.gm)({ registry: ref.registry, credentials });
                clients.set(ref.registry, client);
            }
            const found = await (await client).headManifest(ref.repository, ref.tag ?? 'latest');
            if (!found)
                throw new Error(`${image} is not in its registry`);
            return { ref: image, digest: found.digest };
        }));
        return { bases };
    }
    catch (error) {
        return { error: `could not resolve a base image: ${(0,errors/* toMessage */.R9)(error)}` };
    }
}

// EXTERNAL MODULE: ./node_modules/@balena/dockerignore/ignore.js
var ignore = __webpack_require__(4158);
var ignore_default = /*#__PURE__*/__webpack_require__.n(ignore);
;// CONCATENATED MODULE: ./src/reuse/dockerignore.ts
// The package is CommonJS: under NodeNext its default export arrives as a property of the default import.

function parseDockerignore(text) {
    const lines = text.split(/\r?\n/);
    const rules = ignore_default()["default"]().add(lines);
    return {
        ignores: file => rules.ignores(file),
        hasExceptions: lines.some(line => line.trim().startsWith('!'))
    };
}
function isIgnored(rules, file) {
    return rules.ignores(file);
}
/**
 * A matcher over several ignore files (`.dockerignore`, buildah's `.containerignore`, BuildKit's
 * `<Dockerfile>.dockerignore`): an engine honours one of them, so a path is left out of the hash only when
 * every one leaves it out — the hash then covers at least what any engine sees.
 */
function ignoreMatcher(files) {
    const parsed = files.map(parseDockerignore);
    if (parsed.length === 0)
        return { ignored: () => false, prunable: true };
    return {
        ignored: file => parsed.every(rules => rules.ignores(file)),
        prunable: parsed.every(rules => !rules.hasExceptions)
    };
}

;// CONCATENATED MODULE: ./src/reuse/context-files.ts
/** Reads the build context the way the engine will send it: after the ignore files (shell). */






async function readOptional(file) {
    return (0,promises_.readFile)(file, 'utf8').catch(() => undefined);
}
/** Every ignore file an engine might honour for this build, as text; absent ones are skipped. */
async function readIgnoreFiles(context, dockerfile) {
    const candidates = [
        external_node_path_default().join(context, '.dockerignore'),
        external_node_path_default().join(context, '.containerignore'),
        `${dockerfile}.dockerignore`
    ];
    const texts = await Promise.all(candidates.map(readOptional));
    return texts.filter((t) => t !== undefined);
}
function fileDigest(file) {
    return new Promise((resolve, reject) => {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        (0,external_node_fs_.createReadStream)(file)
            .on('error', reject)
            .on('data', chunk => hash.update(chunk))
            .on('end', () => resolve(hash.digest('hex')));
    });
}
/** Parallel reads: many small files are the usual context. */
const READERS = 32;
/** The context's entries (files, directories, symlinks) that the ignore files leave in. */
async function readContext(context, ignoreFiles) {
    const matcher = ignoreMatcher(ignoreFiles);
    const limit = (0,registry/* createLimiter */.zm)(READERS);
    const entries = [];
    const walk = async (dir) => {
        const names = await (0,promises_.readdir)(external_node_path_default().join(context, dir));
        await Promise.all(names.map(async (name) => {
            const rel = dir ? `${dir}/${name}` : name;
            const full = external_node_path_default().join(context, rel);
            const stat = await (0,promises_.lstat)(full);
            const ignored = matcher.ignored(rel);
            if (stat.isDirectory()) {
                if (!ignored)
                    entries.push(Promise.resolve({ path: rel, type: 'dir', mode: stat.mode & 0o7777, content: '' }));
                if (!ignored || !matcher.prunable)
                    await walk(rel);
                return;
            }
            if (ignored)
                return;
            if (stat.isSymbolicLink()) {
                entries.push((0,promises_.readlink)(full).then(target => ({ path: rel, type: 'symlink', mode: 0, content: target })));
            }
            else if (stat.isFile()) {
                const mode = stat.mode & 0o7777;
                entries.push(limit(() => fileDigest(full)).then(content => ({ path: rel, type: 'file', mode, content })));
            }
            // Sockets, FIFOs and devices: the engines skip or refuse them; nothing to hash.
        }));
    };
    await walk('');
    return Promise.all(entries);
}

// EXTERNAL MODULE: ./src/reuse/hash.ts
var reuse_hash = __webpack_require__(7746);
// EXTERNAL MODULE: ./src/reuse/policy.ts
var reuse_policy = __webpack_require__(5172);
;// CONCATENATED MODULE: ./src/reuse/run-reuse.ts
/**
 * Content-hash reuse, the shell: hash the build's inputs, look the hash up with one HEAD, and on a hit retag
 * the image it names to the new tags through the registry client (no engine). On a miss the build goes on
 * with the hash as a label, and recordContent tags the pushed image with it for next time.
 */









const since = (start) => (performance.now() - start) / 1000;
/** The hash of the build, or why it cannot be computed. */
async function hashBuild(inputs, deps) {
    const dockerfile = await (0,promises_.readFile)(inputs.file, 'utf8').catch(() => undefined);
    if (dockerfile === undefined)
        return { error: `cannot read ${inputs.file}` };
    const buildArgs = (0,reuse_hash/* normalizeBuildArgs */.BC)(inputs.buildArgs, deps.env);
    const images = externalImages(dockerfile, buildArgs, inputs.target);
    if ('error' in images)
        return images;
    const ignoreFiles = await readIgnoreFiles(inputs.context, inputs.file);
    const [entries, bases] = await Promise.all([
        readContext(inputs.context, ignoreFiles).catch((error) => (0,errors/* toMessage */.R9)(error)),
        resolveBases(images.images, deps.credentials)
    ]);
    if (typeof entries === 'string')
        return { error: `cannot read the context: ${entries}` };
    if ('error' in bases)
        return bases;
    for (const base of bases.bases)
        deps.log(`  ${base.ref} → ${base.digest}`);
    const hash = (0,reuse_hash/* contentHash */.Ae)({
        entries,
        dockerfile,
        ignoreFiles,
        buildArgs,
        target: inputs.target,
        platforms: inputs.platforms.length > 0 ? inputs.platforms : [(0,build_platforms/* nativePlatform */.Nc)()],
        secretIds: inputs.secrets.map(s => s.id),
        labels: inputs.userLabels,
        annotations: inputs.userAnnotations,
        bases: bases.bases
    });
    return { hash, files: entries.length };
}
/** Hash, look up, and retag on a hit. Never throws: anything unexpected means "build". */
async function checkReuse(inputs, deps) {
    const started = performance.now();
    const plan = inputs.reuse;
    if (!plan.enabled)
        return { report: { status: 'off', reason: plan.reason, seconds: 0 }, labels: [] };
    const off = (reason) => {
        deps.log(`No reuse: ${reason}`);
        return { report: { status: 'off', reason, seconds: since(started) }, labels: [] };
    };
    try {
        const hashed = await hashBuild(inputs, deps);
        if ('error' in hashed)
            return off(hashed.error);
        const { hash, files } = hashed;
        const ref = (0,reuse_policy/* contentRef */.v)(plan, hash);
        deps.log(`Content hash ${hash} over ${files} context entries; looking up ${ref}`);
        const parsed = (0,registry/* parseReference */.F2)(ref);
        const client = await (0,registry/* connectRegistry */.gm)({ registry: parsed.registry, credentials: deps.credentials });
        const found = await client.headManifest(parsed.repository, parsed.tag ?? '');
        const labels = [`${reuse_hash/* CONTENT_HASH_LABEL */.aJ}=${hash}`];
        if (!found) {
            deps.log('No image with this content hash yet: building');
            return {
                report: {
                    status: 'built',
                    reason: 'no image with this content hash yet',
                    hash,
                    ref,
                    seconds: since(started),
                    files
                },
                labels
            };
        }
        deps.log(`Found ${found.digest}: retagging it, no build`);
        const promoted = await promote(ref, inputs.tags, deps.credentials);
        const hit = {
            ...promoted,
            metadata: { ...promoted.metadata, 'reused-from': ref, 'content-hash': hash }
        };
        return {
            report: {
                status: 'reused',
                reason: `an image built from identical inputs is ${found.digest}`,
                hash,
                ref,
                seconds: since(started),
                files
            },
            hit,
            labels
        };
    }
    catch (error) {
        return off(`content hash lookup failed: ${(0,errors/* toMessage */.R9)(error)}`);
    }
}
/** After a build: the content tag on the pushed image, a manifest PUT in the same repository. */
async function recordContent(report, pushedRef, deps) {
    if (report.status !== 'built' || !report.ref || !pushedRef)
        return;
    try {
        await promote(pushedRef, [report.ref], deps.credentials);
        deps.log(`Recorded ${report.ref}`);
    }
    catch (error) {
        deps.warn(`Could not record the content hash tag ${report.ref} (the image is pushed): ${(0,errors/* toMessage */.R9)(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/run/execute.ts
























async function execute_readOptional(file) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch {
        return '';
    }
}
/** buildah reads loopback registries over HTTP only when registries.conf says so. */
async function buildahEnv(plan, temp) {
    const bases = (0,parse/* parseStages */.lj)(await execute_readOptional(plan.file), plan.buildArgs).map(stage => stage.base);
    const system = process.env.CONTAINERS_REGISTRIES_CONF || '/etc/containers/registries.conf';
    const conf = loopbackRegistriesConf([...plan.tags, ...bases, ...(0,cache_args/* cacheRepositories */.$5)(plan)], await execute_readOptional(system));
    if (!conf)
        return {};
    const file = external_node_path_default().join(temp, 'registries.conf');
    await (0,promises_.writeFile)(file, conf, { mode: 0o600 });
    return { CONTAINERS_REGISTRIES_CONF: file };
}
function pickEnv(env, names) {
    return Object.fromEntries(names.flatMap(name => (env[name] === undefined ? [] : [[name, env[name]]])));
}
function registryOf(ref) {
    try {
        return (0,reference/* parseReference */.F2)(ref).registry;
    }
    catch {
        return undefined;
    }
}
/** Registries a build talks to: its tags, its cache and its base images. */
async function registryHosts(plan) {
    const bases = (0,parse/* parseStages */.lj)(await execute_readOptional(plan.file), plan.buildArgs).map(stage => stage.base);
    const refs = [...plan.tags, ...bases, ...(0,cache_args/* cacheRepositories */.$5)(plan)];
    return [...new Set(refs.map(registryOf).filter((r) => r !== undefined))];
}
const createdBuilders = [];
/** Post removes what this step created, even when the build fails halfway. */
function rememberBuilder(builder) {
    createdBuilders.push(builder);
    actions_runner/* saveState */.LZ(state/* StateKey */.z.builders, JSON.stringify(createdBuilders));
}
/**
 * `imageid` is the image's config digest. The docker driver on the containerd store reports the pushed index
 * digest in its place (and buildx's iidfile holds an index digest whenever it pushed one): ask the registry.
 */
async function withConfigDigest(result, credentials) {
    const pushed = result.pushed[0];
    if (!pushed || (result.imageId && result.imageId !== result.digest))
        return result;
    try {
        const ref = (0,reference/* parseReference */.F2)(pushed.ref);
        const client = await (0,connect/* connectRegistry */.g)({ registry: ref.registry, credentials });
        const config = await imageConfigDigest(client, ref.repository, pushed.digest, (0,build_platforms/* nativePlatform */.Nc)());
        if (!config)
            return result;
        return {
            ...result,
            imageId: config,
            metadata: { ...result.metadata, 'containerimage.config.digest': config }
        };
    }
    catch (error) {
        actions_runner/* warning */.$e(`Could not read the image's config digest for the imageid output: ${(0,errors/* toMessage */.R9)(error)}`);
        return result;
    }
}
/** The logins, into the step's private temp dir. */
async function prepare(options) {
    const { temp } = options;
    if (options.auths.length === 0)
        return { temp };
    return { temp, credentials: await actions_runner/* group */.Os('Login', () => login(options.auths, temp)) };
}
async function executePromotion(source, plan, options) {
    const { credentials } = await prepare(options);
    const result = await actions_runner/* group */.Os(`Promote ${source}`, async () => {
        const promoted = await promote(source, plan.tags, credentials?.credentials);
        for (const { target, stats } of promoted.stats) {
            actions_runner/* info */.pq(`${target}: ${stats.manifests} manifests, ${stats.referrers} referrers (${stats.referrersApi} API, ` +
                `${stats.referrersTagSchema} sha256- index), cosign ${stats.cosignSig} .sig / ${stats.cosignAtt} .att / ` +
                `${stats.cosignSbom} .sbom, blobs ${stats.blobsPresent} present / ` +
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
    // Logged in first: the content hash resolves base images, and a hit needs no engine at all.
    const { temp, credentials } = await prepare(options);
    const reuseDeps = {
        credentials: credentials?.credentials,
        env: process.env,
        log: actions_runner/* info */.pq,
        warn: actions_runner/* warning */.$e
    };
    const reuse = await actions_runner/* group */.Os('Content hash', () => checkReuse(plan, reuseDeps));
    if (reuse.hit)
        return { result: reuse.hit, reuse: reuse.report };
    const requested = options.engine;
    // buildx's first inspect starts with the probes: it asks what a buildx engine's would (same command, env).
    const speculative = (0,engine_env/* engineEnv */.a)(process.env, { ...credentials?.env }, { secrets: options.secrets });
    const firstDocker = requested === 'buildah' || requested === 'docker'
        ? undefined
        : (await findOnPath('docker', process.env.PATH ?? ''))[0];
    const prefetched = firstDocker
        ? (0,builder.prefetchInspect)(shell_exec.exec, firstDocker, options.builder, speculative)
        : undefined;
    try {
        const probed = await actions_runner/* group */.Os('Engine', async () => {
            const probe = await probeEngines(shell_exec.exec, process.env.PATH ?? '', requested);
            const choice = (0,build_engine/* chooseEngine */.mN)(requested, probe);
            if ('error' in choice)
                throw new Error(choice.error);
            actions_runner/* info */.pq(`Using ${choice.engine.kind} ${choice.engine.version} (${choice.engine.command})`);
            return choice.engine;
        });
        const extraEnv = probed.kind === 'buildah' ? await buildahEnv(plan, temp) : {};
        const env = (0,engine_env/* engineEnv */.a)(process.env, { ...probed.env, ...credentials?.env, ...extraEnv }, { secrets: options.secrets });
        const engine = await actions_runner/* group */.Os('Builder', async () => (0,builder.settleBuilder)(probed, builderNeeds(plan), { ...options.builder, ...attestationInput(plan) }, {
            exec: shell_exec.exec,
            env,
            temp,
            info: actions_runner/* info */.pq,
            warn: actions_runner/* warning */.$e,
            created: rememberBuilder,
            registries: await registryHosts(plan),
            ...(prefetched ? { prefetched } : {})
        }));
        return await buildOn({ engine, env, plan, reuse, reuseDeps, temp, credentials }, options);
    }
    finally {
        await prefetched?.settle();
    }
}
/** The build on the engine and builder found: the plan fitted to them, then carried out. */
async function buildOn(found, options) {
    const { engine, env, plan, reuse, reuseDeps, temp, credentials } = found;
    const fitted = planForEngine(plan, {
        engine,
        env: process.env,
        provenance: options.provenance,
        ...(options.cacheFallback ? { cacheFallback: options.cacheFallback } : {})
    });
    fitted.warnings.forEach(warning => actions_runner/* warning */.$e(warning));
    fitted.notes.forEach(note => actions_runner/* info */.pq(note));
    // The cache service's token reaches the engine for type=gha: it is a secret like any other.
    if (fitted.keepEnv.includes('ACTIONS_RUNTIME_TOKEN') && process.env.ACTIONS_RUNTIME_TOKEN)
        (0,mask/* maskSecret */.$)(process.env.ACTIONS_RUNTIME_TOKEN);
    const request = {
        ...plan,
        ...(fitted.cache ? { cache: fitted.cache } : {}),
        cacheOptions: fitted.cacheOptions,
        optionArgs: fitted.optionArgs,
        annotations: fitted.annotations,
        labels: [...plan.labels, ...reuse.labels],
        secrets: await (0,secrets/* materializeSecrets */.f2)(plan.secrets, external_node_path_default().join(temp, 'secrets'), process.env),
        outputs: fitted.outputs,
        tarballs: fitted.tarballs,
        iidFile: external_node_path_default().join(temp, 'iid'),
        metadataFile: external_node_path_default().join(temp, 'metadata.json')
    };
    const result = await actions_runner/* group */.Os(plan.push ? 'Build and push' : 'Build', () => runBuild(engine, request, {
        exec: shell_exec.exec,
        // GitHub's cache service variables reach buildx only when cache: gha uses them.
        env: { ...env, ...pickEnv(process.env, fitted.keepEnv) },
        warn: message => actions_runner/* warning */.$e(message),
        // The login's own credentials for the tags the registry client writes; the engine's file otherwise.
        ...(credentials?.credentials ? { credentials: credentials.credentials } : {})
    }));
    await recordContent(reuse.report, result.pushed[0]?.ref, reuseDeps);
    return { engine, result: await withConfigDigest(result, credentials?.credentials), reuse: reuse.report };
}


/***/ })

};

//# sourceMappingURL=535.index.js.map