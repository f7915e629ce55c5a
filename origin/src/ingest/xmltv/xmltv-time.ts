/**
 * Parses XMLTV timestamps: `YYYYMMDD[hh[mm[ss]]]` followed by an optional (optionally space-separated)
 * `±hhmm` offset; no offset means UTC. Returns null for anything else, including impossible dates.
 */
export function parseXmltvTime(value: string): Date | null {
  let i = 0;
  let end = value.length;
  while (i < end && value.charCodeAt(i) === 32) i++;
  while (end > i && value.charCodeAt(end - 1) === 32) end--;
  let digitsEnd = i;
  while (digitsEnd < end && isDigit(value.charCodeAt(digitsEnd))) digitsEnd++;
  const precision = digitsEnd - i;
  if (precision !== 8 && precision !== 10 && precision !== 12 && precision !== 14) return null;

  const year = digitsAt(value, i, 4);
  const month = digitsAt(value, i + 4, 2);
  const day = digitsAt(value, i + 6, 2);
  const hour = precision >= 10 ? digitsAt(value, i + 8, 2) : 0;
  const minute = precision >= 12 ? digitsAt(value, i + 10, 2) : 0;
  const second = precision === 14 ? digitsAt(value, i + 12, 2) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;

  let offsetMinutes = 0;
  let j = digitsEnd;
  while (j < end && value.charCodeAt(j) === 32) j++;
  if (j < end) {
    const sign = value.charCodeAt(j);
    if ((sign !== 43 && sign !== 45) || end - j !== 5) return null;
    for (let k = j + 1; k < end; k++) if (!isDigit(value.charCodeAt(k))) return null;
    const offsetHours = digitsAt(value, j + 1, 2);
    const offsetMins = digitsAt(value, j + 3, 2);
    if (offsetHours > 14 || offsetMins > 59) return null;
    offsetMinutes = (sign === 45 ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function digitsAt(value: string, at: number, count: number): number {
  let n = 0;
  for (let k = at; k < at + count; k++) n = n * 10 + value.charCodeAt(k) - 48;
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
