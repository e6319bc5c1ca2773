import {describe, expect, test} from 'vitest'
import {planPrune} from '../../../src/prune/plan/planner.js'
import {referrersTag} from '../../../src/registry/digest.js'
import {NO_NEEDS} from '../../../src/prune/plan/needs.js'
import {UNKNOWN_DIGEST, type RepoPlan} from '../../../src/prune/plan/types.js'
import {ctx, d, decision, deletedDigests, inventory, rules, untaggedTags} from '../support.js'

describe('tag rules', () => {
  test('semver releases and latest are kept unless told otherwise; pre-releases are not releases', () => {
    const inv = inventory({
      tags: {'1.2.3': d(1), 'v2.0': d(2), '3': d(3), latest: d(4), '1.0.0-rc.1': d(5), '20240101': d(6)},
      nodes: {
        [d(1)]: {ageDays: 90},
        [d(2)]: {ageDays: 90},
        [d(3)]: {ageDays: 90},
        [d(4)]: {ageDays: 90},
        [d(5)]: {ageDays: 90},
        [d(6)]: {ageDays: 90}
      }
    })
    const plan = planPrune(inv, rules('type=tags,older-than=30d'), ctx())
    expect(plan.tags.filter(t => t.action === 'delete').map(t => t.tag)).toEqual(['1.0.0-rc.1', '20240101'])
    expect(decision(plan, '1.2.3').reason).toMatch(/semver release/)
    expect(decision(plan, 'latest').reason).toMatch(/latest is always kept/)
    const unprotected = planPrune(
      inv,
      rules('type=tags,older-than=30d\ntype=keep,semver=false,latest=false'),
      ctx()
    )
    expect(unprotected.tags.every(t => t.action === 'delete')).toBe(true)
  })

  test('keep-N is a floor that counts digests, newest first, ties broken by tag name', () => {
    const tags: Record<string, string> = {}
    const nodes: Record<string, {ageDays: number}> = {}
    for (let i = 0; i < 8; i++) {
      tags[`b-${i}`] = d(i)
      nodes[d(i)] = {ageDays: 100 + i}
    }
    // Ten tags on one (newest) digest count once.
    for (let j = 0; j < 10; j++) tags[`alias-${j}`] = d(0)
    // Two digests with the same time: the one whose first tag sorts first ranks newer.
    tags['tie-a'] = d('ta')
    tags['tie-b'] = d('tb')
    nodes[d('ta')] = {ageDays: 104.5}
    nodes[d('tb')] = {ageDays: 104.5}
    const plan = planPrune(inventory({tags, nodes}), rules('type=tags,match=.*,older-than=30d,keep=5'), ctx())
    const kept = new Set(plan.tags.filter(t => t.action === 'keep').map(t => t.digest))
    expect(kept).toEqual(new Set([d(0), d(1), d(2), d(3), d(4)]))
    expect(decision(plan, 'alias-7').reason).toMatch(/one of the 5 newest/)
    expect(decision(plan, 'tie-a').action).toBe('delete')
    const tie = planPrune(inventory({tags, nodes}), rules('type=tags,match=.*,keep=6'), ctx())
    expect(decision(tie, 'tie-a').action).toBe('keep')
    expect(decision(tie, 'tie-b').action).toBe('delete')
    expect(decision(tie, 'b-5').action).toBe('delete')
  })

  test('the first matching rule judges a tag; later rules never see it', () => {
    const inv = inventory({
      tags: {'pr-1': d(1), 'pr-2': d(2), 'sha-1': d(3)},
      nodes: {[d(1)]: {ageDays: 40}, [d(2)]: {ageDays: 1}, [d(3)]: {ageDays: 40}}
    })
    const plan = planPrune(inv, rules('type=tags,match=pr-.*,older-than=7d\ntype=tags,match=.*'), ctx())
    expect(decision(plan, 'pr-1').action).toBe('delete')
    expect(decision(plan, 'pr-2')).toMatchObject({
      action: 'keep',
      reason: expect.stringMatching(/younger than 1w \(.*line 1/)
    })
    expect(decision(plan, 'sha-1')).toMatchObject({action: 'delete', reason: 'matches line 2 (type=tags)'})
  })

  test('bogus and missing times keep the image and warn', () => {
    const inv = inventory({
      tags: {old: d(1), epoch: d(2), buildpack: d(3), future: d(4), unknown: d(5)},
      nodes: {
        [d(1)]: {ageDays: 400},
        [d(2)]: {time: {ms: 0, source: 'config created'}},
        [d(3)]: {time: {ms: Date.UTC(1980, 0, 1), source: 'config created'}},
        [d(4)]: {ageDays: -30},
        [d(5)]: {timeUnknown: 'the image records no creation time'}
      }
    })
    const plan = planPrune(inv, rules('type=tags,match=.*,older-than=30d'), ctx())
    expect(plan.tags.filter(t => t.action === 'delete').map(t => t.tag)).toEqual(['old'])
    expect(decision(plan, 'epoch').reason).toMatch(/1970-01-01, a fixed date/)
    expect(decision(plan, 'buildpack').reason).toMatch(/1980-01-01/)
    expect(decision(plan, 'future').reason).toMatch(/in the future/)
    expect(plan.warnings.join('\n')).toMatch(/kept epoch/)
  })

  test('a time not read yet makes the plan provisional', () => {
    const plan = planPrune(inventory({tags: {a: d(1)}}), rules('type=tags,match=.*,older-than=1d'), ctx())
    expect(plan.needs.times).toEqual([d(1)])
    expect(decision(plan, 'a').action).toBe('keep')
  })

  test('filters are matched against whole tag names, never digests', () => {
    const digest = d('x')
    const inv = inventory({tags: {'v1.0': digest, [digest.slice(7, 19)]: d('y')}})
    const plan = planPrune(
      inv,
      rules(`type=keep,match=v\\d+.*\ntype=tags,match=.*${digest.slice(7, 12)}.*`),
      ctx()
    )
    expect(decision(plan, 'v1.0')).toMatchObject({action: 'keep', reason: 'protected by line 1 (type=keep)'})
    const unanchored = planPrune(inventory({tags: {'xpr-1': d(1)}}), rules('type=tags,match=pr-1'), ctx())
    expect(unanchored.steps).toEqual([])
  })

  test('pr-closed takes the PR tags and its cache scope, only on a closed pull request', () => {
    const inv = inventory({
      tags: {
        'pr-12': d(1),
        'pr-12-arm64': d(2),
        'pr-123': d(3),
        'buildcache-pr-12': d(4),
        'buildcache-pr-12-stage-build': d(5),
        'buildcache-main': d(6)
      }
    })
    const plan = planPrune(inv, rules('type=pr-closed'), ctx({closedPr: 12}))
    expect(plan.tags.filter(t => t.action === 'delete').map(t => t.tag)).toEqual([
      'buildcache-pr-12',
      'buildcache-pr-12-stage-build',
      'pr-12',
      'pr-12-arm64'
    ])
    expect(decision(plan, 'pr-12').reason).toBe('pull request #12 was closed (line 1 (type=pr-closed))')
    const open = planPrune(inv, rules('type=pr-closed'), ctx())
    expect(open.steps).toEqual([])
    expect(open.notes[0]).toMatch(/not a closed pull request/)
    const noCache = planPrune(inv, rules('type=pr-closed,cache=false'), ctx({closedPr: 12}))
    expect(decision(noCache, 'buildcache-pr-12').action).toBe('keep')
  })

  test('cache tags are left to type=cache; tag rules skip them', () => {
    const inv = inventory({
      tags: {'buildcache-main': d(1), 'buildcache-feature-x': d(2), 'sha-1': d(3)},
      nodes: {[d(1)]: {ageDays: 1}, [d(2)]: {ageDays: 30}, [d(3)]: {ageDays: 30}}
    })
    const plan = planPrune(inv, rules('type=tags,match=.*,older-than=7d\ntype=cache'), ctx())
    expect(plan.tags.filter(t => t.action === 'delete').map(t => t.tag)).toEqual([
      'buildcache-feature-x',
      'sha-1'
    ])
    expect(decision(plan, 'buildcache-feature-x').reason).toMatch(/older than 1w .*line 2 \(type=cache\)/)
  })

  test("buildah's layer cache repository: every tag is a cache entry, judged by type=cache alone", () => {
    const inv = inventory({
      tags: {[`${'a'.repeat(64)}`]: d(1), [`${'b'.repeat(64)}`]: d(2), [`${'c'.repeat(64)}`]: d(3)},
      nodes: {[d(1)]: {ageDays: 1}, [d(2)]: {ageDays: 30}, [d(3)]: {ageDays: 30}}
    })
    const all = 'type=tags,match=.*,older-than=7d\ntype=pr-closed\ntype=cache'
    const plan = planPrune(inv, rules(all), ctx({layerCache: true, closedPr: 12}))
    expect(plan.tags.filter(t => t.action === 'delete').map(t => t.tag)).toEqual([
      'b'.repeat(64),
      'c'.repeat(64)
    ])
    for (const tag of ['b'.repeat(64), 'c'.repeat(64)])
      expect(decision(plan, tag).reason).toMatch(/line 3 \(type=cache\)/)
    // The same repository taken for an image repository: the tag rule would take every old tag.
    const asImages = planPrune(inv, rules('type=tags,match=.*,older-than=7d'), ctx())
    expect(asImages.tags.filter(t => t.action === 'delete')).toHaveLength(2)
    const prTag = inventory({tags: {'pr-12': d(3)}, nodes: {[d(3)]: {ageDays: 30}}})
    expect(planPrune(prTag, rules('type=pr-closed'), ctx({layerCache: true, closedPr: 12})).steps).toEqual([])
    expect(planPrune(inv, rules('type=tags,match=.*,older-than=7d'), ctx({layerCache: true})).steps).toEqual(
      []
    )
  })

  test("the default branch's cache stays, every stage of it, unless type=keep,default-cache=false", () => {
    const tags = [
      'buildcache-main',
      'buildcache-main-partial',
      'buildcache-main-stage-build',
      'buildcache-main-stage-build-partial',
      'buildcache-main-feature',
      'buildcache-pr-3'
    ]
    const inv = inventory({
      tags: Object.fromEntries(tags.map((tag, i) => [tag, d(i)])),
      nodes: Object.fromEntries(tags.map((_, i) => [d(i), {ageDays: 30}]))
    })
    const plan = planPrune(inv, rules('type=cache'), ctx({defaultCacheScope: 'main'}))
    const deleted = (p: RepoPlan) => p.tags.filter(t => t.action === 'delete').map(t => t.tag)
    expect(deleted(plan)).toEqual(['buildcache-main-feature', 'buildcache-pr-3'])
    expect(decision(plan, 'buildcache-main-stage-build').reason).toMatch(/^the default branch's cache/)
    const unprotected = planPrune(
      inv,
      rules('type=cache\ntype=keep,default-cache=false'),
      ctx({defaultCacheScope: 'main'})
    )
    expect(deleted(unprotected)).toHaveLength(6)
    // Without a known default branch there is nothing to recognise.
    expect(deleted(planPrune(inv, rules('type=cache'), ctx()))).toHaveLength(6)
  })

  test('tags pushed by this run are never touched', () => {
    const plan = planPrune(
      inventory({tags: {'pr-1': d(1)}}),
      rules('type=tags,match=pr-.*'),
      ctx({protectedTags: new Set(['pr-1'])})
    )
    expect(decision(plan, 'pr-1')).toMatchObject({action: 'keep', reason: 'pushed by this run'})
    expect(plan.steps).toEqual([])
  })
})

describe('the manifest graph', () => {
  test('a sibling tag on a shared digest stays: the selected tag is only untagged', () => {
    const plan = planPrune(
      inventory({tags: {'sha-abc': d(1), 'v1.2.3': d(1), 'pr-12': d(2), 'v1.0': d(2)}}),
      rules('type=tags,match=sha-.*|pr-.*'),
      ctx()
    )
    expect(plan.steps).toEqual([
      {op: 'untag', tag: 'pr-12', digest: d(2)},
      {op: 'untag', tag: 'sha-abc', digest: d(1)}
    ])
    expect(decision(plan, 'sha-abc').reason).toMatch(/only the tag goes \(digest tagged v1\.2\.3\)/)
  })

  test('children of a kept index are never deleted, even listed as untagged', () => {
    const [amd, arm, att] = [d('amd64'), d('arm64'), d('att')]
    const inv = inventory({
      tags: {v1: d('idx')},
      nodes: {
        [d('idx')]: {children: [amd, arm, att], ageDays: 10},
        [amd]: {listedUntagged: true, ageDays: 10},
        [arm]: {listedUntagged: true, ageDays: 10},
        [att]: {listedUntagged: true, ageDays: 10}
      },
      untaggedListed: true,
      kind: 'ghcr'
    })
    const plan = planPrune(
      inv,
      rules('type=untagged,older-than=1d\ntype=keep,semver=false\ntype=tags,match=x'),
      ctx()
    )
    expect(plan.steps).toEqual([])
  })

  test('a child shared with a kept index survives the deletion of the other index', () => {
    const shared = d('c')
    const inv = inventory({
      tags: {rc1: d('A'), v1: d('B')},
      nodes: {[d('A')]: {children: [shared, d('a-only')]}, [d('B')]: {children: [shared]}}
    })
    const plan = planPrune(inv, rules('type=tags,match=rc.*'), ctx())
    expect(deletedDigests(plan)).toEqual([d('A'), d('a-only')])
    expect(plan.steps[1]).toMatchObject({digest: d('a-only'), after: [d('A')]})
  })

  test('everything under a nested index is kept, and deleted only below a deleted one', () => {
    const inv = inventory({
      tags: {top: d('top'), old: d('old')},
      nodes: {
        [d('top')]: {children: [d('mid')]},
        [d('mid')]: {children: [d('leaf')]},
        [d('old')]: {children: [d('mid2')]},
        [d('mid2')]: {children: [d('leaf'), d('leaf2')]}
      }
    })
    const plan = planPrune(inv, rules('type=tags,match=old'), ctx())
    expect(deletedDigests(plan)).toEqual([d('old'), d('mid2'), d('leaf2')])
    expect(plan.steps.map(s => (s.op === 'delete' ? s.after : []))).toEqual([[], [d('old')], [d('mid2')]])
  })

  test('an index is deleted before its children, so no index ever points at a missing child', () => {
    const inv = inventory({tags: {x: d('i')}, nodes: {[d('i')]: {children: [d('c1'), d('c2')]}}})
    const plan = planPrune(inv, rules('type=tags,match=x'), ctx())
    expect(deletedDigests(plan)[0]).toBe(d('i'))
  })

  test('referrers stay with a kept subject and go after a deleted one; * never matches sha256- tags', () => {
    const [keep, drop] = [d('keep'), d('drop')]
    const inv = inventory({
      tags: {
        v1: keep,
        old: drop,
        [referrersTag(keep)]: d('fk'),
        [`${referrersTag(keep)}.sig`]: d('sig'),
        [referrersTag(drop)]: d('fd')
      },
      nodes: {
        [d('fk')]: {children: [d('rk')]},
        [d('fd')]: {children: [d('rd')]},
        [d('rk')]: {subject: keep},
        [d('rd')]: {subject: drop},
        [d('sig')]: {}
      }
    })
    const plan = planPrune(inv, rules('type=tags,match=.*\ntype=keep,match=v1'), ctx())
    expect(decision(plan, referrersTag(keep))).toMatchObject({
      action: 'keep',
      reason: expect.stringMatching(/attached to kept/)
    })
    expect(decision(plan, `${referrersTag(keep)}.sig`).action).toBe('keep')
    expect(decision(plan, referrersTag(drop))).toMatchObject({action: 'delete', how: 'with-manifest'})
    expect(deletedDigests(plan)).toEqual([drop, d('fd'), d('rd')])
    expect(plan.steps[2]).toMatchObject({digest: d('rd'), after: [drop, d('fd')].sort()})
  })

  test('an untagged referrer of a kept subject is found through its subject and kept', () => {
    const inv = inventory({
      tags: {v1: d('s')},
      nodes: {[d('r')]: {subject: d('s'), listedUntagged: true, ageDays: 40}},
      untaggedListed: true,
      kind: 'ghcr'
    })
    expect(planPrune(inv, rules('type=untagged'), ctx()).steps).toEqual([])
  })

  test('untagged manifests: only past the grace window, only where listable', () => {
    const spec = {
      tags: {v1: d('k')},
      nodes: {
        [d('young')]: {listedUntagged: true, ageDays: 0.5},
        [d('old')]: {listedUntagged: true, ageDays: 3, children: [d('oldchild')]},
        [d('oldchild')]: {listedUntagged: true, ageDays: 3},
        [d('undated')]: {listedUntagged: true}
      },
      untaggedListed: true,
      kind: 'ghcr' as const
    }
    const plan = planPrune(inventory(spec), rules('type=untagged'), ctx())
    expect(deletedDigests(plan)).toEqual([d('old'), d('oldchild')])
    expect(plan.manifests.find(m => m.digest === d('young'))?.reason).toMatch(/less than 1d/)
    const longer = planPrune(inventory(spec), rules('type=untagged,older-than=7d'), ctx())
    expect(longer.steps).toEqual([])
    const oci = planPrune(
      inventory({...spec, untaggedListed: false, kind: 'oci'}),
      rules('type=untagged'),
      ctx()
    )
    expect(oci.steps).toEqual([])
    expect(oci.notes[0]).toMatch(/cannot list untagged manifests/)
  })

  test('a child pushed within the grace window outlives its deleted index', () => {
    const inv = inventory({
      tags: {'pr-1': d('i')},
      nodes: {
        [d('i')]: {children: [d('c')], listedUntagged: false, ageDays: 3},
        [d('c')]: {listedUntagged: true, ageDays: 0.1}
      },
      untaggedListed: true,
      kind: 'ghcr'
    })
    expect(deletedDigests(planPrune(inv, rules('type=tags,match=pr-.*'), ctx()))).toEqual([d('i')])
  })

  test('an incomplete inventory deletes nothing and says why', () => {
    const inv = inventory({tags: {'pr-1': d(1)}, problems: ['could not list tags: 503']})
    const plan = planPrune(inv, rules('type=tags,match=pr-.*'), ctx())
    expect(plan.steps).toEqual([])
    expect(plan.blocked).toMatch(/503/)
    expect(decision(plan, 'pr-1').reason).toMatch(/nothing deleted here/)
  })

  test('issue 11.4: a kept tag whose read answered 404 once is not dropped: nothing is deleted, it is named', () => {
    // sha-a (selected) and v1 (kept) share d('x'). Read, v1 makes the deletion of sha-a an untag only;
    // dropped as "deleted meanwhile", the digest DELETE would have taken v1 along.
    const text = 'type=tags,match=sha-.*'
    const read = planPrune(inventory({tags: {'sha-a': d('x'), v1: d('x')}}), rules(text), ctx())
    expect(untaggedTags(read)).toEqual(['sha-a'])
    expect(deletedDigests(planPrune(inventory({tags: {'sha-a': d('x')}}), rules(text), ctx()))).toEqual([
      d('x')
    ])

    const inv = inventory({tags: {'sha-a': d('x')}, unreadable: {v1: '404 Not Found'}})
    const plan = planPrune(inv, rules(text), ctx())
    const why =
      'tag v1 (404 Not Found) was listed but could not be read: it may point at any image here, and deleting ' +
      'a manifest deletes every tag on it. Run the prune again: this is transient (a registry not yet ' +
      'consistent) or a tag changed while it was read'
    expect(plan.steps).toEqual([])
    expect(plan.needs).toEqual(NO_NEEDS)
    expect(plan.blocked).toBe(why)
    expect(plan.unreadable).toEqual(['v1'])
    expect(plan.tags).toEqual([
      {tag: 'sha-a', digest: d('x'), action: 'keep', reason: `nothing deleted here: ${why}`},
      {
        tag: 'v1',
        digest: UNKNOWN_DIGEST,
        action: 'keep',
        reason: 'listed, but could not be read (404 Not Found); nothing deleted here'
      }
    ])
    // The run reports it as a failure, not as a warning.
    expect(plan.warnings).toEqual([])
  })

  test('several unreadable tags and another problem: all named, in order', () => {
    const inv = inventory({
      tags: {'pr-1': d(1)},
      unreadable: {zz: '404 Not Found', aa: 'r.example/app: check manifest aa: 503 Service Unavailable'},
      problems: ['could not ask for referrers: 500']
    })
    const plan = planPrune(inv, rules('type=tags,match=pr-.*'), ctx())
    expect(plan.steps).toEqual([])
    expect(plan.unreadable).toEqual(['aa', 'zz'])
    expect(plan.blocked).toBe(
      'could not ask for referrers: 500; tags aa (r.example/app: check manifest aa: 503 Service Unavailable), ' +
        'zz (404 Not Found) were listed but could not be read: they may point at any image here, and deleting ' +
        'a manifest deletes every tag on it. Run the prune again: this is transient (a registry not yet ' +
        'consistent) or a tag changed while it was read'
    )
  })

  test('what the plan has not read yet is asked for before anything may run', () => {
    const inv = inventory({
      tags: {old: d('i'), v1: d('k')},
      nodes: {
        [d('i')]: {children: [d('c')]},
        [d('c')]: {content: undefined},
        [d('k')]: {content: undefined, mediaType: undefined}
      },
      referrers: 'api'
    })
    const plan = planPrune(inv, rules('type=tags,match=old'), ctx())
    expect(plan.needs).toEqual({
      heads: [d('k')],
      manifests: [d('c')],
      referrers: [d('c'), d('i')].sort(),
      times: []
    })
  })

  test('the same inventory in any order gives the same plan', () => {
    const tags = {a: d(1), b: d(2), c: d(1), 'sha-x': d(3)}
    const nodes = {[d(1)]: {ageDays: 5}, [d(2)]: {ageDays: 50}, [d(3)]: {ageDays: 70, children: [d(4)]}}
    const reversed = Object.fromEntries(Object.entries(tags).reverse())
    const text = 'type=tags,match=.*,keep=1'
    expect(planPrune(inventory({tags: reversed, nodes}), rules(text), ctx())).toEqual(
      planPrune(inventory({tags, nodes}), rules(text), ctx())
    )
    expect(untaggedTags(planPrune(inventory({tags, nodes}), rules(text), ctx()))).toEqual([])
  })
})
