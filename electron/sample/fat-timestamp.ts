// FAT directory-entry dates and times: local wall-clock time without a zone, 2-second resolution
// in the time field, with the odd second kept in the creation "tenths" byte.

export interface FatTimestamp {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function fatDate(t: FatTimestamp): number {
  checkTimestamp(t);
  return ((t.year - 1980) << 9) | (t.month << 5) | t.day;
}

export function fatTime(t: FatTimestamp): number {
  checkTimestamp(t);
  return (t.hour << 11) | (t.minute << 5) | (t.second >> 1);
}

/** Hundredths of a second added to the creation time: 100 for an odd second. */
export function fatCreationHundredths(t: FatTimestamp): number {
  return (t.second & 1) * 100;
}

function checkTimestamp(t: FatTimestamp): void {
  const ok =
    t.year >= 1980 &&
    t.year <= 2107 &&
    t.month >= 1 &&
    t.month <= 12 &&
    t.day >= 1 &&
    t.day <= 31 &&
    t.hour <= 23 &&
    t.minute <= 59 &&
    t.second <= 59;
  if (!ok) throw new RangeError(`FAT cannot store the time ${JSON.stringify(t)}.`);
}
