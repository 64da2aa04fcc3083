/*
 * Line breaking for Chinese text (GB/T 15834 punctuation, the usual 行首/行尾禁则): a line may break
 * between any two Chinese characters, never before a closing mark nor after an opening one, and
 * never inside a run of Latin letters and digits such as a case number or a phone number.
 * pdfkit's own breaker follows UAX #14 before Unicode 15.1, which glues “ and ” to both neighbours
 * and leaves lines around quoted words two characters short.
 */
const NO_LINE_START = new Set('，。、；：？！．”’）》〕】」』〉…—·％,.;:?!)]}%');
const NO_LINE_END = new Set('“‘（《〔【「『〈([{');

function isLatin(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code > 0x20 && code < 0x2000 && !NO_LINE_START.has(ch) && !NO_LINE_END.has(ch);
}

/** The unbreakable pieces of a text: a Chinese character with the marks glued to it, or a Latin run. */
export function breakUnits(text: string): string[] {
  const atoms: string[] = [];
  for (const ch of text) {
    const last = atoms.length - 1;
    if (last >= 0 && isLatin(ch) && isLatin(atoms[last].slice(-1))) atoms[last] += ch;
    else atoms.push(ch);
  }
  const units: string[] = [];
  let pending = ''; // opening marks waiting for the next atom
  for (const atom of atoms) {
    if (NO_LINE_END.has(atom)) pending += atom;
    else if (NO_LINE_START.has(atom) && units.length > 0 && pending === '')
      units[units.length - 1] += atom;
    else {
      units.push(pending + atom);
      pending = '';
    }
  }
  if (pending !== '') {
    if (units.length > 0) units[units.length - 1] += pending;
    else units.push(pending);
  }
  return units;
}

/**
 * Greedy line filling: as many units as fit in `width` (the first line `firstIndent` narrower).
 * A unit wider than a whole line is cut wherever it must be.
 */
export function breakLines(
  text: string,
  width: number,
  measure: (s: string) => number,
  firstIndent = 0,
): string[] {
  const lines: string[] = [];
  let line = '';
  const room = (): number => width - (lines.length === 0 ? firstIndent : 0);
  for (const unit of breakUnits(text)) {
    if (line !== '' && measure(line + unit) > room()) {
      lines.push(line);
      line = '';
    }
    if (line === '' && unit.trim() === '') continue; // no space at the start of a line
    if (line === '' && measure(unit) > room()) {
      for (const ch of unit) {
        if (line !== '' && measure(line + ch) > room()) {
          lines.push(line);
          line = '';
        }
        line += ch;
      }
    } else {
      line += unit;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
