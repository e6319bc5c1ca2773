export const id = 553;
export const ids = [553];
export const modules = {

/***/ 5553:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  describePrune: () => (/* binding */ describePrune),
  pruneStage: () => (/* binding */ pruneStage)
});

// EXTERNAL MODULE: ./src/shell/actions-runner.ts
var actions_runner = __webpack_require__(8868);
;// CONCATENATED MODULE: ./src/prune/plan/types.ts
/**
 * The data the prune stage passes between its pure planner and its shells: what a repository holds
 * (inventory), what the user asked for (rules), and what will be done (plan). No behaviour here.
 */
/** The digest of a tag decision for a listed tag whose manifest could not be read. */
const UNKNOWN_DIGEST = 'unknown';

;// CONCATENATED MODULE: ./src/prune/run/report.ts
/** The prune plan and its results as log lines, a job-summary section and the `pruned` output (pure). */

const SUMMARY_ROWS = 300;
/** The whole plan for the log: every tag with its fate and why, every manifest deleted, in order. */
function planLines(plan) {
    const deleted = plan.tags.filter(t => t.action === 'delete');
    const untagOnly = deleted.filter(t => t.how === 'untag').length;
    const lines = [
        `Prune ${plan.repository} (${plan.kind}): ${plan.tags.length} tags, ${plan.tags.length - deleted.length} kept, ` +
            `${deleted.length} to delete (${untagOnly} by untagging only); ${plan.manifests.filter(m => m.action === 'delete').length} manifests to delete`
    ];
    if (plan.blocked !== undefined)
        lines.push(`  nothing is deleted here: ${plan.blocked}`);
    for (const t of plan.tags) {
        const action = t.action === 'keep' ? 'keep  ' : t.how === 'untag' ? 'untag ' : 'delete';
        lines.push(`  ${action} ${t.tag} (${t.digest}): ${t.reason}`);
    }
    plan.steps.forEach((step, index) => {
        if (step.op !== 'delete')
            return;
        const manifest = plan.manifests.find(m => m.digest === step.digest);
        const version = step.versionId === undefined ? '' : `, version ${step.versionId}`;
        const after = step.after.length > 0 ? `, after ${step.after.join(', ')}` : '';
        lines.push(`  step ${index + 1}: delete manifest ${step.digest}${version}${after}: ${manifest?.reason ?? ''}`);
    });
    for (const m of plan.manifests.filter(m => m.action === 'keep'))
        lines.push(`  keep manifest ${m.digest}: ${m.reason}`);
    for (const note of plan.notes)
        lines.push(`  note: ${note}`);
    return lines;
}
function resultsByTag(outcome) {
    const map = new Map();
    for (const result of outcome.results) {
        const tags = result.step.op === 'untag' ? [result.step.tag] : result.step.tags;
        for (const tag of tags)
            map.set(tag, result);
    }
    return map;
}
function fate(dryRun, result, how) {
    const verb = how === 'untag' ? 'untagged' : 'deleted';
    if (dryRun)
        return `would be ${verb}`;
    if (result === undefined)
        return 'not attempted';
    if (result.status === 'done')
        return verb;
    return result.status;
}
const cell = (text) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** The job summary's prune section: per repository, a table of every tag kept or deleted, with reasons. */
function renderPruneSection(run) {
    const lines = [`### Prune${run.dryRun ? ' (dry run: nothing deleted)' : ''}`, ''];
    for (const outcome of run.repositories) {
        const { plan } = outcome;
        lines.push(`**${plan.repository}** (${plan.kind})`, '');
        if (plan.blocked !== undefined)
            lines.push(`Nothing deleted: ${cell(plan.blocked)}`, '');
        const byTag = resultsByTag(outcome);
        const rows = [...plan.tags].sort((a, b) => (a.action === b.action ? 0 : a.action === 'delete' ? -1 : 1));
        if (rows.length > 0)
            lines.push('| Tag | Digest | Result | Reason |', '|---|---|---|---|');
        for (const t of rows.slice(0, SUMMARY_ROWS)) {
            const result = t.action === 'keep' ? 'kept' : fate(run.dryRun, byTag.get(t.tag), t.how);
            const detail = byTag.get(t.tag)?.detail;
            const reason = result === 'kept' || result.startsWith('would') || !detail ? t.reason : `${t.reason} — ${detail}`;
            const digest = t.digest === UNKNOWN_DIGEST ? UNKNOWN_DIGEST : `${t.digest.slice(0, 19)}…`;
            lines.push(`| \`${t.tag}\` | \`${digest}\` | ${result} | ${cell(reason)} |`);
        }
        if (rows.length > SUMMARY_ROWS)
            lines.push('', `… and ${rows.length - SUMMARY_ROWS} more tags (the log has them all).`);
        const untaggedDeletes = plan.manifests.filter(m => m.action === 'delete' && m.tags.length === 0).length;
        if (untaggedDeletes > 0)
            lines.push('', `${untaggedDeletes} untagged manifests (index children, referrers) go with them.`);
        for (const note of plan.notes)
            lines.push('', `Note: ${cell(note)}`);
        lines.push('');
    }
    if (run.failures.length > 0)
        lines.push('**Prune failures**', '', ...run.failures.map(f => `- ${cell(f)}`), '');
    return lines;
}
/** The `pruned` output: per repository, what was (or in a dry run would be) deleted and untagged. */
function pruneOutput(run) {
    return JSON.stringify({
        'dry-run': run.dryRun,
        repositories: run.repositories.map(outcome => {
            const { plan } = outcome;
            const status = new Map(outcome.results.map(r => [r.step, r.status]));
            return {
                repository: plan.repository,
                kind: plan.kind,
                ...(plan.blocked === undefined ? {} : { blocked: plan.blocked }),
                ...(plan.unreadable === undefined ? {} : { unreadable: plan.unreadable }),
                kept: plan.tags.filter(t => t.action === 'keep').length,
                deleted: plan.steps.flatMap(step => step.op !== 'delete'
                    ? []
                    : [
                        {
                            digest: step.digest,
                            tags: step.tags,
                            ...(step.versionId === undefined ? {} : { version: step.versionId }),
                            status: run.dryRun ? 'planned' : (status.get(step) ?? 'not attempted')
                        }
                    ]),
                untagged: plan.steps.flatMap(step => step.op !== 'untag'
                    ? []
                    : [
                        {
                            tag: step.tag,
                            digest: step.digest,
                            status: run.dryRun ? 'planned' : (status.get(step) ?? 'not attempted')
                        }
                    ])
            };
        }),
        failures: run.failures
    });
}

// EXTERNAL MODULE: ./src/registry/index.ts
var registry = __webpack_require__(1119);
// EXTERNAL MODULE: ./src/registry/retry.ts + 2 modules
var retry = __webpack_require__(6018);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(8382);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/registry/link.ts
var registry_link = __webpack_require__(1699);
// EXTERNAL MODULE: ./src/registry/apis/http.ts
var http = __webpack_require__(1457);
;// CONCATENATED MODULE: ./src/registry/apis/ghcr.ts
/**
 * The GitHub Packages REST API for container packages (GHCR), which is the only way to delete there: ghcr.io
 * answers 405 to registry DELETEs. A package version is one manifest digest (`name`) with its tags
 * (`metadata.container.tags`); deleting a version deletes every tag on it, so callers untag first.
 *
 *   GET    /users/{owner}                                        → type: Organization | User
 *   GET    /{orgs|users}/{owner}/packages/container/{pkg}/versions?per_page=100   (Link: rel="next")
 *   GET    /{orgs|users}/{owner}/packages/container/{pkg}/versions/{id}
 *   DELETE /{orgs|users}/{owner}/packages/container/{pkg}/versions/{id}          → 204
 *
 * `{pkg}` is percent-encoded (`app/sub` → `app%2Fsub`). GitHub asks for a second between mutations.
 */


const GITHUB_API = 'https://api.github.com';
const MAX_PAGES = 10_000;
/** Token refused, or without admin rights on the package (GitHub then says "Package not found"). */
class GhcrPermissionError extends http/* ApiError */.hD {
    name = 'GhcrPermissionError';
}
function toVersion(raw) {
    if (typeof raw.id !== 'number' || typeof raw.name !== 'string')
        return undefined;
    const tags = raw.metadata?.container?.tags;
    const time = typeof raw.updated_at === 'string' ? raw.updated_at : raw.created_at;
    const ms = typeof time === 'string' ? Date.parse(time) : NaN;
    return {
        id: raw.id,
        digest: raw.name,
        tags: Array.isArray(tags) ? tags.filter((t) => typeof t === 'string') : [],
        ...(Number.isNaN(ms) ? {} : { updatedMs: ms })
    };
}
/** GitHub's refusals that are about this version, not about the token. */
const REFUSAL = /last version|5,?000 downloads|cannot delete/i;
class GhcrApi {
    http;
    owners = new Map();
    constructor(options) {
        this.http = new http/* ApiHttp */.Nv({ baseUrl: GITHUB_API, mutationIntervalMs: 1000, ...options, name: 'GitHub API' }, async () => ({
            authorization: `Bearer ${options.token}`,
            accept: 'application/vnd.github+json',
            'x-github-api-version': '2022-11-28'
        }));
    }
    /** Every version of the package at `owner/name…`, newest first; any unreadable page fails the listing. */
    async listVersions(path) {
        let url = `${await this.base(path)}/versions?per_page=100`;
        const versions = [];
        const seen = new Set();
        for (let page = 0; url !== undefined; page++) {
            if (page >= MAX_PAGES || seen.has(url))
                throw new http/* ApiError */.hD(`GitHub version pages of ${path} do not end`);
            seen.add(url);
            const response = await this.http.request('GET', url);
            if (response.status !== 200)
                throw this.failure(response, `list the versions of ${path}`);
            const raw = (0,http/* json */.Pq)(response, 'GitHub API');
            if (!Array.isArray(raw))
                throw new http/* ApiError */.hD(`GitHub answered the version list of ${path} with no list`);
            for (const entry of raw) {
                const version = toVersion(entry);
                if (version)
                    versions.push(version);
            }
            const next = (0,registry_link/* nextLink */.I)(response.headers.get('link'), response.url);
            if (next !== undefined && !this.http.sameOrigin(next)) {
                throw new http/* ApiError */.hD(`GitHub sent a next page on another host (${new URL(next).host})`);
            }
            url = next;
        }
        return versions;
    }
    /** The version as it is now, or undefined when it is gone. */
    async getVersion(path, id) {
        const response = await this.http.request('GET', `${await this.base(path)}/versions/${id}`);
        if (response.status === 404)
            return undefined;
        if (response.status !== 200)
            throw this.failure(response, `read version ${id} of ${path}`);
        return toVersion((0,http/* json */.Pq)(response, 'GitHub API'));
    }
    /** The newest version with this digest (a just-pushed one is on the first pages). */
    async findVersion(path, digest, pages = 3) {
        const base = await this.base(path);
        for (let page = 1; page <= pages; page++) {
            const response = await this.http.request('GET', `${base}/versions?per_page=100&page=${page}`);
            if (response.status !== 200)
                throw this.failure(response, `list the versions of ${path}`);
            const list = ((0,http/* json */.Pq)(response, 'GitHub API') ?? []).map(toVersion);
            const found = list.find(v => v?.digest === digest);
            if (found || list.length < 100)
                return found;
        }
        return undefined;
    }
    /** Deletes one version; `{refused}` when GitHub will not for this version (last one, >5,000 downloads). */
    async deleteVersion(path, id) {
        const response = await this.http.request('DELETE', `${await this.base(path)}/versions/${id}`);
        if (response.status === 204 || response.status === 200)
            return 'deleted';
        const message = (0,http/* apiMessage */.SX)(response);
        if ([400, 403, 422].includes(response.status) && REFUSAL.test(message))
            return { refused: message };
        throw this.failure(response, `delete version ${id} of ${path}`);
    }
    failure(response, what) {
        const detail = `${response.status} ${(0,http/* apiMessage */.SX)(response)}`.trim();
        // A token without admin rights on the package gets 404 "Package not found", even for deletes. A 403
        // that is a rate limit still in force after the waits is not a permission problem.
        if ([401, 403, 404].includes(response.status) && !/rate limit/i.test(detail)) {
            return new GhcrPermissionError(`GitHub refused to ${what} (${detail}): the token needs delete:packages (a classic PAT) or, for ` +
                'GITHUB_TOKEN, packages: write and the Admin role in the package settings', response.status);
        }
        return new http/* ApiError */.hD(`GitHub could not ${what} (${detail})`, response.status);
    }
    /** `/orgs/{owner}/packages/container/{pkg}` or `/users/…`, by what GitHub says the owner is. */
    async base(path) {
        const slash = path.indexOf('/');
        if (slash <= 0)
            throw new http/* ApiError */.hD(`"${path}" is not a GHCR package (owner/name)`);
        const owner = path.slice(0, slash);
        const name = encodeURIComponent(path.slice(slash + 1));
        let kind = this.owners.get(owner);
        if (kind === undefined) {
            kind = this.http.request('GET', `/users/${encodeURIComponent(owner)}`).then(response => {
                if (response.status !== 200)
                    throw this.failure(response, `look up the owner ${owner}`);
                return (0,http/* json */.Pq)(response, 'GitHub API').type === 'Organization' ? 'orgs' : 'users';
            });
            this.owners.set(owner, kind);
        }
        return `/${await kind}/${encodeURIComponent(owner)}/packages/container/${name}`;
    }
}

;// CONCATENATED MODULE: ./src/registry/apis/hub.ts
/**
 * Docker Hub's own API (hub.docker.com), for what the registry API cannot do on Hub: list tags with their
 * push times and delete one tag without touching the image under it.
 *
 * Auth: `POST /v2/auth/token {identifier, secret}` → `access_token` (valid ten minutes; the PAT needs the
 * "Read, Write, Delete" scope). The deprecated `POST /v2/users/login {username, password}` → `token` is
 * tried only when the first route does not exist. Tags: `GET /v2/namespaces/{ns}/repositories/{repo}/tags`
 * (100 per page, `next` links). Delete: `DELETE /v2/namespaces/{ns}/repositories/{repo}/tags/{tag}`, with
 * the older `/v2/repositories/{ns}/{repo}/tags/{tag}/` when that route answers 405.
 */

const DOCKER_HUB_API = 'https://hub.docker.com';
const TOKEN_LIFETIME_MS = 8 * 60_000;
const PAGE_SIZE = 100;
const hub_MAX_PAGES = 10_000;
/** Credentials refused, or not allowed to delete: stops pruning this repository. */
class HubPermissionError extends http/* ApiError */.hD {
    name = 'HubPermissionError';
}
function splitPath(path) {
    const parts = path.split('/');
    if (parts.length !== 2)
        throw new http/* ApiError */.hD(`"${path}" is not a Docker Hub repository (namespace/name)`);
    return [encodeURIComponent(parts[0]), encodeURIComponent(parts[1])];
}
class HubApi {
    options;
    http;
    token;
    pending;
    constructor(options) {
        this.options = options;
        // The header carries whatever token is current; `bearer()` renews it before each request.
        this.http = new http/* ApiHttp */.Nv({ baseUrl: DOCKER_HUB_API, ...options, name: 'Docker Hub API' }, async () => {
            const headers = {};
            if (this.token)
                headers.authorization = `Bearer ${this.token.value}`;
            return headers;
        });
    }
    /** Every tag with its push time; an unreadable page or a short count fails (never a partial list). */
    async listTags(path) {
        const [ns, repo] = splitPath(path);
        await this.bearer();
        const tags = [];
        const seen = new Set();
        let url = `/v2/namespaces/${ns}/repositories/${repo}/tags?page_size=${PAGE_SIZE}`;
        let expected;
        for (let page = 0; url !== undefined; page++) {
            if (page >= hub_MAX_PAGES || seen.has(url))
                throw new http/* ApiError */.hD(`Docker Hub tag pages for ${path} do not end`);
            seen.add(url);
            const response = await this.authed('GET', url);
            if (response.status !== 200)
                throw this.failure(response, `list tags of ${path}`);
            const body = (0,http/* json */.Pq)(response, 'Docker Hub API');
            expected ??= body.count;
            for (const result of body.results ?? []) {
                if (typeof result.name !== 'string')
                    continue;
                const pushed = typeof result.tag_last_pushed === 'string' ? result.tag_last_pushed : result.last_updated;
                const ms = typeof pushed === 'string' ? Date.parse(pushed) : NaN;
                tags.push(Number.isNaN(ms) ? { name: result.name } : { name: result.name, pushedMs: ms });
            }
            const next = body.next ?? undefined;
            if (next !== undefined && !this.http.sameOrigin(this.http.url(next))) {
                throw new http/* ApiError */.hD(`Docker Hub sent a next page on another host (${new URL(this.http.url(next)).host})`);
            }
            url = next;
        }
        if (expected !== undefined && tags.length < expected) {
            throw new http/* ApiError */.hD(`Docker Hub listed ${tags.length} of ${expected} tags of ${path}`);
        }
        return tags;
    }
    /** Removes one tag, leaving the image; 'not-found' when Hub does not know it (anymore). */
    async deleteTag(path, tag) {
        const [ns, repo] = splitPath(path);
        const name = encodeURIComponent(tag);
        let response = await this.authed('DELETE', `/v2/namespaces/${ns}/repositories/${repo}/tags/${name}`);
        if (response.status === 405)
            response = await this.authed('DELETE', `/v2/repositories/${ns}/${repo}/tags/${name}/`);
        if ([200, 202, 204].includes(response.status))
            return 'deleted';
        if (response.status === 404)
            return 'not-found';
        throw this.failure(response, `delete tag ${tag} of ${path}`);
    }
    failure(response, what) {
        const detail = `${response.status} ${(0,http/* apiMessage */.SX)(response)}`.trim();
        if (response.status === 401 || response.status === 403) {
            return new HubPermissionError(`Docker Hub refused to ${what} (${detail}): the token needs the Read, Write, Delete scope`, response.status);
        }
        return new http/* ApiError */.hD(`Docker Hub could not ${what} (${detail})`, response.status);
    }
    /** A request with the token, renewed once if Hub says it expired. */
    async authed(method, path) {
        await this.bearer();
        const response = await this.http.request(method, path);
        if (response.status !== 401)
            return response;
        this.token = undefined;
        await this.bearer();
        return this.http.request(method, path);
    }
    async bearer() {
        if (this.token && Date.now() < this.token.until)
            return this.token.value;
        this.pending ??= this.login().finally(() => (this.pending = undefined));
        return this.pending;
    }
    async login() {
        const { username, password } = this.options;
        this.token = undefined;
        let response = await this.http.request('POST', '/v2/auth/token', { identifier: username, secret: password });
        let field = 'access_token';
        if (response.status === 404 || response.status === 405) {
            response = await this.http.request('POST', '/v2/users/login', { username, password });
            field = 'token';
        }
        if (response.status !== 200)
            throw this.failure(response, `log in as ${username}`);
        const value = (0,http/* json */.Pq)(response, 'Docker Hub API')[field];
        if (typeof value !== 'string' || value === '')
            throw new http/* ApiError */.hD('Docker Hub login answered without a token');
        this.token = { value, until: Date.now() + TOKEN_LIFETIME_MS };
        return value;
    }
}

;// CONCATENATED MODULE: ./src/prune/run/placeholder.ts
/**
 * The untag trick for registries that cannot delete a single tag (distribution 2.8, GHCR): point the tag
 * at a tiny manifest of its own, then delete that manifest — which takes the tag with it and leaves the
 * siblings on the old digest alone. Guarded on both sides: the tag must still be where the plan saw it
 * right before the PUT, and must hold the placeholder right after it, or a newer push is never touched.
 */



const EMPTY = new TextEncoder().encode('{}');
const EMPTY_DIGEST = (0,registry/* computeDigest */.MK)(EMPTY);
const PLACEHOLDER_TYPE = 'application/vnd.image-action.untagged.v1';
/** An empty OCI artifact, unique per call (so two untags never share a digest that one of them deletes). */
function placeholderManifest(tag, digest) {
    const empty = { mediaType: registry/* MediaType */.zu.ociEmpty, digest: EMPTY_DIGEST, size: EMPTY.byteLength };
    const manifest = {
        schemaVersion: 2,
        mediaType: registry/* MediaType */.zu.ociManifest,
        artifactType: PLACEHOLDER_TYPE,
        config: empty,
        layers: [empty],
        annotations: {
            'org.opencontainers.image.description': `image-action removed tag ${tag} from ${digest}`,
            'io.github.image-action.nonce': `${new Date().toISOString()}-${(0,external_node_crypto_.randomBytes)(8).toString('hex')}`
        }
    };
    return new TextEncoder().encode(JSON.stringify(manifest));
}
/** Uploads the 2-byte empty blob the placeholder refers to, once per repository. */
function emptyBlobOnce(client, path) {
    let done;
    return () => {
        done ??= (async () => {
            if ((await client.headBlob(path, EMPTY_DIGEST)) === undefined)
                await client.uploadBlob(path, EMPTY);
        })();
        return done;
    };
}
/** Moves `tag` off `digest` onto a placeholder and deletes the placeholder; loud when that half-fails. */
async function untagWithPlaceholder(deps, tag, digest) {
    const { client, path } = deps;
    await deps.ensureEmptyBlob();
    const bytes = placeholderManifest(tag, digest);
    const placeholder = (0,registry/* computeDigest */.MK)(bytes);
    const before = await client.headManifest(path, tag);
    if (before === undefined)
        return { status: 'gone', detail: 'the tag was removed meanwhile' };
    if (before.digest !== digest) {
        return { status: 'skipped', detail: `the tag now points at ${before.digest}; a newer push is left alone` };
    }
    await client.putManifest(path, tag, bytes, registry/* MediaType */.zu.ociManifest);
    const after = await client.headManifest(path, tag);
    const moved = after?.digest !== placeholder;
    let lastError;
    const attempts = deps.attempts ?? 3;
    for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
            await deps.deletePlaceholder(placeholder);
            return moved
                ? {
                    status: 'skipped',
                    detail: `the tag was re-pushed during the untag (now ${after?.digest ?? 'gone'}); left alone`
                }
                : { status: 'done', detail: `via placeholder ${placeholder}` };
        }
        catch (error) {
            lastError = error;
            if (attempt < attempts)
                await (deps.sleep ?? (ms => new Promise(r => setTimeout(r, ms))))(1000 * attempt);
        }
    }
    return {
        status: 'failed',
        detail: `HALF-FINISHED UNTAG: ${tag} now points at placeholder ${placeholder} (it was ${digest}), and deleting the ` +
            `placeholder failed ${attempts} times (${(0,errors/* toMessage */.R9)(lastError)}); delete ${placeholder} by hand`
    };
}

// EXTERNAL MODULE: ./src/shell/cancel.ts
var cancel = __webpack_require__(214);
;// CONCATENATED MODULE: ./src/prune/plan/graph.ts
function buildGraph(inventory, attached) {
    const out = new Map();
    const add = (from, to, kind) => {
        if (from === to)
            return;
        const edges = out.get(from) ?? new Map();
        // A manifest that is both a child and a referrer of one parent is recorded once, as the stronger bond.
        if (!edges.has(to) || kind === 'child')
            edges.set(to, kind);
        out.set(from, edges);
    };
    for (const node of inventory.nodes.values()) {
        for (const child of node.content?.children ?? [])
            add(node.digest, child, 'child');
        if (node.content?.subject !== undefined)
            add(node.content.subject, node.digest, 'referrer');
        for (const referrer of node.referrers ?? [])
            add(node.digest, referrer, 'referrer');
    }
    for (const [tag, subject] of attached) {
        const digest = inventory.tags.get(tag);
        if (digest !== undefined)
            add(subject, digest, 'referrers-index');
    }
    const sortedOut = new Map();
    const incoming = new Map();
    for (const from of [...out.keys()].sort()) {
        const edges = [...out.get(from)]
            .map(([to, kind]) => ({ to, kind }))
            .sort((a, b) => a.to.localeCompare(b.to));
        sortedOut.set(from, edges);
        for (const edge of edges)
            incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), { from, kind: edge.kind }]);
    }
    return { out: sortedOut, in: incoming };
}
/**
 * Breadth-first from `roots` (visited in the given order), recording for each reached manifest why it was
 * reached: the root's own reason, or the edge it came through. `stop` digests are neither entered nor passed.
 */
function reach(graph, roots, describe, stop = () => false) {
    const why = new Map();
    const queue = [];
    for (const root of roots) {
        if (why.has(root.digest) || stop(root.digest))
            continue;
        why.set(root.digest, root.why);
        queue.push(root.digest);
    }
    for (let i = 0; i < queue.length; i++) {
        const from = queue[i];
        for (const edge of graph.out.get(from) ?? []) {
            if (why.has(edge.to) || stop(edge.to))
                continue;
            why.set(edge.to, describe(edge, from));
            queue.push(edge.to);
        }
    }
    return why;
}
/**
 * Deletion order for `doomed`: a manifest after every doomed manifest upstream of it (Kahn's algorithm,
 * ties by digest). A cycle (possible only with odd referrers) is broken deterministically, and its
 * back edges dropped so no step waits on a later one.
 */
function deletionOrder(graph, doomed) {
    const upstream = new Map();
    for (const digest of doomed) {
        const from = (graph.in.get(digest) ?? []).map(e => e.from).filter(d => doomed.has(d));
        upstream.set(digest, [...new Set(from)].sort());
    }
    const done = new Set();
    const order = [];
    const pending = [...doomed].sort();
    while (pending.length > 0) {
        const ready = pending.find(d => upstream.get(d).every(u => done.has(u)));
        const next = ready ?? pending[0];
        pending.splice(pending.indexOf(next), 1);
        order.push({ digest: next, after: upstream.get(next).filter(u => done.has(u)) });
        done.add(next);
    }
    return order;
}

// EXTERNAL MODULE: ./src/registry/attached-tags.ts
var attached_tags = __webpack_require__(897);
// EXTERNAL MODULE: ./src/prune/plan/rules.ts
var plan_rules = __webpack_require__(4389);
;// CONCATENATED MODULE: ./src/prune/plan/judge.ts
/**
 * Tag-level judgement (pure): protections first, then the first delete rule that matches each tag; rules
 * with `keep`/`older-than` rank the digests they judge. Nothing here knows about manifests beyond their time.
 */


/** Container images did not exist before Docker's first release: an earlier date is a fixed build date. */
const EARLIEST_PLAUSIBLE_MS = Date.UTC(2013, 0, 1);
const FUTURE_SLACK_MS = 86_400_000;
/** `1`, `1.2`, `1.2.3`, `v1.2.3`: what type=semver writes. At most 4 digits first, so dates are not releases. */
const SEMVER_RELEASE = /^v?(?:0|[1-9]\d{0,3})(?:\.(?:0|[1-9]\d*)){0,2}$/;
function isSemverRelease(tag) {
    return SEMVER_RELEASE.test(tag);
}
const day = (ms) => new Date(ms).toISOString().slice(0, 10);
/** The node's time if it can be trusted: known, after 2013 and not in the future. */
function trustedTime(node, now) {
    if (node?.time === undefined)
        return node?.timeUnknown === undefined ? undefined : { unknown: node.timeUnknown };
    const { ms, source } = node.time;
    if (ms < EARLIEST_PLAUSIBLE_MS) {
        return { unknown: `${source} says ${day(ms)}, a fixed date from a reproducible build, not a real age` };
    }
    if (ms > now + FUTURE_SLACK_MS)
        return { unknown: `${source} says ${day(ms)}, in the future` };
    return { ok: node.time };
}
function ruleMatches(rule, tag, ctx) {
    const cachePrefix = `${ctx.cachePrefix}-`;
    switch (rule.type) {
        case 'tags':
            return (!ctx.layerCache &&
                !tag.startsWith(cachePrefix) &&
                (rule.match?.test(tag) ?? true) &&
                !(rule.exclude?.test(tag) ?? false));
        case 'cache':
            return ctx.layerCache === true || tag.startsWith(`${rule.prefix ?? ctx.cachePrefix}-`);
        case 'pr-closed': {
            if (ctx.closedPr === undefined || ctx.layerCache)
                return false;
            const own = `${rule.prefix}${ctx.closedPr}`;
            const cache = `${ctx.cachePrefix}-pr-${ctx.closedPr}`;
            const under = (base) => tag === base || tag.startsWith(`${base}-`);
            return under(own) || (rule.cache && under(cache));
        }
        case 'untagged':
            return false;
    }
}
/** `buildcache-main`, and its per-stage and partial refs (cache/refs.ts): `buildcache-main-stage-build-partial`. */
function isDefaultCacheTag(tag, ctx) {
    if (ctx.defaultCacheScope === undefined)
        return false;
    const base = `${ctx.cachePrefix}-${ctx.defaultCacheScope}`;
    return tag === base || tag === `${base}-partial` || tag.startsWith(`${base}-stage-`);
}
function protection(tag, rules, ctx) {
    if (ctx.protectedTags.has(tag))
        return 'pushed by this run';
    const keep = rules.keeps.find(rule => rule.match.test(tag));
    if (keep)
        return `protected by ${keep.label}`;
    if (rules.keepLatest && tag === 'latest')
        return 'latest is always kept (type=keep,latest=false allows pruning it)';
    if (rules.keepDefaultCache && isDefaultCacheTag(tag, ctx)) {
        return "the default branch's cache, which pull requests and new branches read (type=keep,default-cache=false allows pruning it)";
    }
    if (rules.keepSemver && isSemverRelease(tag)) {
        return 'semver release, always kept (type=keep,semver=false allows pruning it)';
    }
    return undefined;
}
/** Judges the tags one keep/older-than rule matched, per digest: ten tags on one image count as one. */
function rankByTime(rule, tags, inventory, ctx, out) {
    const byDigest = new Map();
    for (const tag of tags) {
        const digest = inventory.tags.get(tag);
        byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag]);
    }
    const known = [];
    for (const [digest, digestTags] of byDigest) {
        const verdict = trustedTime(inventory.nodes.get(digest), ctx.now);
        const set = (reason) => digestTags.forEach(tag => out.verdicts.set(tag, { action: 'keep', reason: `${reason} (${rule.label})` }));
        if (verdict === undefined) {
            out.needsTimes.add(digest);
            set('creation time not read yet');
        }
        else if ('unknown' in verdict) {
            set(`no trustworthy creation time: ${verdict.unknown}`);
            out.warnings.push(`${inventory.repository}: kept ${digestTags.join(', ')}: ${verdict.unknown}`);
        }
        else
            known.push({ digest, tags: [...digestTags].sort(), time: verdict.ok });
    }
    // Newest first; equal times fall back to the tag name so that every run ranks alike.
    known.sort((a, b) => b.time.ms - a.time.ms || a.tags[0].localeCompare(b.tags[0]));
    const keep = rule.keep ?? 0;
    known.forEach((entry, index) => {
        const created = `${day(entry.time.ms)} per ${entry.time.source}`;
        let verdict;
        if (index < keep)
            verdict = { action: 'keep', reason: `one of the ${keep} newest (${created})` };
        else if (rule.olderThanMs === undefined) {
            verdict = { action: 'delete', reason: `not one of the ${keep} newest (${created})` };
        }
        else if (ctx.now - entry.time.ms > rule.olderThanMs) {
            verdict = { action: 'delete', reason: `older than ${(0,plan_rules/* formatDuration */.a3)(rule.olderThanMs)} (${created})` };
        }
        else {
            verdict = { action: 'keep', reason: `younger than ${(0,plan_rules/* formatDuration */.a3)(rule.olderThanMs)} (${created})` };
        }
        for (const tag of entry.tags) {
            out.verdicts.set(tag, { action: verdict.action, reason: `${verdict.reason} (${rule.label})` });
        }
    });
}
/** Judges every tag of the inventory against the rules; deterministic whatever the maps' order. */
function judgeTags(inventory, rules, ctx) {
    const verdicts = new Map();
    const attached = new Map();
    const judged = new Map();
    for (const tag of [...inventory.tags.keys()].sort()) {
        const subject = (0,attached_tags/* attachedSubject */.Xs)(tag);
        if (subject !== undefined && !ctx.protectedTags.has(tag)) {
            attached.set(tag, subject);
            continue;
        }
        const protectedBy = protection(tag, rules, ctx);
        if (protectedBy !== undefined) {
            verdicts.set(tag, { action: 'keep', reason: protectedBy });
            continue;
        }
        const rule = rules.deletes.find(candidate => ruleMatches(candidate, tag, ctx));
        if (rule === undefined)
            verdicts.set(tag, { action: 'keep', reason: 'no rule matches' });
        else
            judged.set(rule, [...(judged.get(rule) ?? []), tag]);
    }
    const out = { verdicts, needsTimes: new Set(), warnings: [] };
    for (const [rule, tags] of judged) {
        if (rule.type === 'pr-closed') {
            const reason = `pull request #${ctx.closedPr} was closed (${rule.label})`;
            tags.forEach(tag => verdicts.set(tag, { action: 'delete', reason }));
        }
        else if (rule.type !== 'untagged' && (rule.keep !== undefined || rule.olderThanMs !== undefined)) {
            rankByTime(rule, tags, inventory, ctx, out);
        }
        else {
            tags.forEach(tag => verdicts.set(tag, { action: 'delete', reason: `matches ${rule.label}` }));
        }
    }
    return {
        tags: verdicts,
        attached,
        needsTimes: [...out.needsTimes].sort(),
        warnings: [...new Set(out.warnings)].sort()
    };
}
/** Untagged manifests nothing points at, listed by the registry: what `type=untagged` may take. */
function untaggedVerdicts(inventory, rule, hasParent, now) {
    const verdicts = new Map();
    const tagged = new Set(inventory.tags.values());
    for (const node of [...inventory.nodes.values()].sort((a, b) => a.digest.localeCompare(b.digest))) {
        if (!node.listedUntagged || tagged.has(node.digest) || node.missing || hasParent(node.digest))
            continue;
        if (rule === undefined || !inventory.untaggedListed) {
            verdicts.set(node.digest, { action: 'keep', reason: 'untagged; no type=untagged rule' });
            continue;
        }
        const time = trustedTime(node, now);
        const grace = (0,plan_rules/* formatDuration */.a3)(rule.graceMs);
        if (time === undefined || 'unknown' in time) {
            verdicts.set(node.digest, { action: 'keep', reason: `untagged, age unknown (${rule.label})` });
        }
        else if (now - time.ok.ms <= rule.graceMs) {
            verdicts.set(node.digest, { action: 'keep', reason: `untagged for less than ${grace} (${rule.label})` });
        }
        else {
            verdicts.set(node.digest, { action: 'delete', reason: `untagged for over ${grace} (${rule.label})` });
        }
    }
    return verdicts;
}

;// CONCATENATED MODULE: ./src/prune/plan/needs.ts
const INDEX_TYPES = new Set([
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json'
]);
const NO_NEEDS = { heads: [], manifests: [], referrers: [], times: [] };
function isIndexType(mediaType) {
    return mediaType !== undefined && INDEX_TYPES.has(mediaType);
}
/**
 * What must be read before the plan may run. Only when something is deleted: then every needed manifest's
 * type must be known and every needed index read (its children are what a deletion could break), and every
 * doomed manifest read (its children and subject) with its referrers listed where the registry has the API.
 */
function findNeeds(inventory, needed, doomed, times) {
    const heads = [];
    const manifests = [];
    const referrers = [];
    if (doomed.size > 0) {
        for (const digest of [...needed.keys()].sort()) {
            const node = inventory.nodes.get(digest);
            if (node === undefined || node.missing || node.content !== undefined)
                continue;
            if (node.mediaType === undefined)
                heads.push(digest);
            else if (isIndexType(node.mediaType))
                manifests.push(digest);
        }
        for (const digest of [...doomed].sort()) {
            const node = inventory.nodes.get(digest);
            if (node?.content === undefined)
                manifests.push(digest);
            if (inventory.referrers === 'api' && node?.referrers === undefined)
                referrers.push(digest);
        }
    }
    return { heads, manifests, referrers, times: [...times] };
}
function hasNeeds(plan) {
    const { heads, manifests, referrers, times } = plan.needs;
    return heads.length + manifests.length + referrers.length + times.length > 0;
}

// EXTERNAL MODULE: ./src/registry/digest.ts
var registry_digest = __webpack_require__(5035);
;// CONCATENATED MODULE: ./src/prune/plan/planner.ts
/**
 * The prune planner (pure, deterministic): inventory + rules + context in, every keep and delete with its
 * reason out. Safety comes from the graph, not from the rules: whatever a kept tag, a kept index or a kept
 * subject reaches is needed, and nothing needed is ever deleted — a rule can only take a tag away from it.
 */






const planner_short = (digest) => digest.replace(/^sha256:/, '').slice(0, 12);
function describeEdge(edge, from) {
    switch (edge.kind) {
        case 'child':
            return `in index ${planner_short(from)}`;
        case 'referrer':
            return `refers to ${planner_short(from)}`;
        case 'referrers-index':
            return `referrers index of ${planner_short(from)}`;
    }
}
/**
 * Why listed tags that could not be read stop every deletion here, and what to do about it (also what the
 * guard says when a re-reading finds one).
 */
function unreadableTags(entries) {
    const sorted = [...entries].sort(([a], [b]) => a.localeCompare(b));
    const one = sorted.length === 1;
    const list = sorted.map(([tag, why]) => `${tag} (${why})`).join(', ');
    return (`${one ? 'tag' : 'tags'} ${list} ${one ? 'was' : 'were'} listed but could not be read: ` +
        `${one ? 'it' : 'they'} may point at any image here, and deleting a manifest deletes every tag on it. ` +
        'Run the prune again: this is transient (a registry not yet consistent) or a tag changed while it was read');
}
function blocked(inventory, why) {
    const tags = [...inventory.tags].sort(([a], [b]) => a.localeCompare(b));
    const unreadable = [...inventory.unreadable].sort(([a], [b]) => a.localeCompare(b));
    const decisions = [
        ...tags.map(([tag, digest]) => ({
            tag,
            digest,
            action: 'keep',
            reason: `nothing deleted here: ${why}`
        })),
        ...unreadable.map(([tag, error]) => ({
            tag,
            digest: UNKNOWN_DIGEST,
            action: 'keep',
            reason: `listed, but could not be read (${error}); nothing deleted here`
        }))
    ].sort((a, b) => a.tag.localeCompare(b.tag));
    return {
        repository: inventory.repository,
        kind: inventory.kind,
        blocked: why,
        ...(unreadable.length > 0 ? { unreadable: unreadable.map(([tag]) => tag) } : {}),
        tags: decisions,
        manifests: [],
        steps: [],
        needs: NO_NEEDS,
        notes: [],
        // Unreadable tags fail the run, which reports them as an error rather than a warning.
        warnings: unreadable.length > 0 ? [] : [`${inventory.repository}: nothing deleted: ${why}`]
    };
}
function planPrune(inventory, rules, ctx) {
    // A listed tag that could not be read may point at any digest here, and a manifest DELETE removes every
    // tag on its digest: no digest delete is safe while one exists. Untagging by name alone could go on (it
    // cannot remove another tag), but on distribution 2.8 an untag is itself a digest delete (its placeholder's)
    // and half a plan helps nobody: the cause is transient, so nothing is deleted here until a run reads every
    // tag, and the run fails meanwhile.
    const whys = [...inventory.problems];
    if (inventory.unreadable.size > 0)
        whys.push(unreadableTags(inventory.unreadable));
    if (whys.length > 0)
        return blocked(inventory, whys.join('; '));
    const judged = judgeTags(inventory, rules, ctx);
    const graph = buildGraph(inventory, judged.attached);
    const present = (d) => inventory.nodes.has(d) && !inventory.nodes.get(d)?.missing;
    const hasParent = (d) => (graph.in.get(d) ?? []).some(e => present(e.from));
    const untaggedRule = rules.deletes.find((r) => r.type === 'untagged');
    const untagged = untaggedVerdicts(inventory, untaggedRule, hasParent, ctx.now);
    const graceMs = untaggedRule?.graceMs ?? plan_rules/* DEFAULT_GRACE_MS */.uh;
    // Roots of what must stay: kept tags, untagged manifests no rule takes, anything pushed within the grace
    // window (an index may still be on its way to its children), and tags attached to a subject not here.
    const roots = [];
    for (const [tag, verdict] of [...judged.tags].sort(([a], [b]) => a.localeCompare(b))) {
        if (verdict.action === 'keep')
            roots.push({ digest: inventory.tags.get(tag), why: `tagged ${tag}` });
    }
    for (const [digest, verdict] of untagged)
        if (verdict.action === 'keep')
            roots.push({ digest, why: verdict.reason });
    for (const node of [...inventory.nodes.values()].sort((a, b) => a.digest.localeCompare(b.digest))) {
        const time = trustedTime(node, ctx.now);
        const young = time !== undefined && 'ok' in time && ctx.now - time.ok.ms <= graceMs;
        if (node.listedUntagged && young)
            roots.push({ digest: node.digest, why: `pushed less than ${(0,plan_rules/* formatDuration */.a3)(graceMs)} ago` });
    }
    for (const [tag, subject] of [...judged.attached].sort(([a], [b]) => a.localeCompare(b))) {
        if (!present(subject))
            roots.push({ digest: inventory.tags.get(tag), why: `tagged ${tag}` });
    }
    const candidates = [];
    for (const [tag, verdict] of [...judged.tags].sort(([a], [b]) => a.localeCompare(b))) {
        if (verdict.action === 'delete') {
            candidates.push({ digest: inventory.tags.get(tag), why: `tag ${tag}: ${verdict.reason}` });
        }
    }
    for (const [digest, verdict] of untagged)
        if (verdict.action === 'delete')
            candidates.push({ digest, why: verdict.reason });
    // Every kept tag is a root. Attached tags are decided only once their subject's fate is known, so one
    // kept that way (its subject neither needed nor deleted) joins the roots and the walk is redone; roots
    // only grow, so this ends.
    let needed;
    let doomedWhy;
    let tagDecisions;
    for (;;) {
        needed = reach(graph, roots, describeEdge);
        const stop = (d) => needed.has(d) || !present(d);
        doomedWhy = reach(graph, candidates, describeEdge, stop);
        tagDecisions = decideTags(inventory, judged, needed, new Set(doomedWhy.keys()));
        const clashes = tagDecisions.filter(t => t.action === 'keep' && !needed.has(t.digest) && present(t.digest));
        if (clashes.length === 0)
            break;
        roots.push(...clashes.map(t => ({ digest: t.digest, why: `tagged ${t.tag}` })));
    }
    const doomed = new Set(doomedWhy.keys());
    const deleteTags = new Set(tagDecisions.filter(t => t.action === 'delete').map(t => t.tag));
    const steps = tagDecisions
        .filter(t => t.how === 'untag')
        .map(t => ({ op: 'untag', tag: t.tag, digest: t.digest }));
    const tagsOf = new Map();
    for (const [tag, digest] of [...inventory.tags].sort(([a], [b]) => a.localeCompare(b))) {
        tagsOf.set(digest, [...(tagsOf.get(digest) ?? []), tag]);
    }
    const manifests = [];
    for (const { digest, after } of deletionOrder(graph, doomed)) {
        const node = inventory.nodes.get(digest);
        const tags = (tagsOf.get(digest) ?? []).filter(tag => deleteTags.has(tag));
        const subject = node?.content?.subject;
        // A referrer leaving a subject that stays must also leave the subject's `sha256-<hex>` index.
        const fallback = subject === undefined ? undefined : (0,registry_digest/* referrersTag */.LN)(subject);
        const updateFallback = subject !== undefined && !doomed.has(subject) && fallback !== undefined && inventory.tags.has(fallback);
        steps.push({
            op: 'delete',
            digest,
            tags,
            after,
            ...(updateFallback ? { subject } : {}),
            ...(node?.versionId === undefined ? {} : { versionId: node.versionId })
        });
        const reason = doomedWhy.get(digest);
        manifests.push({
            digest,
            action: 'delete',
            reason,
            tags,
            ...(node?.versionId === undefined ? {} : { versionId: node.versionId })
        });
    }
    for (const [digest, verdict] of untagged) {
        if (verdict.action === 'keep' && untaggedRule)
            manifests.push({ digest, action: 'keep', reason: verdict.reason, tags: [] });
    }
    const notes = [];
    if (untaggedRule && !inventory.untaggedListed) {
        notes.push(`${untaggedRule.label}: this registry cannot list untagged manifests, so the rule has nothing to act on`);
    }
    const prRule = rules.deletes.find(r => r.type === 'pr-closed');
    if (prRule && ctx.closedPr === undefined)
        notes.push(`${prRule.label}: not a closed pull request, nothing to do`);
    const needs = findNeeds(inventory, needed, doomed, judged.needsTimes);
    return {
        repository: inventory.repository,
        kind: inventory.kind,
        tags: tagDecisions,
        manifests,
        steps,
        needs,
        notes,
        warnings: judged.warnings
    };
}
/** Final tag decisions: attached tags follow their subject; a deleted tag on a needed digest is only untagged. */
function decideTags(inventory, judged, needed, doomed) {
    const decisions = [];
    for (const [tag, digest] of [...inventory.tags].sort(([a], [b]) => a.localeCompare(b))) {
        const subject = judged.attached.get(tag);
        let verdict;
        if (subject === undefined)
            verdict = judged.tags.get(tag);
        else if (doomed.has(subject))
            verdict = { action: 'delete', reason: `attached to deleted ${planner_short(subject)}` };
        else if (needed.has(subject))
            verdict = { action: 'keep', reason: `attached to kept ${planner_short(subject)}` };
        else
            verdict = { action: 'keep', reason: `attached to ${planner_short(subject)}, which is not deleted` };
        if (verdict.action === 'keep') {
            decisions.push({ tag, digest, action: 'keep', reason: verdict.reason });
        }
        else if (doomed.has(digest)) {
            decisions.push({ tag, digest, action: 'delete', how: 'with-manifest', reason: verdict.reason });
        }
        else {
            const stays = needed.get(digest) ?? 'not deletable';
            decisions.push({
                tag,
                digest,
                action: 'delete',
                how: 'untag',
                reason: `${verdict.reason}; only the tag goes (digest ${stays})`
            });
        }
    }
    return decisions;
}

;// CONCATENATED MODULE: ./src/prune/run/steps.ts
/**
 * Running a plan's steps against a backend (shell): every step checks the registry before it mutates, a deletion
 * starts only once the deletions it waits for succeeded, and a permission error stops the repository
 * instead of being read as "already gone".
 */




/** Thrown by a backend when the credentials may not delete here: nothing more is tried in this repository. */
class StopRepository extends Error {
    name = 'StopRepository';
}
function describe(repository, step) {
    if (step.op === 'untag')
        return `${repository}:${step.tag} (untag; ${step.digest} stays)`;
    const tags = step.tags.length > 0 ? ` tags ${step.tags.join(', ')}` : ' untagged';
    const version = step.versionId === undefined ? '' : ` version ${step.versionId}`;
    return `${repository}@${step.digest}${tags}${version}`;
}
async function runSteps(plan, backend, options) {
    const limit = (0,retry/* createLimiter */.zm)(options.concurrency ?? 8);
    let stopped;
    let refusedAll;
    if (plan.steps.length > 0) {
        try {
            refusedAll = await backend.prepare();
        }
        catch (error) {
            stopped = (0,errors/* toMessage */.R9)(error);
        }
    }
    const byDigest = new Map();
    const run = async (step) => {
        if (step.op === 'delete') {
            const parents = await Promise.all(step.after.map(d => byDigest.get(d)));
            const blocking = parents.find(p => p.status !== 'done' && p.status !== 'gone');
            if (blocking) {
                return {
                    step,
                    status: 'skipped',
                    detail: `waits for ${planner_short(blocking.step.op === 'delete' ? blocking.step.digest : '')}, which was not deleted`
                };
            }
        }
        return limit(async () => {
            // A cancelled run deletes nothing more; what was done and what was not is in the results.
            if (stopped === undefined && (0,cancel/* isCancelled */.mm)())
                stopped = (0,cancel/* cancellation */.WN)().message;
            if (stopped !== undefined)
                return { step, status: 'skipped', detail: `stopped: ${stopped}` };
            if (refusedAll !== undefined)
                return { step, status: 'refused', detail: refusedAll };
            try {
                const outcome = step.op === 'untag' ? await backend.untag(step) : await backend.remove(step);
                return { step, ...outcome };
            }
            catch (error) {
                if (error instanceof StopRepository || error instanceof cancel/* CancelledError */.cc)
                    stopped ??= error.message;
                return { step, status: 'failed', detail: (0,errors/* toMessage */.R9)(error) };
            }
        });
    };
    // The first mutation runs alone: credentials that may not delete are found by one request, not eight.
    // Steps are in plan order (parents first, so the first waits for nothing and every `after` promise
    // exists before it is awaited).
    const start = (step) => {
        const promise = run(step);
        if (step.op === 'delete')
            byDigest.set(step.digest, promise);
        return promise;
    };
    const [first, ...rest] = plan.steps;
    const results = first === undefined ? [] : [await start(first)];
    results.push(...(await Promise.all(rest.map(start))));
    for (const result of results) {
        const line = `${result.status}: ${describe(plan.repository, result.step)}${result.detail ? ` — ${result.detail}` : ''}`;
        options.log(line);
    }
    return results;
}

;// CONCATENATED MODULE: ./src/prune/run/backends.ts
/**
 * How each registry kind untags and deletes (shells). Per kind, what is possible:
 *
 * | | one tag | a manifest |
 * |---|---|---|
 * | OCI | DELETE by tag where supported, else the placeholder trick (needs digest deletes) | DELETE by digest |
 * | Docker Hub | Hub API tag delete (the placeholder's last step is refused on Hub: 403) | DELETE by digest, only once untagged and unreferenced; 403 = still referenced |
 * | GHCR | placeholder, then delete its package version | delete the package version (registry DELETE is 405) |
 */







function stopOnPermission(error) {
    if (error instanceof registry/* RegistryAuthError */.w4 ||
        error instanceof registry/* RegistryDeniedError */.$b ||
        error instanceof HubPermissionError ||
        error instanceof GhcrPermissionError) {
        throw new StopRepository((0,errors/* toMessage */.R9)(error));
    }
    throw error;
}
/** Tags deleted by name (Hub) must still point at the digest right before, or a newer push would go. */
async function recheckTags(ctx, step) {
    for (const tag of step.tags) {
        const now = await ctx.client.headManifest(ctx.path, tag);
        if (now !== undefined && now.digest !== step.digest) {
            return { status: 'skipped', detail: `tag ${tag} now points at ${now.digest}; nothing deleted` };
        }
    }
    return undefined;
}
async function tagStillThere(ctx, tag, digest) {
    const now = await ctx.client.headManifest(ctx.path, tag);
    if (now === undefined)
        return { status: 'gone', detail: 'the tag was removed meanwhile' };
    if (now.digest !== digest)
        return { status: 'skipped', detail: `the tag now points at ${now.digest}; left alone` };
    return undefined;
}
/**
 * A digest delete is guarded by the surviving tags (guard.ts), not by the deleted ones: a tag deleted by name
 * (here or on Hub) is re-checked itself, because deleting it by name would take whatever it points at now.
 */
function ociBackend(ctx, guard) {
    const { client, path } = ctx;
    let tagDelete = true;
    let digestDelete = true;
    const ensureEmptyBlob = emptyBlobOnce(client, path);
    const untagOne = async (step) => {
        if (tagDelete) {
            const moved = await tagStillThere(ctx, step.tag, step.digest);
            if (moved)
                return moved;
            try {
                await client.deleteTag(path, step.tag);
                return { status: 'done', detail: 'tag deleted' };
            }
            catch (error) {
                if (error instanceof registry/* RegistryNotFoundError */.PB)
                    return { status: 'gone', detail: 'the tag was removed meanwhile' };
                if (!(error instanceof registry/* RegistryUnsupportedError */.LF))
                    stopOnPermission(error);
                // Never fall back to deleting the digest: that would take the sibling tags along.
                tagDelete = false;
            }
        }
        if (!digestDelete)
            return { status: 'refused', detail: 'the registry deletes neither tags nor digests' };
        return untagWithPlaceholder({
            client,
            path,
            ensureEmptyBlob,
            deletePlaceholder: digest => client.deleteManifest(path, digest),
            ...(ctx.sleep ? { sleep: ctx.sleep } : {})
        }, step.tag, step.digest).catch(stopOnPermission);
    };
    return {
        // A DELETE of a digest that cannot exist: 404 says deletes are on, 405/400 that they are off (spec end-9).
        async prepare() {
            const probe = `sha256:${(0,external_node_crypto_.randomBytes)(32).toString('hex')}`;
            try {
                await client.deleteManifest(path, probe);
            }
            catch (error) {
                if (error instanceof registry/* RegistryNotFoundError */.PB)
                    return undefined;
                if (error instanceof registry/* RegistryUnsupportedError */.LF) {
                    digestDelete = false;
                    return `the registry does not allow deletes (${error.message}); enable them (distribution: storage.delete.enabled)`;
                }
                stopOnPermission(error);
            }
            return undefined;
        },
        untag(step) {
            const outcome = untagOne(step);
            // The guard's re-reading then knows a 404 for this tag is this run's doing, once it is done.
            guard.removing(step.tag, outcome.then(o => o.status === 'done', () => false));
            return outcome;
        },
        async remove(step) {
            const needed = await guard.blocks(step.digest);
            if (needed)
                return { status: 'skipped', detail: `${needed}; nothing deleted` };
            try {
                await client.deleteManifest(path, step.digest, step.subject === undefined ? {} : { subject: step.subject });
                return { status: 'done', detail: '' };
            }
            catch (error) {
                if (error instanceof registry/* RegistryNotFoundError */.PB)
                    return { status: 'gone', detail: 'already deleted' };
                if (error instanceof registry/* RegistryUnsupportedError */.LF)
                    return { status: 'refused', detail: error.message };
                return stopOnPermission(error);
            }
        }
    };
}
function hubBackend(ctx, hub) {
    const { client, path } = ctx;
    const removeTag = async (tag) => {
        const answer = await hub.deleteTag(path, tag).catch(stopOnPermission);
        if (answer === 'deleted')
            return { status: 'done', detail: 'tag deleted through the Hub API' };
        // Hub's API and registry disagreeing must not pass for success.
        if ((await client.headManifest(path, tag)) === undefined)
            return { status: 'gone', detail: 'already removed' };
        return { status: 'failed', detail: `the Hub API does not know tag ${tag}, which the registry still serves` };
    };
    return {
        prepare: async () => undefined,
        async untag(step) {
            return (await tagStillThere(ctx, step.tag, step.digest)) ?? removeTag(step.tag);
        },
        async remove(step) {
            const moved = await recheckTags(ctx, step);
            if (moved)
                return moved;
            for (const tag of step.tags) {
                const outcome = await removeTag(tag);
                if (outcome.status === 'failed')
                    return outcome;
            }
            try {
                await client.deleteManifest(path, step.digest);
                return { status: 'done', detail: step.tags.length > 0 ? 'tags deleted, then the manifest' : '' };
            }
            catch (error) {
                if (error instanceof registry/* RegistryNotFoundError */.PB)
                    return { status: 'gone', detail: 'already deleted' };
                // Hub refuses a digest something still references: keep it, no retry, no other route.
                if (error instanceof registry/* RegistryDeniedError */.$b || error instanceof registry/* RegistryUnsupportedError */.LF) {
                    return {
                        status: 'kept',
                        detail: `Docker Hub keeps the manifest: still referenced (${error.message})`
                    };
                }
                return stopOnPermission(error);
            }
        }
    };
}
function ghcrBackend(ctx, ghcr) {
    const { client, path } = ctx;
    const ensureEmptyBlob = emptyBlobOnce(client, path);
    const deleteVersionOf = async (digest) => {
        // A just-pushed version can take a moment to show up in the listing.
        for (let attempt = 1;; attempt++) {
            const version = await ghcr.findVersion(path, digest);
            if (version) {
                const answer = await ghcr.deleteVersion(path, version.id);
                if (answer !== 'deleted')
                    throw new Error(`GitHub refused: ${answer.refused}`);
                return;
            }
            if (attempt >= 3)
                throw new Error(`no package version found for ${digest}`);
            await (ctx.sleep ?? (ms => new Promise(r => setTimeout(r, ms))))(2000 * attempt);
        }
    };
    return {
        prepare: async () => undefined,
        async untag(step) {
            return untagWithPlaceholder({
                client,
                path,
                ensureEmptyBlob,
                deletePlaceholder: deleteVersionOf,
                ...(ctx.sleep ? { sleep: ctx.sleep } : {})
            }, step.tag, step.digest).catch(stopOnPermission);
        },
        async remove(step) {
            if (step.versionId === undefined)
                return { status: 'refused', detail: 'no package version is known for it' };
            const current = await ghcr.getVersion(path, step.versionId).catch(stopOnPermission);
            if (current === undefined)
                return { status: 'gone', detail: 'the version was deleted meanwhile' };
            const extra = current.tags.filter(tag => !step.tags.includes(tag));
            if (current.digest !== step.digest || extra.length > 0) {
                return {
                    status: 'skipped',
                    detail: `the version now also carries ${extra.join(', ')}; nothing deleted`
                };
            }
            const answer = await ghcr.deleteVersion(path, step.versionId).catch(stopOnPermission);
            if (answer === 'deleted')
                return { status: 'done', detail: `version ${step.versionId} deleted (restorable for 30 days)` };
            return {
                status: 'refused',
                detail: `GitHub will not delete version ${step.versionId}: ${answer.refused}`
            };
        }
    };
}
/** The backend for a registry kind; Hub and GHCR need their API client, OCI its delete guard. */
function backendFor(kind, ctx, apis, guard) {
    if (kind === 'hub' && apis.hub)
        return hubBackend(ctx, apis.hub);
    if (kind === 'ghcr' && apis.ghcr)
        return ghcrBackend(ctx, apis.ghcr);
    return ociBackend(ctx, guard);
}

;// CONCATENATED MODULE: ./src/prune/run/inventory.ts
/**
 * Building an inventory through the registry client (shell). The builder only ever adds knowledge; every
 * failure to read something the plan depends on becomes a `problem`, which blocks deletion in that
 * repository (fail closed). A 404 for a digest is knowledge too: the manifest is not there. A 404 for a tag
 * the listing just named is not: an eventually consistent registry, or a tag moved or deleted during the
 * listing, and the tag may still point at any digest here. Such a tag is kept as unreadable, never dropped
 * as "deleted meanwhile" (a digest delete takes every tag on the digest, one nobody could read included).
 */


const CREATED = 'org.opencontainers.image.created';
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
class InventoryBuilder {
    repository;
    kind;
    untaggedListed;
    tags = new Map();
    /** Listed tags that could not be read: tag → what the registry answered. */
    unreadable = new Map();
    nodes = new Map();
    problems = [];
    hints = new Map();
    referrers = 'tag-schema';
    constructor(repository, kind, untaggedListed) {
        this.repository = repository;
        this.kind = kind;
        this.untaggedListed = untaggedListed;
    }
    /** Merges facts into a node; facts already known are not overwritten by less specific ones. */
    note(digest, facts) {
        const current = this.nodes.get(digest) ?? { digest };
        const merged = { ...current };
        for (const [key, value] of Object.entries(facts)) {
            if (value !== undefined && merged[key] === undefined)
                merged[key] = value;
        }
        this.nodes.set(digest, merged);
    }
    snapshot() {
        return {
            repository: this.repository,
            kind: this.kind,
            tags: new Map(this.tags),
            unreadable: new Map(this.unreadable),
            nodes: new Map(this.nodes),
            referrers: this.referrers,
            untaggedListed: this.untaggedListed,
            problems: [...this.problems]
        };
    }
}
function descriptorsOf(builder, descriptors) {
    for (const d of descriptors)
        builder.note(d.digest, { mediaType: d.mediaType });
    return descriptors.map(d => d.digest);
}
/**
 * Reads one manifest into the builder; returns its digest, or undefined when it does not exist. A failure is
 * a problem of the inventory, or with `throwOnFailure` (a 404 included) the caller's to judge.
 */
async function readManifest(builder, client, path, ref, options = {}) {
    try {
        const { digest, mediaType, parsed } = await client.getManifest(path, ref);
        const children = descriptorsOf(builder, parsed.manifests ?? []);
        const subject = parsed.subject?.digest;
        builder.note(digest, { mediaType, content: subject === undefined ? { children } : { children, subject } });
        const platformChild = (parsed.manifests ?? []).find(d => d.platform !== undefined && d.platform.os !== 'unknown')?.digest;
        builder.hints.set(digest, {
            created: parsed.annotations?.[CREATED],
            config: parsed.config?.digest,
            platformChild
        });
        return digest;
    }
    catch (error) {
        if (options.throwOnFailure)
            throw error;
        if (error instanceof registry/* RegistryNotFoundError */.PB) {
            if (ref.includes(':'))
                builder.note(ref, { missing: true });
            return undefined;
        }
        builder.problems.push(`could not read manifest ${ref}: ${(0,errors/* toMessage */.R9)(error)}`);
        return undefined;
    }
}
const NOT_FOUND = '404 Not Found';
/** What a failed read of a listed tag says in reports: `404 Not Found`, or the client's message. */
function unreadableWhy(error) {
    return error instanceof registry/* RegistryNotFoundError */.PB ? NOT_FOUND : (0,errors/* toMessage */.R9)(error);
}
/**
 * Reads a tag the listing named into the builder. Any failure, a 404 included, leaves the tag unreadable:
 * it was listed, so it may exist and point anywhere.
 */
async function readTag(builder, client, path, tag) {
    try {
        const digest = await readManifest(builder, client, path, tag, { throwOnFailure: true });
        if (digest !== undefined)
            builder.tags.set(tag, digest);
    }
    catch (error) {
        builder.unreadable.set(tag, unreadableWhy(error));
    }
}
async function headNode(builder, client, path, digest) {
    try {
        const found = await client.headManifest(path, digest);
        builder.note(digest, found === undefined ? { missing: true } : { mediaType: found.mediaType });
    }
    catch (error) {
        builder.problems.push(`could not check manifest ${digest}: ${(0,errors/* toMessage */.R9)(error)}`);
    }
}
async function listReferrers(builder, client, path, digest) {
    try {
        const { descriptors } = await client.referrers(path, digest);
        builder.note(digest, { referrers: descriptorsOf(builder, descriptors) });
    }
    catch (error) {
        builder.problems.push(`could not list the referrers of ${digest}: ${(0,errors/* toMessage */.R9)(error)}`);
    }
}
function parseTime(text, source) {
    if (typeof text !== 'string')
        return undefined;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : { ms, source };
}
async function readConfigTime(client, path, config) {
    const { stream } = await client.getBlob(path, config);
    const chunks = [];
    let size = 0;
    for await (const chunk of stream) {
        size += chunk.byteLength;
        if (size > MAX_CONFIG_BYTES)
            throw new Error(`config ${config} is larger than ${MAX_CONFIG_BYTES} bytes`);
        chunks.push(chunk);
    }
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return parseTime(parsed.created, 'config created');
}
/**
 * A manifest's creation time: the `org.opencontainers.image.created` annotation, else its config's
 * `created`, else (an index) its first platform image's. A time that cannot be read leaves the image kept.
 */
async function lookupTime(builder, client, path, digest, depth = 0) {
    try {
        if (!builder.hints.has(digest))
            await readManifest(builder, client, path, digest);
        const hints = builder.hints.get(digest) ?? {};
        let time = parseTime(hints.created, `annotation ${CREATED}`);
        if (time === undefined && hints.config !== undefined)
            time = await readConfigTime(client, path, hints.config);
        if (time === undefined && hints.platformChild !== undefined && depth < 2) {
            await lookupTime(builder, client, path, hints.platformChild, depth + 1);
            const child = builder.nodes.get(hints.platformChild)?.time;
            if (child)
                time = { ms: child.ms, source: `${child.source} of its platform image` };
        }
        builder.note(digest, time ? { time } : { timeUnknown: 'the image records no creation time' });
    }
    catch (error) {
        builder.note(digest, { timeUnknown: `its creation time could not be read (${(0,errors/* toMessage */.R9)(error)})` });
    }
}
/** Reads what a provisional plan asked for, all at once (the client bounds how many requests fly). */
async function fillNeeds(builder, client, path, needs) {
    await Promise.all([
        ...needs.heads.map(d => headNode(builder, client, path, d)),
        ...needs.manifests.map(d => readManifest(builder, client, path, d)),
        ...needs.referrers.map(d => listReferrers(builder, client, path, d)),
        ...needs.times.map(d => lookupTime(builder, client, path, d))
    ]);
}
/**
 * Whether the registry has the referrers API: a registry that has it must not answer 404 (distribution
 * spec), so one question settles it for the repository. Without it, the `sha256-<hex>` tags are the list.
 */
async function probeReferrers(builder, client, path) {
    const digest = [...builder.tags.values()].sort()[0];
    if (digest === undefined)
        return;
    try {
        const { descriptors, source } = await client.referrers(path, digest);
        builder.referrers = source;
        if (source === 'api')
            builder.note(digest, { referrers: descriptorsOf(builder, descriptors) });
    }
    catch (error) {
        builder.problems.push(`could not ask for referrers: ${(0,errors/* toMessage */.R9)(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/prune/run/guard.ts
/**
 * What keeps a manifest DELETE from taking along something a surviving tag needs (shell).
 *
 * Deleting a digest removes every tag on it. The tags the plan deletes with the manifest make no difference:
 * one still on the digest goes as planned, and one pushed elsewhere meanwhile is not touched by deleting the
 * old digest. The danger is a tag the plan keeps (or a new one) that now points at a doomed digest, or at an
 * index or referrer that needs it: a rollback `crane tag app:sha-old latest` during the prune. Checking the
 * deleted tags would never see that; re-reading the surviving ones does.
 *
 * So a digest delete goes ahead only while the last reading of the surviving tags is at most `maxAgeMs`
 * old. The inventory is the first reading; when it grows older, the tags are listed again, every listed or
 * surviving tag is re-resolved (HEAD), and any tag that is new or moved has its manifests read and all they
 * reach protected for the rest of the run. A reading that fails stops the repository: nothing is deleted
 * blind. So does a listed tag that answers 404 (unless this run just removed it by name), or one whose
 * manifest answers 404 right after its HEAD: where it points is unknown, so any digest delete could take it.
 */





/** Pure: which tags a re-reading must resolve, from the plan's tag decisions. */
function tagReading(plan) {
    const surviving = new Map();
    const deleting = new Set();
    for (const t of plan.tags) {
        if (t.action === 'delete' && t.how === 'with-manifest')
            deleting.add(t.tag);
        else
            surviving.set(t.tag, t.digest);
    }
    return { surviving, deleting };
}
/** Pure: what a re-reading found, turned into the tags whose manifests must now be protected. */
function changedTags(reading, now) {
    const changed = [];
    for (const [tag, digest] of [...now].sort(([a], [b]) => a.localeCompare(b))) {
        if (digest === undefined || reading.deleting.has(tag))
            continue;
        const before = reading.surviving.get(tag);
        if (before === digest)
            continue;
        changed.push({
            tag,
            digest,
            why: before === undefined ? `tag ${tag} was pushed meanwhile` : `tag ${tag} moved to ${planner_short(digest)}`
        });
    }
    return changed;
}
class DeleteGuard {
    options;
    readAt;
    refreshing;
    /** Digest → why a surviving tag now needs it. Only grows. */
    protectedDigests = new Map();
    /** Tags the backend removes by name → whether it did (never rejects). */
    removals = new Map();
    /** Re-readings done: how often the surviving tags were read again (what its tests check). */
    rereads = 0;
    constructor(options) {
        this.options = options;
        this.readAt = options.readAt;
    }
    /** Why `digest` must not be deleted now, or undefined; re-reads the tags first when the reading is stale. */
    async blocks(digest) {
        // A reading that began before this call's deadline does not count, even one already under way.
        const oldestUsable = this.options.now() - this.options.maxAgeMs;
        while (this.readAt < oldestUsable) {
            this.refreshing ??= this.reread().finally(() => (this.refreshing = undefined));
            await this.refreshing;
        }
        return this.protectedDigests.get(digest);
    }
    /**
     * The backend removes `tag` by name; `done` says whether it did. A 404 for that tag is then this run's own
     * doing, not a surprise. Called when the removal starts: a re-reading waits for its outcome.
     */
    removing(tag, done) {
        this.removals.set(tag, done);
    }
    async reread() {
        const { client, path, reading } = this.options;
        const startedAt = this.options.now();
        const unreadable = new Map();
        try {
            const listed = new Set(await client.listTags(path));
            // The surviving tags are resolved even when not listed: a listing that lags must not hide a move.
            const toResolve = [...new Set([...listed, ...reading.surviving.keys()])].filter(tag => !reading.deleting.has(tag));
            const now = new Map();
            await Promise.all(toResolve.map(async (tag) => {
                const digest = (await client.headManifest(path, tag))?.digest;
                now.set(tag, digest);
                // Listed, yet not there: not "gone", unless this run just removed it by name.
                if (digest === undefined && listed.has(tag) && !(await this.removedHere(tag)))
                    unreadable.set(tag, NOT_FOUND);
            }));
            if (unreadable.size === 0) {
                await Promise.all(changedTags(reading, now).map(c => this.protectFrom(c.digest, c.why, () => unreadable.set(c.tag, `${NOT_FOUND} for ${planner_short(c.digest)}`))));
            }
        }
        catch (error) {
            throw new StopRepository(`could not re-read the tags before deleting: ${(0,errors/* toMessage */.R9)(error)}`);
        }
        if (unreadable.size > 0)
            throw new StopRepository(`before deleting, ${unreadableTags(unreadable)}`);
        this.rereads++;
        this.readAt = startedAt;
    }
    async removedHere(tag) {
        return (await this.removals.get(tag)) ?? false;
    }
    /**
     * Protects a digest and everything its manifest reaches (index entries, the subject of a referrer). Content
     * addressing rules out cycles, and a digest already protected is not read again, so this ends. A digest a
     * tag was just resolved to that then answers 404 calls `unreadable`; a missing index entry is only missing.
     */
    async protectFrom(digest, why, unreadable) {
        if (this.protectedDigests.has(digest))
            return;
        this.protectedDigests.set(digest, why);
        let parsed;
        try {
            parsed = (await this.options.client.getManifest(this.options.path, digest)).parsed;
        }
        catch (error) {
            if (!(error instanceof registry/* RegistryNotFoundError */.PB))
                throw error;
            unreadable?.();
            return;
        }
        const next = [
            ...(parsed.manifests ?? []).map(m => m.digest),
            ...(parsed.subject ? [parsed.subject.digest] : [])
        ];
        await Promise.all(next.map(d => this.protectFrom(d, `${why}, which needs ${planner_short(d)}`)));
    }
}

;// CONCATENATED MODULE: ./src/prune/run/sources.ts
/**
 * The first listing of a repository, per registry kind (shell). What each can know:
 * - OCI: every tag (tags/list, never truncated), each tag's manifest (one GET), referrers from the API or the
 *   `sha256-<hex>` tags. Not untagged manifests: the distribution API cannot list them. Times: annotation or
 *   config `created`, read only for tags a time rule judges.
 * - Docker Hub: tags with push times from the Hub API, digests by registry HEAD (a HEAD is not a pull).
 * - GHCR: every version (tagged or not) with its tags and `updated_at` from the Packages API; manifests are
 *   read from ghcr.io only where the plan needs them.
 * A tag listed (OCI, Hub) that then cannot be read, a 404 included, is unreadable: it blocks the repository.
 */



function listFailure(error) {
    return error instanceof registry/* IncompleteListError */.hm
        ? `the tag list is incomplete (${error.message})`
        : `could not list tags: ${(0,errors/* toMessage */.R9)(error)}`;
}
async function ociSource(target, client) {
    const builder = new InventoryBuilder(target.name, 'oci', false);
    let tags;
    try {
        tags = await client.listTags(target.path);
    }
    catch (error) {
        // A repository that does not exist has nothing to prune; anything else is an unknown listing.
        if (!(error instanceof registry/* RegistryNotFoundError */.PB))
            builder.problems.push(listFailure(error));
        return builder;
    }
    // A tag that answers 404 here is not "deleted meanwhile": it is unreadable, and blocks the repository.
    await Promise.all(tags.map(tag => readTag(builder, client, target.path, tag)));
    await probeReferrers(builder, client, target.path);
    return builder;
}
async function hubSource(target, client, hub) {
    const builder = new InventoryBuilder(target.name, 'hub', false);
    let listed;
    try {
        listed = await hub.listTags(target.path);
    }
    catch (error) {
        builder.problems.push(`could not list tags through the Hub API: ${(0,errors/* toMessage */.R9)(error)}`);
        return builder;
    }
    const pushed = new Map();
    await Promise.all(listed.map(async (tag) => {
        try {
            const found = await client.headManifest(target.path, tag.name);
            // Listed by the Hub API, unknown to the registry: unreadable, never "deleted meanwhile".
            if (found === undefined) {
                builder.unreadable.set(tag.name, NOT_FOUND);
                return;
            }
            builder.tags.set(tag.name, found.digest);
            builder.note(found.digest, { mediaType: found.mediaType });
            if (tag.pushedMs !== undefined) {
                pushed.set(found.digest, Math.max(pushed.get(found.digest) ?? 0, tag.pushedMs));
            }
        }
        catch (error) {
            builder.unreadable.set(tag.name, unreadableWhy(error));
        }
    }));
    // Hub's time is per tag; a manifest is as recent as its most recently pushed tag.
    for (const digest of new Set(builder.tags.values())) {
        const ms = pushed.get(digest);
        builder.note(digest, ms === undefined
            ? { timeUnknown: 'Docker Hub reports no push time' }
            : { time: { ms, source: 'Hub tag_last_pushed' } });
    }
    await probeReferrers(builder, client, target.path);
    return builder;
}
async function ghcrSource(target, ghcr) {
    const builder = new InventoryBuilder(target.name, 'ghcr', true);
    try {
        for (const version of await ghcr.listVersions(target.path)) {
            for (const tag of version.tags)
                builder.tags.set(tag, version.digest);
            builder.note(version.digest, {
                versionId: version.id,
                listedUntagged: version.tags.length === 0,
                ...(version.updatedMs === undefined
                    ? { timeUnknown: 'GHCR reports no update time' }
                    : { time: { ms: version.updatedMs, source: 'GHCR updated_at' } })
            });
        }
    }
    catch (error) {
        builder.problems.push(`could not list the package versions: ${(0,errors/* toMessage */.R9)(error)}`);
    }
    // GHCR has no referrers API (the `sha256-<hex>` tags and `subject` fields are what there is).
    builder.referrers = 'tag-schema';
    return builder;
}

;// CONCATENATED MODULE: ./src/prune/run/run.ts
/**
 * The prune stage (shell): for each repository, list → plan (reading more until the plan needs nothing
 * else) → print the plan → unless dry-run, execute it. Repositories are independent: one that cannot be
 * listed completely deletes nothing and says why, the others go on.
 */













const MAX_ROUNDS = 16;
/** Long enough for a pull request's few deletions to need no second reading, short against a rollback. */
const GUARD_MAX_AGE_MS = 10_000;
function kindOf(registry, kinds = {}) {
    return kinds[registry] ?? (registry === 'docker.io' ? 'hub' : registry === 'ghcr.io' ? 'ghcr' : 'oci');
}
function targetOf(repository) {
    const ref = (0,registry/* parseReference */.F2)(repository);
    return { name: `${ref.registry}/${ref.repository}`, registry: ref.registry, path: ref.repository };
}
function protectedTags(target, refs) {
    const tags = new Set();
    for (const text of refs) {
        const ref = (0,registry/* parseReference */.F2)(text);
        if (ref.registry === target.registry && ref.repository === target.path && ref.tag)
            tags.add(ref.tag);
    }
    return tags;
}
function apisFor(target, kind, options) {
    const login = options.credentials[target.registry];
    const e = options.endpoints ?? {};
    const http = {
        ...(e.apiTransport ? { transport: e.apiTransport } : {}),
        ...(e.clock ? { clock: e.clock } : {})
    };
    if (kind === 'hub') {
        if (!login)
            return 'Docker Hub deletes need a login: set username and password (a PAT with Read, Write, Delete)';
        return { hub: new HubApi({ ...login, ...http, ...(e.hubApi ? { baseUrl: e.hubApi } : {}) }) };
    }
    if (kind === 'ghcr') {
        if (!login)
            return 'GHCR deletes need a token: github-token or a ghcr.io login with delete:packages';
        const mutationIntervalMs = e.mutationIntervalMs ?? 1000;
        return {
            ghcr: new GhcrApi({
                token: login.password,
                mutationIntervalMs,
                ...http,
                ...(e.githubApi ? { baseUrl: e.githubApi } : {})
            })
        };
    }
    return {};
}
async function gather(target, kind, client, apis, plan) {
    const builder = kind === 'hub'
        ? await hubSource(target, client, apis.hub)
        : kind === 'ghcr'
            ? await ghcrSource(target, apis.ghcr)
            : await ociSource(target, client);
    for (let round = 0; round < MAX_ROUNDS; round++) {
        const current = plan(builder);
        if (current.blocked !== undefined || !hasNeeds(current))
            return current;
        await fillNeeds(builder, client, target.path, current.needs);
    }
    builder.problems.push(`the manifest graph did not settle after ${MAX_ROUNDS} rounds of reading`);
    return plan(builder);
}
function emptyPlan(target, kind, why) {
    return {
        repository: target.name,
        kind,
        blocked: why,
        tags: [],
        manifests: [],
        steps: [],
        needs: NO_NEEDS,
        notes: [],
        warnings: [`${target.name}: nothing deleted: ${why}`]
    };
}
async function pruneOne(repository, options, limit) {
    const target = targetOf(repository);
    const e = options.endpoints ?? {};
    const kind = kindOf(target.registry, e.kinds);
    const apis = apisFor(target, kind, options);
    if (typeof apis === 'string')
        return { plan: emptyPlan(target, kind, apis), results: [] };
    const client = await (0,registry/* connectRegistry */.gm)({
        registry: target.registry,
        credentials: (0,registry/* staticCredentials */.vU)(options.credentials),
        concurrency: limit,
        ...(e.transport ? { transport: e.transport } : {}),
        ...(e.clock ? { clock: e.clock } : {})
    });
    const ctx = {
        ...options.context,
        protectedTags: protectedTags(target, options.protectedRefs),
        ...(options.layerCacheRepositories?.includes(repository) ? { layerCache: true } : {})
    };
    const now = () => (e.clock ?? retry/* systemClock */.VZ).now();
    const readAt = now();
    let plan;
    try {
        plan = await gather(target, kind, client, apis, builder => planPrune(builder.snapshot(), options.rules, ctx));
    }
    catch (error) {
        plan = emptyPlan(target, kind, `could not list the repository: ${(0,errors/* toMessage */.R9)(error)}`);
    }
    for (const line of planLines(plan))
        options.log.info(line);
    for (const warning of plan.warnings)
        options.log.warning(warning);
    if (options.dryRun || plan.blocked !== undefined || plan.steps.length === 0)
        return { plan, results: [] };
    const guard = new DeleteGuard({
        client,
        path: target.path,
        reading: tagReading(plan),
        readAt,
        maxAgeMs: e.guardMaxAgeMs ?? GUARD_MAX_AGE_MS,
        now
    });
    const shell = { client, path: target.path, ...(e.sleep ? { sleep: e.sleep } : {}) };
    const backend = backendFor(kind, shell, apis, guard);
    const results = await runSteps(plan, backend, {
        concurrency: e.concurrency ?? 8,
        log: line => options.log.info(line)
    });
    return { plan, results };
}
/** Prunes every repository in turn; never throws for a registry's answer, only reports. */
async function runPrune(options) {
    const limit = (0,registry/* createLimiter */.zm)(options.endpoints?.concurrency ?? 8);
    const repositories = [];
    for (const repository of options.repositories)
        repositories.push(await pruneOne(repository, options, limit));
    const failures = [];
    const warnings = new Set();
    for (const { plan, results } of repositories) {
        // A listed tag nobody could read blocked the repository: a surprise the step must not pass over.
        if (plan.unreadable !== undefined) {
            const message = `${plan.repository}: nothing deleted: ${plan.blocked ?? ''}`;
            failures.push(message);
            options.log.error(message);
        }
        for (const result of results) {
            if (result.status === 'failed') {
                const what = result.step.op === 'untag' ? `tag ${result.step.tag}` : result.step.digest;
                failures.push(`${plan.repository}: ${what}: ${result.detail}`);
                options.log.error(`${plan.repository}: ${what}: ${result.detail}`);
            }
            else if (result.detail.startsWith('stopped: ')) {
                // Credentials that may not delete stop the repository and fail the step (never "already gone").
                const message = `${plan.repository}: ${result.detail}`;
                if (!failures.includes(message)) {
                    failures.push(message);
                    options.log.error(message);
                }
            }
            else if (result.status === 'refused') {
                // One line per cause, not per step: a registry refusing deletes would otherwise say so 1,000 times.
                warnings.add(`${plan.repository}: ${result.status}: ${result.detail}`);
            }
        }
    }
    for (const warning of warnings)
        options.log.warning(warning);
    return { dryRun: options.dryRun, repositories, failures };
}

;// CONCATENATED MODULE: ./src/prune/run/stage.ts
/** The prune stage as the action runs it: credentials from the logins, log lines into the job log. */



async function pruneStage(config, options) {
    const run = await actions_runner/* group */.Os(options.dryRun ? 'Prune (dry run: the plan only)' : 'Prune', () => runPrune({
        rules: config.rules,
        repositories: config.repositories,
        layerCacheRepositories: config.layerCacheRepositories,
        context: {
            now: (options.now ?? new Date()).getTime(),
            cachePrefix: config.cachePrefix,
            ...(config.defaultCacheScope === undefined ? {} : { defaultCacheScope: config.defaultCacheScope }),
            ...(config.closedPr === undefined ? {} : { closedPr: config.closedPr })
        },
        protectedRefs: options.protectedRefs,
        credentials: Object.fromEntries(options.auths.map(a => [a.registry, { username: a.username, password: a.password }])),
        dryRun: options.dryRun,
        log: {
            info: line => actions_runner/* info */.pq(line),
            warning: line => actions_runner/* warning */.$e(line),
            error: line => actions_runner/* error */.z3(line)
        }
    }));
    return { run, output: pruneOutput(run), section: renderPruneSection(run) };
}
/** One line for the plan group: what will be pruned where. */
function describePrune(config) {
    const rules = config.rules.deletes.map(r => r.label).join(', ');
    const pr = config.closedPr === undefined ? '' : `; pull request #${config.closedPr} closed`;
    return `${config.repositories.join(', ')} by ${rules}${pr}`;
}


/***/ })

};

//# sourceMappingURL=553.index.js.map