/** Byte counts for people: binary units with one decimal ("3.0 MiB"), plain bytes below 1 KiB. */
export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}

/** Exact byte counts with thousands separators, independent of the machine's locale. */
export function groupedBytes(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A ratio as a percentage with two decimals, as dive prints it. */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(2)} %`;
}
