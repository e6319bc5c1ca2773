import {parse} from 'csv-parse/sync'

import {InputError} from '../shared/errors.js'

// metadata-action reads every list input with docker/actions-toolkit's Util.getInputList(name,
// {ignoreComma: true, comment: '#', commentNoInfix: true}). Reproduced here because its quirks are
// visible in the outputs:
//  - the whole input is parsed as one CSV document, so a quoted field may span lines and quotes
//    are removed *before* each entry is parsed again (`type=raw,"value=a,b"` reaches the rule
//    parser as `type=raw,value=a,b`);
//  - relaxed quotes: a quote inside a field is kept literally;
//  - a '#' starts a comment only at the very start of a line;
//  - entries are filtered for emptiness *before* being trimmed, so a quoted blank ("  ") survives
//    as an empty entry.

/** Split a list input into entries exactly like actions-toolkit's getInputList (ignoreComma). */
export function parseList(input: string, inputName: string): string[] {
  return parseListEntries(input, inputName).map(({entry}) => entry)
}

/** One list entry and the line of the input it starts on (from 1), for messages. */
export interface ListEntry {
  readonly entry: string
  readonly line: number
}

/** {@link parseList}, with the line each entry starts on. */
export function parseListEntries(input: string, inputName: string): ListEntry[] {
  if (input === '') return []
  let records: {record: string[]; info: {lines: number}}[]
  try {
    records = parse(input, {
      columns: false,
      relax_quotes: true,
      comment: '#',
      comment_no_infix: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true
    }) as unknown as {record: string[]; info: {lines: number}}[]
  } catch (error) {
    throw new InputError(inputName, `cannot be parsed as a CSV list: ${csvMessage(error)}`)
  }
  const entries: ListEntry[] = []
  for (const {record, info} of records) {
    const entry = record.length === 1 ? (record[0] ?? '') : record.join(',')
    // info.lines is where the record ends; a quoted field may have run over several lines.
    entries.push({entry, line: info.lines - (entry.match(/\n/g)?.length ?? 0)})
  }
  return entries.filter(({entry}) => entry).map(({entry, line}) => ({entry: entry.trim(), line}))
}

/**
 * The comma-separated fields of one entry, parsed the way metadata-action parses a tag, flavor
 * or image entry: strict quotes (a quote inside an unquoted field is an error) and only the first
 * record counts (a multi-line entry keeps its first line).
 */
export function parseFields(entry: string, inputName: string): string[] {
  let records: string[][]
  try {
    records = parse(entry, {relax_column_count: true, skip_empty_lines: true}) as string[][]
  } catch (error) {
    throw new InputError(
      inputName,
      `line "${entry}": ${csvMessage(error)}; quote a whole field to put a quote or comma in it ("value=a,b"), doubling quotes inside ("a""b")`
    )
  }
  const fields = records[0]
  if (!fields) throw new InputError(inputName, `line "${entry}": entry is empty`)
  return fields
}

function csvMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
