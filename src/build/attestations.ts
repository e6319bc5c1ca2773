/**
 * Attestations (pure): build-push-action's default provenance (`mode=min` for a private repository,
 * `mode=max` for a public one, the run URL as builder-id, none when loading into docker or with
 * BUILDX_NO_DEFAULT_ATTESTATIONS) and the `provenance` / `sbom` / `attests` inputs as buildx flags.
 */
import {InputError} from '../shared/errors.js'
import {versionAtLeast} from '../shared/versions.js'
import type {BuilderFacts} from './builder-facts.js'
import {attestDisabled, attestType, parseGoBool} from './option-inputs.js'
import type {AttestSetting} from './option-inputs.js'
import type {BuildOptionContext, BuildOptions} from './build-option-types.js'

/** `version` is known to be older than `min` (an unknown version is given the benefit). */
export function below(version: string | undefined, min: string): boolean {
  return /^v?\d+\.\d+/.test(version ?? '') && !versionAtLeast(version, min)
}

export function buildxBelow(builder: BuilderFacts | undefined, min: string): boolean {
  return below(builder?.buildxVersion, min)
}

/** `load`, or an `outputs` entry of type=docker (an entry without a type is a local directory). */
export function loadsIntoDocker(outputs: readonly string[], load: boolean): boolean {
  return load || outputs.some(line => line.split(',').some(field => field.trim() === 'type=docker'))
}

export function withBuilderId(attrs: readonly string[], runUrl: string | undefined): string[] {
  const hasId = attrs.some(attr => attr.startsWith('builder-id='))
  return hasId || !runUrl ? [...attrs] : [...attrs, `builder-id=${runUrl}`]
}

/** `type=<type>,<attrs>` for `--attest`; off: `type=<type>,disabled=true`. */
export function attestValue(type: string, setting: AttestSetting, runUrl: string | undefined): string {
  if (setting.disabled) return `type=${type},disabled=true`
  const attrs = type === 'provenance' ? withBuilderId(setting.attrs, runUrl) : setting.attrs
  return [`type=${type}`, ...attrs].join(',')
}

/**
 * The input that asks for an attestation, if any: enabled `provenance`, `sbom` or `attests` lines (what a
 * builder must be able to write; the default provenance is only added where it works).
 */
export function requestedAttestation(options: BuildOptions): 'provenance' | 'sbom' | 'attests' | undefined {
  if (options.provenance && !options.provenance.disabled) return 'provenance'
  if (options.sbom && !options.sbom.disabled) return 'sbom'
  if (options.attests.some(line => !attestDisabled(line))) return 'attests'
  return undefined
}

export function turnOff(input: 'provenance' | 'sbom' | 'attests'): string {
  return input === 'attests' ? 'remove the attests lines' : `set ${input}: false`
}

/**
 * build-push-action's `--attest` flags (its src/context.ts getAttestArgs): `provenance` and `sbom` win over
 * `attests` lines of their type; without either, a provenance attestation is added when the builder can
 * write attestations, runs BuildKit 0.11 or later, the result is not loaded into docker and
 * BUILDX_NO_DEFAULT_ATTESTATIONS is not set: `mode=min,inline-only=true` for a private repository,
 * `mode=max` for a public one, with the run's URL as builder-id.
 */
export function attestArgs(
  options: BuildOptions,
  builder: BuilderFacts | undefined,
  ctx: BuildOptionContext,
  warnings: string[]
) {
  const requested = requestedAttestation(options)
  if (builder && requested) {
    if (buildxBelow(builder, '0.10.0')) {
      throw new InputError(
        requested,
        `attestations need buildx 0.10 or later (this runner has ${builder.buildxVersion}); ` +
          `update buildx or ${turnOff(requested)}`
      )
    }
    if (!builder.attestations) {
      throw new InputError(
        requested,
        `builder '${builder.name}' (${builder.driver} driver) cannot write attestations: the docker driver on the ` +
          `classic image store cannot, a docker-container builder or the containerd image store can; ` +
          `set one up, or ${turnOff(requested)}`
      )
    }
  }
  // Before 0.10 buildx knows no attestations, so there is nothing to turn off either.
  if (buildxBelow(builder, '0.10.0')) return []
  const values: string[] = []
  if (options.provenance) {
    values.push(attestValue('provenance', options.provenance, ctx.runUrl))
  } else if (
    !options.attests.some(line => attestType(line) === 'provenance') &&
    !noDefaultAttestations(ctx.noDefaultAttestations, warnings) &&
    builder?.attestations === true &&
    versionAtLeast(builder.buildkitVersion, '0.11.0') &&
    !loadsIntoDocker(ctx.outputs, ctx.load)
  ) {
    const attrs = ctx.repoPrivate === false ? ['mode=max'] : ['mode=min', 'inline-only=true']
    values.push(attestValue('provenance', {disabled: false, attrs}, ctx.runUrl))
  }
  if (options.sbom) values.push(attestValue('sbom', options.sbom, ctx.runUrl))
  for (const line of options.attests) {
    const type = attestType(line)
    if (type === 'provenance' && options.provenance) continue
    if (type === 'sbom' && options.sbom) continue
    values.push(
      type === 'provenance' && !attestDisabled(line)
        ? withBuilderId(line.split(','), ctx.runUrl).join(',')
        : line
    )
  }
  return values.flatMap(value => ['--attest', value])
}

/** BUILDX_NO_DEFAULT_ATTESTATIONS as buildx reads it (Go booleans); anything else is said and ignored. */
export function noDefaultAttestations(value: string | undefined, warnings: string[]): boolean {
  if (value === undefined || value === '') return false
  const parsed = parseGoBool(value)
  if (parsed === undefined) {
    warnings.push(`BUILDX_NO_DEFAULT_ATTESTATIONS='${value}' is not a boolean; default provenance stays on`)
    return false
  }
  return parsed
}
