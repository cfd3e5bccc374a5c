import { useEffect, useRef, useState } from 'preact/hooks';
import { download, gql, graphql } from '../api';
import type { PhotoFilter, RunStatsQuery, RunStatsQueryVariables, StatsQuery, StatsFilter, StatsMeasure, StatsDimension, TeachingSessionFilter,
  TrainingEventFilter } from '../gql';
import { openEvidence, type EvidenceTarget } from '../evidence-link';
import type { StatsRow } from '../data';
import { getLang, t } from '../i18n';
import '../texts-admin';
import { shownValue } from '../util';

// The bureau's own questions: pick what to count, the measures, up to four group-bys and
// filters; the answer comes as a table and a chart, and downloads as Excel or CSV. A row
// can be drilled into: its keys become filters and the next dimension is offered.

const subjects = ['TEACHING_SESSIONS', 'TRAINING_ATTENDANCE', 'PHOTOS', 'LESSON_GRADES', 'DONATIONS'] as const;
type Subject = (typeof subjects)[number];
const measuresOf: Record<Subject, string[]> = {
  TEACHING_SESSIONS: ['HOURS', 'COUNT', 'ATTENDEES', 'AVG_RATING', 'DISTINCT_TEACHERS', 'DISTINCT_KINDERGARTENS', 'DISTINCT_PAIRINGS'],
  TRAINING_ATTENDANCE: ['COUNT', 'HOURS', 'DISTINCT_TEACHERS', 'DISTINCT_KINDERGARTENS'],
  PHOTOS: ['COUNT', 'DISTINCT_KINDERGARTENS', 'DISTINCT_PAIRINGS'],
  LESSON_GRADES: ['COUNT', 'DISTINCT_TEACHERS', 'DISTINCT_KINDERGARTENS', 'DISTINCT_PAIRINGS'],
  DONATIONS: ['VALUE', 'COUNT', 'DISTINCT_KINDERGARTENS', 'DISTINCT_PAIRINGS'],
};
const dimsOf: Record<Subject, string[]> = {
  TEACHING_SESSIONS: ['COUNTY', 'CITY', 'PROVINCE', 'SEMESTER', 'MONTH', 'SESSION_TYPE', 'DOMAIN', 'PAIRING', 'SUPPORTING_KINDERGARTEN',
    'PARTNER_KINDERGARTEN', 'CONFIRMED', 'DIRECTION', 'KINDERGARTEN', 'SETTING', 'TEACHER'],
  TRAINING_ATTENDANCE: ['COUNTY', 'CITY', 'PROVINCE', 'SEMESTER', 'MONTH', 'TRAINING_TYPE', 'KINDERGARTEN', 'SETTING', 'TEACHER'],
  PHOTOS: ['COUNTY', 'CITY', 'PROVINCE', 'SEMESTER', 'MONTH', 'PAIRING', 'SUPPORTING_KINDERGARTEN', 'PARTNER_KINDERGARTEN', 'KINDERGARTEN', 'SETTING'],
  LESSON_GRADES: ['GRADE', 'COUNTY', 'CITY', 'PROVINCE', 'SEMESTER', 'MONTH', 'DOMAIN', 'PAIRING', 'SUPPORTING_KINDERGARTEN', 'PARTNER_KINDERGARTEN',
    'KINDERGARTEN', 'SETTING', 'TEACHER'],
  DONATIONS: ['COUNTY', 'CITY', 'PROVINCE', 'SEMESTER', 'MONTH', 'PAIRING', 'SUPPORTING_KINDERGARTEN', 'PARTNER_KINDERGARTEN', 'KINDERGARTEN', 'SETTING'],
};
// Drilling down into a row narrows by what the API can filter on.
const filterOf: Record<string, string> = { SEMESTER: 'semesters', SESSION_TYPE: 'sessionTypes', TRAINING_TYPE: 'trainingTypes',
  DOMAIN: 'domains', PAIRING: 'pairingIds', SUPPORTING_KINDERGARTEN: 'kindergartenIds', PARTNER_KINDERGARTEN: 'kindergartenIds',
  KINDERGARTEN: 'kindergartenIds', SETTING: 'settings', DIRECTION: 'directions', COUNTY: 'regionCode', CITY: 'regionCode', PROVINCE: 'regionCode' };

const Stats = graphql<RunStatsQuery, RunStatsQueryVariables>`query RunStats($q: StatsQuery!) { stats(query: $q) { rows { keys { value label } values } total { values } rowCount overlapping } }`;
type Result = RunStatsQuery['stats'];

/** The records behind a statistics row — its subject's tab of the records browser and
 * that list's filter — or null when the row is cut by something the list cannot filter on
 * (a domain, a setting, several kindergartens). */
function recordsOf(subject: Subject, f: Record<string, unknown>): EvidenceTarget | null {
  const common: { regionCode?: string; kindergartenId?: string; semesters?: string[]; from?: string; to?: string } = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    switch (k) {
      case 'semesters': common.semesters = v as string[]; break;
      case 'regionCode': common.regionCode = v as string; break;
      case 'from': common.from = v as string; break;
      case 'to': common.to = v as string; break;
      case 'kindergartenIds':
        if ((v as string[]).length !== 1) return null;
        common.kindergartenId = (v as string[])[0];
        break;
      default: rest[k] = v;
    }
  }
  const only = (allowed: string[]) => Object.keys(rest).every((k) => allowed.includes(k));
  switch (subject) {
    case 'TEACHING_SESSIONS': {
      if (!only(['sessionTypes', 'pairingIds', 'directions', 'confirmed', 'teacherId'])) return null;
      const out: TeachingSessionFilter = { ...common };
      if (rest.teacherId) out.teacherId = rest.teacherId as string;
      if (rest.sessionTypes) out.types = rest.sessionTypes as TeachingSessionFilter['types'];
      if (rest.pairingIds) out.pairingIds = rest.pairingIds as string[];
      if (rest.directions) out.directions = rest.directions as TeachingSessionFilter['directions'];
      if (rest.confirmed !== undefined) out.confirmed = rest.confirmed as boolean;
      return { tab: 'sessions', filter: out };
    }
    case 'TRAINING_ATTENDANCE': {
      if (!only(['trainingTypes'])) return null;
      const out: TrainingEventFilter = { ...common };
      if (rest.trainingTypes) out.types = rest.trainingTypes as TrainingEventFilter['types'];
      return { tab: 'events', filter: out };
    }
    case 'PHOTOS': {
      if (!only(['pairingIds'])) return null;
      const out: PhotoFilter = { ...common };
      if (rest.pairingIds) out.pairingIds = rest.pairingIds as string[];
      return { tab: 'photos', filter: out };
    }
  }
  return null; // grades and donations are listed on the pairings' own screens
}

export function Builder() {
  const [subject, setSubject] = useState<Subject>('TEACHING_SESSIONS');
  const [measures, setMeasures] = useState<string[]>(['HOURS', 'COUNT']);
  const [dims, setDims] = useState<string[]>(['COUNTY']);
  const [filter, setFilter] = useState<Record<string, unknown>>({});
  const [crumbs, setCrumbs] = useState<string[]>([]); // the drilled-into rows, in words
  const [top, setTop] = useState('');
  const [res, setRes] = useState<Result | null>(null);
  const [err, setErr] = useState('');
  const chart = useRef<HTMLDivElement>(null);

  const query = () => {
    const q: StatsQuery = { subject, measures: measures as StatsMeasure[], groupBy: dims as StatsDimension[], filter: filter as StatsFilter,
      locale: getLang() === 'en' ? 'EN' : 'ZH_CN' };
    if (top) {
      q.limit = Number(top);
      q.orderBy = [{ measure: measures[0] as StatsMeasure, desc: true }];
    }
    return q;
  };

  async function run() {
    setErr('');
    try {
      const d = await gql(Stats, { q: query() });
      setRes(d.stats);
    } catch (e) {
      setErr((e as Error).message);
    }
  }

  useEffect(() => {
    if (!res || !chart.current || dims.length === 0) return;
    let dispose = () => {};
    import('../chart').then(({ barChart }) => {
      dispose = barChart(chart.current!, res.rows.map((r) => ({ keys: [r.keys[0], r.keys[1] ?? { value: '', label: t(`m.${measures[0]}`) }], values: r.values })));
    });
    return () => dispose();
  }, [res]);

  /** The filter that narrows to one row: its keys added to the current filter. */
  function rowFilter(r: StatsRow): Record<string, unknown> {
    const f = { ...filter };
    dims.forEach((d, i) => {
      const v = r.keys[i].value;
      if (!v) return;
      if (d === 'CONFIRMED') f.confirmed = v === 'true';
      else if (d === 'MONTH') {
        const [y, m] = v.split('-').map(Number);
        f.from = `${v}-01`;
        f.to = `${v}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
      } else if (d === 'TEACHER') f.teacherId = v; // the records list takes it; statistics cannot
      else if (filterOf[d] === 'regionCode') f.regionCode = v;
      else if (filterOf[d]) f[filterOf[d]] = [v];
    });
    return f;
  }

  function drill(r: StatsRow) {
    const f = rowFilter(r);
    if ('teacherId' in f) return; // a teacher's row cannot be narrowed to by a statistics filter
    setCrumbs([...crumbs, ...dims.map((d, i) => `${t(`d.${d}`)}：${r.keys[i].label}`)]);
    setFilter(f);
    const next = dimsOf[subject].find((d) => !dims.includes(d) && d !== 'PROVINCE' && d !== 'CITY');
    setDims(next ? [next] : dims);
    setRes(null);
  }

  function save(format: 'xlsx' | 'csv') {
    download(`/export/stats.${format}?query=${encodeURIComponent(JSON.stringify(query()))}`, `stats.${format}`)
      .catch((e) => setErr((e as Error).message));
  }

  const toggle = (list: string[], v: string, max = 10) =>
    list.includes(v) ? list.filter((x) => x !== v) : list.length < max ? [...list, v] : list;

  return (
    <section class="builder">
      <h2>{t('builder.title')}</h2>
      <label>
        {t('builder.subject')}
        <select name="subject" value={subject} onChange={(e) => {
          const s = (e.target as HTMLSelectElement).value as Subject;
          setSubject(s);
          setMeasures([measuresOf[s][0]]);
          setDims(['COUNTY']);
          setFilter({});
          setCrumbs([]);
          setRes(null);
        }}>
          {subjects.map((s) => <option key={s} value={s}>{t(`s.${s}`)}</option>)}
        </select>
      </label>
      <fieldset>
        <legend>{t('builder.measures')}</legend>
        {measuresOf[subject].map((m) => (
          <label key={m} class="check">
            <input type="checkbox" name="measure" value={m} checked={measures.includes(m)} onChange={() => setMeasures(toggle(measures, m))} />
            {t(`m.${m}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('builder.groupBy')}</legend>
        {dimsOf[subject].map((d) => (
          <label key={d} class="check">
            <input type="checkbox" name="dimension" value={d} checked={dims.includes(d)} onChange={() => setDims(toggle(dims, d, 4))} />
            {t(`d.${d}`)}
          </label>
        ))}
      </fieldset>
      {Object.keys(filter).length > 0 && (
        <p class="muted">
          {t('builder.filtered')} {crumbs.join(' › ')}{' '}
          <button type="button" class="link" onClick={() => { setFilter({}); setCrumbs([]); }}>{t('builder.clear')}</button>
        </p>
      )}
      <label>
        {t('builder.top')}
        <input name="top" type="number" min="1" max="1000" value={top} onInput={(e) => setTop((e.target as HTMLInputElement).value)} />
      </label>
      <div class="actions">
        <button type="button" class="run" disabled={measures.length === 0} onClick={run}>{t('builder.run')}</button>
        <button type="button" class="secondary" onClick={() => save('xlsx')}>Excel</button>
        <button type="button" class="secondary" onClick={() => save('csv')}>CSV</button>
      </div>
      {err && <p class="error" role="alert">{err}</p>}
      {res && (
        <>
          <div ref={chart} class="chart" role="img" aria-label={t('builder.chart')} />
          <table class="card result">
            <thead>
              <tr>
                {dims.map((d) => <th key={d}>{t(`d.${d}`)}</th>)}
                {measures.map((m) => <th key={m}>{t(`m.${m}`)}</th>)}
                <th />
              </tr>
            </thead>
            <tbody>
              {res.rows.map((r) => (
                <tr key={r.keys.map((k) => k.value).join('|')} data-keys={r.keys.map((k) => k.value).join('|')} class="drill" onClick={() => drill(r)} title={t('builder.drill')}>
                  {r.keys.map((k, i) => <td key={i}>{k.label}</td>)}
                  {r.values.map((v, i) => <td key={`v${i}`}>{shownValue(v)}</td>)}
                  <td>
                    {recordsOf(subject, rowFilter(r)) && (
                      <button type="button" class="secondary records" onClick={(e) => {
                        e.stopPropagation();
                        openEvidence(recordsOf(subject, rowFilter(r))!);
                      }}>{t('builder.records')}</button>
                    )}
                  </td>
                </tr>
              ))}
              <tr class="total">
                <td colSpan={Math.max(1, dims.length)}>{t('dash.total')}</td>
                {res.total.values.map((v, i) => <td key={i}>{shownValue(v)}</td>)}
                <td />
              </tr>
            </tbody>
          </table>
          {res.overlapping && <p class="muted">{t('builder.overlapping')}</p>}
          {res.rowCount > res.rows.length && <p class="muted">{res.rows.length} / {res.rowCount}</p>}
        </>
      )}
    </section>
  );
}
