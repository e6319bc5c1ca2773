import {describe, expect, test} from 'vitest'
import {knownExpressions, renderSample, templateProblem} from '../../src/validate/templates.js'
import type {TemplateScope} from '../../src/validate/templates.js'

const GLOBAL = knownExpressions('global')

describe('templateProblem: templates checked without an event', () => {
  test.each<[string, TemplateScope, string]>([
    ['{{version}', 'semver', "'{{' at column 1 is not closed; close it with '}}'"],
    ['v{{major}}.{{minor}', 'semver', "'{{' at column 12 is not closed; close it with '}}'"],
    ['{{a {{b}}', 'global', "'{{' at column 1 is not closed; close it with '}}'"],
    ['{version}}', 'semver', "'}}' at column 9 closes no '{{'; remove it or open the expression with '{{'"],
    [
      '{{ }}',
      'global',
      'Handlebars cannot read it (found CLOSE where it did not expect it); check its {{ }}'
    ],
    [
      '{{verison}}',
      'semver',
      '{{verison}} is not an expression known in a semver pattern; use {{raw}}, {{version}}, {{major}}, {{minor}}, {{patch}}, {{prerelease}}, {{build}}'
    ],
    [
      '{{prerelease}}',
      'pep440',
      '{{prerelease}} is not an expression known in a pep440 pattern; use {{raw}}, {{version}}, {{major}}, {{minor}}, {{patch}}'
    ],
    [
      '{{branch}}',
      'schedule',
      "{{branch}} is not an expression known in a schedule pattern; use {{date 'YYYYMMDD'}}, {{commit_date 'YYYYMMDD'}}"
    ],
    ['{{version}}', 'global', `{{version}} is not an expression known here; use ${GLOBAL}`],
    ['{{branch.name}}', 'global', `{{branch.name}} is not an expression known here; use ${GLOBAL}`],
    ['{{@index}}', 'global', `{{@index}} is not an expression known here; use ${GLOBAL}`],
    ['{{../branch}}', 'global', `{{../branch}} is not an expression known here; use ${GLOBAL}`],
    ['{{sha 8}}', 'global', '{{sha}} takes no arguments; write {{sha}}'],
    ['{{date}}', 'global', "{{date}} needs a format, e.g. {{date 'YYYYMMDD'}}"],
    ["{{date 'YYYY' 'MM'}}", 'global', "{{date}} takes one format, e.g. {{date 'YYYYMMDD'}}"],
    [
      '{{commit_date YYYYMMDD}}',
      'global',
      "the format of {{commit_date YYYYMMDD}} must be quoted, e.g. {{commit_date 'YYYYMMDD'}}"
    ],
    ["{{date 'YYYY' zone='UTC'}}", 'schedule', "{{date}} takes only tz='<time zone>', not zone="],
    [
      "{{date 'YYYY' tz=Paris}}",
      'global',
      "the tz of {{date}} must be a quoted time zone name, e.g. tz='Europe/Paris'"
    ],
    [
      "{{date 'YYYY' tz=''}}",
      'global',
      "the tz of {{date}} must be a quoted time zone name, e.g. tz='Europe/Paris'"
    ],
    [
      "{{date 'YYYY'}}",
      'semver',
      '{{date}} is not an expression known in a semver pattern; use {{raw}}, {{version}}, {{major}}, {{minor}}, {{patch}}, {{prerelease}}, {{build}}'
    ],
    [
      '{{#each branch}}x{{/each}}',
      'global',
      '{{#each}} is not supported; only {{#if …}} and {{#unless …}} blocks are'
    ],
    ['{{#if}}x{{/if}}', 'global', '{{#if}} takes one expression, e.g. {{#if branch}}'],
    ['{{#if nope}}x{{/if}}', 'global', `{{nope}} is not an expression known here; use ${GLOBAL}`],
    ['{{#if tag}}{{nope}}{{/if}}', 'global', `{{nope}} is not an expression known here; use ${GLOBAL}`],
    [
      '{{#unless tag}}x{{else}}{{nope}}{{/unless}}',
      'global',
      `{{nope}} is not an expression known here; use ${GLOBAL}`
    ],
    [
      '{{> partial}}',
      'global',
      'partials ({{> …}}) and decorators ({{* …}}) are not supported; use {{…}} expressions'
    ],
    ['{{"x"}}', 'global', `{{x}} is not an expression known here; use ${GLOBAL}`],
    ['{{lookup branch 0}}', 'global', `{{lookup}} is not an expression known here; use ${GLOBAL}`]
  ])('%s (%s): %s', (template, scope, problem) => {
    expect(templateProblem(template, scope)).toBe(problem)
  })

  test.each<[string, TemplateScope]>([
    ['plain', 'global'],
    ['{{branch}}-{{sha}}', 'global'],
    ['{{{branch}}}', 'global'],
    ["nightly-{{date 'YYYYMMDD' tz='Asia/Tokyo'}}", 'schedule'],
    ["{{commit_date 'YYYY'}}", 'global'],
    ['{{version}}', 'semver'],
    ['v{{major}}.{{minor}}', 'pep440'],
    ['{{#if is_default_branch}}latest{{else}}{{branch}}{{/if}}', 'global'],
    ['{{! a comment }}x', 'global'],
    ['{{ branch }}', 'global']
  ])('%s (%s) is sound', (template, scope) => {
    expect(templateProblem(template, scope)).toBeUndefined()
  })

  test('a label may hold }} (JSON), which strict mode refuses in a tag', () => {
    expect(templateProblem('{"a":{"b":1}}', 'global', false)).toBeUndefined()
    expect(templateProblem('{"a":{"b":1}}', 'global')).toBe(
      "'}}' at column 12 closes no '{{'; remove it or open the expression with '{{'"
    )
  })
})

describe('renderSample: the constant parts with plain sample values', () => {
  test.each<[string, TemplateScope, string]>([
    ['{{branch}}-{{sha}}', 'global', 'main-0123456'],
    ['{{tag}}', 'global', 'v1.2.3'],
    ['{{is_default_branch}}', 'global', 'true'],
    ["{{date 'YYYYMMDD-HHmm'}}", 'global', '20240102-0304'],
    ["{{date 'YYYY-MM-DD HH:mm' tz='Asia/Tokyo'}}", 'schedule', '2024-01-02 12:04'],
    ['{{major}}.{{minor}}.{{patch}}', 'semver', '1.2.3'],
    ['{{version}}{{prerelease}}', 'semver', '1.2.3'],
    ['::error::X', 'global', '::error::X']
  ])('%s (%s) → %s', (template, scope, sample) => {
    expect(renderSample(template, scope)).toBe(sample)
  })
})
