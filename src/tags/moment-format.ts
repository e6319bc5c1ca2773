// A moment.js-compatible date formatter (English locale) for {{date}} and {{commit_date}}.
//
// metadata-action renders these with moment-timezone: `moment(date).tz(tz).format(fmt)`. dayjs
// (even with its utc/timezone/advancedFormat plugins) differs from moment on many tokens: no
// day-of-year (DDD/DDDD), no S/SS fractions, no Y/YYYYY, no e/E, no ordinals for Q/d, `w`/`gggg`
// need more plugins, no localized LT/L/LL…, `\X` escapes kept, X/x shifted by the offset in
// tz mode, and a different default format for UTC. So the formatter is implemented here,
// token for token after moment's own tables, with time-zone offsets taken from Intl (same IANA
// data as moment-timezone). Verified against moment-timezone during development.

export interface ZonedDate {
  /** Milliseconds since the epoch (NaN for an invalid date). */
  ms: number
  /** Offset from UTC in minutes for that instant in the zone. */
  offset: number
  /** moment's isUtc(): in UTC mode with offset 0; picks the default format ending in 'Z'. */
  utcMode: boolean
  /** Zone name for the z/zz tokens ('' when unknown). */
  tz: string
}

const UTC_ZONE = /^(etc\/)?(utc|uct|zulu|universal)$/i

const formatterCache = new Map<string, Intl.DateTimeFormat | null>()

function zoneFormatter(tz: string): Intl.DateTimeFormat | null {
  const key = tz.toLowerCase()
  let dtf = formatterCache.get(key)
  if (dtf === undefined) {
    // moment-timezone only knows IANA names; Intl would also accept offsets such as "+09:00".
    if (!/^[A-Za-z]/.test(tz)) {
      dtf = null
    } else {
      try {
        dtf = new Intl.DateTimeFormat('en-US', {
          timeZone: tz,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric'
        })
      } catch {
        dtf = null
      }
    }
    formatterCache.set(key, dtf)
  }
  return dtf
}

/**
 * The instant seen in zone `tz`. Unknown zones behave like moment-timezone: it logs an error and
 * keeps local time, which on GitHub runners is UTC (but not "UTC mode", so the default format
 * ends in +00:00). `known` tells the caller whether to warn.
 */
export function inZone(date: Date, tz: string): {zoned: ZonedDate; known: boolean} {
  const ms = date.getTime()
  // The default zone needs no Intl (creating a zoned formatter costs ~10 ms at startup).
  if (UTC_ZONE.test(tz)) return {zoned: {ms, offset: 0, utcMode: true, tz}, known: true}
  const dtf = zoneFormatter(tz)
  if (!dtf) return {zoned: {ms, offset: 0, utcMode: false, tz: ''}, known: false}
  if (isNaN(ms)) return {zoned: {ms, offset: 0, utcMode: true, tz}, known: true}
  const parts: Record<string, string> = {}
  for (const part of dtf.formatToParts(date)) parts[part.type] = part.value
  const wall = Date.UTC(
    Number(parts['year']),
    Number(parts['month']) - 1,
    Number(parts['day']),
    Number(parts['hour']) % 24,
    Number(parts['minute']),
    Number(parts['second'])
  )
  const offset = Math.round((wall - (ms - mod(ms, 1000))) / 60000)
  return {zoned: {ms, offset, utcMode: true, tz}, known: true}
}

// Locales whose CLDR data has letter abbreviations for common zones (JST, CET, IST, AEST, NST…).
const ABBR_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU', 'en-CA', 'ja-JP', 'en-ZA']

/**
 * Best effort for moment-timezone's zone abbreviation (z/zz), which comes from the tz database.
 * Intl has no such table: take the first letter abbreviation CLDR offers in a few English-speaking
 * locales, else the tz database's numeric style (+09, -0330). Zones where the two disagree exist
 * (e.g. Asia/Shanghai is CST in tzdata, GMT+8 in CLDR), but z is hardly ever used in a tag.
 */
function zoneAbbr(z: ZonedDate): string {
  if (!z.tz) return ''
  if (UTC_ZONE.test(z.tz)) return 'UTC'
  const date = new Date(z.ms)
  for (const locale of ABBR_LOCALES) {
    const name =
      new Intl.DateTimeFormat(locale, {timeZone: z.tz, timeZoneName: 'short'})
        .formatToParts(date)
        .find(p => p.type === 'timeZoneName')?.value ?? ''
    if (name === 'GMT' || /^[A-Z]{2,5}$/.test(name)) return name
  }
  const abs = Math.abs(z.offset)
  const minutes = abs % 60
  return (
    (z.offset < 0 ? '-' : '+') + zeroFill(Math.trunc(abs / 60), 2) + (minutes ? zeroFill(minutes, 2) : '')
  )
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b
}

/** moment's zeroFill. */
function zeroFill(value: number, length: number, forceSign = false): string {
  const abs = '' + Math.abs(value)
  const zeros = length - abs.length
  const sign = value >= 0 ? (forceSign ? '+' : '') : '-'
  return sign + Math.pow(10, Math.max(0, zeros)).toString().substring(1) + abs
}

/** English ordinal, as moment's default locale. */
function ordinal(n: number): string {
  const b = n % 10
  const suffix =
    Math.trunc((n % 100) / 10) === 1 ? 'th' : b === 1 ? 'st' : b === 2 ? 'nd' : b === 3 ? 'rd' : 'th'
  return n + suffix
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December'
]
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

interface Fields {
  year: number
  month: number // 0-11
  date: number
  day: number // 0 = Sunday
  hours: number
  minutes: number
  seconds: number
  millis: number
  dayOfYear: number
}

function fieldsOf(z: ZonedDate): Fields {
  const w = new Date(z.ms + z.offset * 60000)
  const year = w.getUTCFullYear()
  const startOfYear = Date.UTC(year, 0, 1)
  const startOfDay = Date.UTC(year, w.getUTCMonth(), w.getUTCDate())
  return {
    year,
    month: w.getUTCMonth(),
    date: w.getUTCDate(),
    day: w.getUTCDay(),
    hours: w.getUTCHours(),
    minutes: w.getUTCMinutes(),
    seconds: w.getUTCSeconds(),
    millis: w.getUTCMilliseconds(),
    dayOfYear: Math.round((startOfDay - startOfYear) / 864e5) + 1
  }
}

function daysInYear(year: number): number {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365
}

// moment's week-of-year arithmetic: dow = first day of week, doy = dow + 7 - (day of January that
// must fall in week 1). ISO weeks are (1, 4); the English locale uses (0, 6).
function firstWeekOffset(year: number, dow: number, doy: number): number {
  const fwd = 7 + dow - doy
  const fwdlw = (7 + new Date(Date.UTC(year, 0, fwd)).getUTCDay() - dow) % 7
  return -fwdlw + fwd - 1
}

function weeksInYear(year: number, dow: number, doy: number): number {
  return (daysInYear(year) - firstWeekOffset(year, dow, doy) + firstWeekOffset(year + 1, dow, doy)) / 7
}

function weekOfYear(f: Fields, dow: number, doy: number): {week: number; year: number} {
  const week = Math.floor((f.dayOfYear - firstWeekOffset(f.year, dow, doy) - 1) / 7) + 1
  if (week < 1) return {year: f.year - 1, week: week + weeksInYear(f.year - 1, dow, doy)}
  const inYear = weeksInYear(f.year, dow, doy)
  if (week > inYear) return {year: f.year + 1, week: week - inYear}
  return {year: f.year, week}
}

function utcOffset(z: ZonedDate, separator: string): string {
  let offset = z.offset
  let sign = '+'
  if (offset < 0) {
    offset = -offset
    sign = '-'
  }
  return sign + zeroFill(Math.trunc(offset / 60), 2) + separator + zeroFill(Math.trunc(offset) % 60, 2)
}

type TokenFn = (f: Fields, z: ZonedDate) => string

const h12 = (f: Fields): number => f.hours % 12 || 12
const localeWeek = (f: Fields) => weekOfYear(f, 0, 6)
const isoWeek = (f: Fields) => weekOfYear(f, 1, 4)

const TOKENS: Record<string, TokenFn> = {
  M: f => `${f.month + 1}`,
  MM: f => zeroFill(f.month + 1, 2),
  Mo: f => ordinal(f.month + 1),
  MMM: f => (MONTHS[f.month] ?? '').slice(0, 3),
  MMMM: f => MONTHS[f.month] ?? '',
  Q: f => `${Math.ceil((f.month + 1) / 3)}`,
  Qo: f => ordinal(Math.ceil((f.month + 1) / 3)),
  D: f => `${f.date}`,
  DD: f => zeroFill(f.date, 2),
  Do: f => ordinal(f.date),
  DDD: f => `${f.dayOfYear}`,
  DDDD: f => zeroFill(f.dayOfYear, 3),
  DDDo: f => ordinal(f.dayOfYear),
  d: f => `${f.day}`,
  do: f => ordinal(f.day),
  dd: f => (WEEKDAYS[f.day] ?? '').slice(0, 2),
  ddd: f => (WEEKDAYS[f.day] ?? '').slice(0, 3),
  dddd: f => WEEKDAYS[f.day] ?? '',
  e: f => `${f.day}`,
  E: f => `${f.day || 7}`,
  w: f => `${localeWeek(f).week}`,
  ww: f => zeroFill(localeWeek(f).week, 2),
  wo: f => ordinal(localeWeek(f).week),
  W: f => `${isoWeek(f).week}`,
  WW: f => zeroFill(isoWeek(f).week, 2),
  Wo: f => ordinal(isoWeek(f).week),
  gg: f => zeroFill(localeWeek(f).year % 100, 2),
  gggg: f => zeroFill(localeWeek(f).year, 4),
  ggggg: f => zeroFill(localeWeek(f).year, 5),
  GG: f => zeroFill(isoWeek(f).year % 100, 2),
  GGGG: f => zeroFill(isoWeek(f).year, 4),
  GGGGG: f => zeroFill(isoWeek(f).year, 5),
  Y: f => (f.year <= 9999 ? zeroFill(f.year, 4) : `+${f.year}`),
  YY: f => zeroFill(f.year % 100, 2),
  YYYY: f => zeroFill(f.year, 4),
  YYYYY: f => zeroFill(f.year, 5),
  YYYYYY: f => zeroFill(f.year, 6, true),
  // Era tokens; dates here are always in the common era (AD).
  N: () => 'AD',
  NN: () => 'AD',
  NNN: () => 'AD',
  NNNN: () => 'Anno Domini',
  NNNNN: () => 'AD',
  y: f => `${f.year}`,
  yy: f => zeroFill(f.year, 2),
  yyy: f => zeroFill(f.year, 3),
  yyyy: f => zeroFill(f.year, 4),
  yo: f => ordinal(f.year),
  a: f => (f.hours > 11 ? 'pm' : 'am'),
  A: f => (f.hours > 11 ? 'PM' : 'AM'),
  H: f => `${f.hours}`,
  HH: f => zeroFill(f.hours, 2),
  h: f => `${h12(f)}`,
  hh: f => zeroFill(h12(f), 2),
  k: f => `${f.hours || 24}`,
  kk: f => zeroFill(f.hours || 24, 2),
  hmm: f => `${h12(f)}${zeroFill(f.minutes, 2)}`,
  hmmss: f => `${h12(f)}${zeroFill(f.minutes, 2)}${zeroFill(f.seconds, 2)}`,
  Hmm: f => `${f.hours}${zeroFill(f.minutes, 2)}`,
  Hmmss: f => `${f.hours}${zeroFill(f.minutes, 2)}${zeroFill(f.seconds, 2)}`,
  m: f => `${f.minutes}`,
  mm: f => zeroFill(f.minutes, 2),
  s: f => `${f.seconds}`,
  ss: f => zeroFill(f.seconds, 2),
  S: f => `${Math.trunc(f.millis / 100)}`,
  SS: f => zeroFill(Math.trunc(f.millis / 10), 2),
  X: (_f, z) => `${Math.floor(z.ms / 1000)}`,
  x: (_f, z) => `${z.ms}`,
  z: (_f, z) => zoneAbbr(z),
  zz: (_f, z) => zoneAbbr(z),
  Z: (_f, z) => utcOffset(z, ':'),
  ZZ: (_f, z) => utcOffset(z, '')
}
for (let n = 3; n <= 9; n++) {
  const scale = Math.pow(10, n - 3)
  TOKENS['S'.repeat(n)] = f => zeroFill(f.millis * scale, n)
}

// moment's tokenizer (2.30): a bracketed literal, or an optional backslash plus a token, or any
// single character. Unknown tokens lose their brackets/backslashes and are printed as-is.
const FORMATTING_TOKENS =
  /(\[[^[]*\])|(\\)?([Hh]mm(ss)?|Mo|MM?M?M?|Do|DDDo|DD?D?D?|ddd?d?|do?|w[o|w]?|W[o|W]?|Qo?|N{1,5}|YYYYYY|YYYYY|YYYY|YY|y{2,4}|yo?|gg(ggg?)?|GG(GGG?)?|e|E|a|A|hh?|HH?|kk?|mm?|ss?|S{1,9}|x|X|zz?|ZZ?|.)/g
const LOCAL_FORMATTING_TOKENS = /(\[[^[]*\])|(\\)?(LTS|LT|LL?L?L?|l{1,4})/g

const LONG_DATE_FORMATS: Record<string, string> = {
  LTS: 'h:mm:ss A',
  LT: 'h:mm A',
  L: 'MM/DD/YYYY',
  LL: 'MMMM D, YYYY',
  LLL: 'MMMM D, YYYY h:mm A',
  LLLL: 'dddd, MMMM D, YYYY h:mm A'
}

function longDateFormat(token: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(LONG_DATE_FORMATS, token)) return LONG_DATE_FORMATS[token]
  const upper = token.toUpperCase()
  // Lower-case variants (l, ll, …) shorten MMMM/MM/DD/dddd by one letter, as moment derives them.
  if (/^l{1,4}$/.test(token) && LONG_DATE_FORMATS[upper]) {
    return (LONG_DATE_FORMATS[upper].match(FORMATTING_TOKENS) ?? [])
      .map(tok => (tok === 'MMMM' || tok === 'MM' || tok === 'DD' || tok === 'dddd' ? tok.slice(1) : tok))
      .join('')
  }
  return undefined
}

function expandFormat(format: string): string {
  let out = format
  for (let i = 5; i >= 0; i--) {
    LOCAL_FORMATTING_TOKENS.lastIndex = 0
    if (!LOCAL_FORMATTING_TOKENS.test(out)) break
    LOCAL_FORMATTING_TOKENS.lastIndex = 0
    out = out.replace(LOCAL_FORMATTING_TOKENS, match => longDateFormat(match) ?? match)
  }
  return out
}

/** moment(date).tz(zone).format(format), English locale. An empty format gives moment's default. */
export function formatMoment(z: ZonedDate, format: string | undefined): string {
  if (isNaN(z.ms)) return 'Invalid date'
  const fmt = format
    ? format
    : z.utcMode && z.offset === 0
      ? 'YYYY-MM-DDTHH:mm:ss[Z]'
      : 'YYYY-MM-DDTHH:mm:ssZ'
  const fields = fieldsOf(z)
  const tokens = expandFormat(fmt).match(FORMATTING_TOKENS) ?? []
  let out = ''
  for (const token of tokens) {
    const fn = Object.prototype.hasOwnProperty.call(TOKENS, token) ? TOKENS[token] : undefined
    if (fn) out += fn(fields, z)
    else out += /\[[\s\S]/.test(token) ? token.replace(/^\[|\]$/g, '') : token.replace(/\\/g, '')
  }
  return out
}
