/** A random UUID (v4), also outside secure contexts where crypto.randomUUID is missing. */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Today in China Standard Time, YYYY-MM-DD. */
export function today(now = new Date()): string {
  const cst = new Date(now.getTime() + 8 * 3600_000);
  return cst.toISOString().slice(0, 10);
}

/** The semester a day falls in: 2025-2026-1 runs Aug/Sep–Jan, 2025-2026-2 Feb–Jul. */
export function semesterOf(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  if (m >= 8) return `${y}-${y + 1}-1`;
  if (m === 1) return `${y - 1}-${y}-1`;
  return `${y - 1}-${y}-2`;
}

/** Reads a cached JSON value kept for offline use. */
export function cached<T>(key: string): T | null {
  try {
    const v = localStorage.getItem(`cache:${key}`);
    return v ? (JSON.parse(v) as T) : null;
  } catch {
    return null;
  }
}

export function cache(key: string, v: unknown) {
  localStorage.setItem(`cache:${key}`, JSON.stringify(v));
}

/** Forgets every value kept for offline use, so that the next person on this phone sees
 * nothing of the last one's. */
export function forgetCached() {
  for (const k of Object.keys(localStorage)) if (k.startsWith('cache:')) localStorage.removeItem(k);
}

/** A measure as shown in tables: at most two decimals, a dash when there is none. */
export function shownValue(v: number | null | undefined): number | string {
  return v == null ? '—' : Math.round(v * 100) / 100;
}

/** The semesters a bureau looks back on: this one and the five before. */
export function recentSemesters(now = today()): string[] {
  const out = [semesterOf(now)];
  while (out.length < 6) {
    const [a, b, term] = out[out.length - 1].split('-').map(Number);
    out.push(term === 2 ? `${a}-${b}-1` : `${a - 1}-${b - 1}-2`);
  }
  return out;
}

