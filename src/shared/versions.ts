/** `a.b.c` ≥ `min` (a leading `v` allowed); an unknown version satisfies nothing. */
export function versionAtLeast(version: string | undefined, min: string): boolean {
  const parse = (v: string): number[] | undefined => {
    const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v)
    return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined
  }
  const have = version ? parse(version) : undefined
  const want = parse(min)
  if (!have || !want) return false
  for (let i = 0; i < 3; i++) {
    if (have[i] !== want[i]) return (have[i] as number) > (want[i] as number)
  }
  return true
}
