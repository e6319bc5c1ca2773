import {describe, expect, test} from 'vitest'

import {formatMoment, inZone} from '../../src/tags/moment-format.js'

// Expected strings are moment-timezone's output for the same instants (checked against
// moment 2.30 / moment-timezone 0.6 while writing this formatter).
const at = new Date('2020-01-10T00:30:05.123Z')
const fmt = (format: string | undefined, tz = 'UTC', date = at) =>
  formatMoment(inZone(date, tz).zoned, format)

describe('moment-compatible formatting', () => {
  test.each([
    ['YYYYMMDD', '20200110'],
    ['YYYYMMDD-HHmmss', '20200110-003005'],
    ['YYYY-MM-DDTHH:mm:ss.SSS[Z]', '2020-01-10T00:30:05.123Z'],
    ['dddd, MMMM Do YYYY, h:mm:ss a', 'Friday, January 10th 2020, 12:30:05 am'],
    ['Q Qo DDD DDDD DDDo Do', '1 1st 10 010 10th 10th'],
    ['S SS SSS SSSS SSSSSSSSS', '1 12 123 1230 123000000'],
    ['Y YY YYYY YYYYY YYYYYY', '2020 20 2020 02020 +002020'],
    ['M MM Mo MMM MMMM', '1 01 1st Jan January'],
    ['d do dd ddd dddd e E', '5 5th Fr Fri Friday 5 5'],
    ['w ww wo W WW Wo gg gggg GG GGGG', '2 02 2nd 2 02 2nd 20 2020 20 2020'],
    ['H HH h hh k kk a A', '0 00 12 12 24 24 am AM'],
    ['hmm hmmss Hmm Hmmss', '1230 123005 030 03005'],
    ['m mm s ss', '30 30 5 05'],
    ['X x', '1578616205 1578616205123'],
    ['Z ZZ z zz', '+00:00 +0000 UTC UTC'],
    ['LT LTS L LL', '12:30 AM 12:30:05 AM 01/10/2020 January 10, 2020'],
    ['LLL LLLL', 'January 10, 2020 12:30 AM Friday, January 10, 2020 12:30 AM'],
    ['l ll lll llll', '1/10/2020 Jan 10, 2020 Jan 10, 2020 12:30 AM Fri, Jan 10, 2020 12:30 AM'],
    ['N NNNN NNNNN y yo', 'AD Anno Domini AD 2020 2020th'],
    ['[YYYY] \\Y [LT] \\L q', 'YYYY Y LT L q'],
    ['', '2020-01-10T00:30:05Z']
  ])('%j', (format, output) => {
    expect(fmt(format)).toBe(output)
  })

  test.each([
    ['Asia/Tokyo', 'YYYYMMDD-HHmmss Z z', '20200110-093005 +09:00 JST'],
    ['asia/tokyo', 'HH', '09'],
    ['America/New_York', 'YYYY-MM-DD HH:mm Z z', '2020-01-09 19:30 -05:00 EST'],
    ['America/St_Johns', 'HH:mm ZZ', '21:00 -0330'],
    ['Europe/Paris', 'HH z', '01 CET'],
    ['Etc/GMT+5', 'HH z', '19 -05'],
    ['Pacific/Chatham', 'HH:mm Z', '14:15 +13:45'],
    // A non-UTC zone's default format ends with the offset.
    ['Asia/Tokyo', undefined, '2020-01-10T09:30:05+09:00'],
    // Unknown zones keep (runner-local) UTC time, but not "UTC mode".
    ['Mars/Olympus', undefined, '2020-01-10T00:30:05+00:00'],
    ['+09:00', 'HH z', '00 ']
  ])('%s %j', (tz, format, output) => {
    expect(fmt(format, tz)).toBe(output)
  })

  test('summer time', () => {
    expect(fmt('YYYY-MM-DD HH:mm z', 'Europe/Paris', new Date('2026-07-04T15:04:05Z'))).toBe(
      '2026-07-04 17:04 CEST'
    )
  })

  test.each([
    ['2021-01-01T00:00:00Z', 'gggg-ww GGGG-WW', '2021-01 2020-53'],
    ['2019-12-30T05:00:00Z', 'gggg-ww GGGG-WW', '2020-01 2020-01'],
    ['2016-01-03T00:00:00Z', 'gggg-ww GGGG-WW E', '2016-02 2015-53 7'],
    ['2024-02-29T12:00:00Z', 'DDDD', '060']
  ])('week years %s', (iso, format, output) => {
    expect(fmt(format, 'UTC', new Date(iso))).toBe(output)
  })

  test('an invalid date', () => {
    expect(fmt('YYYY', 'UTC', new Date('nope'))).toBe('Invalid date')
  })

  test('known/unknown zones', () => {
    expect(inZone(at, 'UTC').known).toBe(true)
    expect(inZone(at, 'Asia/Tokyo').known).toBe(true)
    expect(inZone(at, 'Nowhere/City').known).toBe(false)
  })
})
