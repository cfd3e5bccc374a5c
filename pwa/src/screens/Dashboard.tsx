import { useEffect, useRef, useState } from 'preact/hooks';
import { countyHours, type StatsRow } from '../data';
import { token } from '../api';
import { t } from '../i18n';
import { semesterOf, today } from '../util';

/** A bureau's region at a glance: sent-teacher hours by county and semester, with a chart
 * (ECharts, loaded only here) and downloads for Excel. */
export function Dashboard() {
  const [rows, setRows] = useState<StatsRow[] | null>(null);
  const [total, setTotal] = useState<(number | null)[]>([]);
  const [err, setErr] = useState('');
  const chart = useRef<HTMLDivElement>(null);

  useEffect(() => {
    countyHours()
      .then((r) => {
        setRows(r.rows);
        setTotal(r.total);
      })
      .catch((e) => setErr((e as Error).message));
  }, []);

  useEffect(() => {
    if (!rows || !chart.current) return;
    let dispose = () => {};
    // ECharts is a separate chunk: teachers' phones never download it.
    import('../chart').then(({ barChart }) => {
      dispose = barChart(chart.current!, rows);
    });
    return () => dispose();
  }, [rows]);

  async function download(path: string, name: string) {
    const res = await fetch(path, { headers: { Authorization: `Bearer ${token()}` } });
    if (!res.ok) {
      setErr(t('err.server'));
      return;
    }
    const a = document.createElement('a');
    a.href = URL.createObjectURL(await res.blob());
    a.download = name;
    a.click();
    URL.revokeObjectURL(a.href);
  }

  const sem = semesterOf(today());
  return (
    <section>
      <h2>{t('dash.title')}</h2>
      {err && <p class="error" role="alert">{err}</p>}
      {rows === null && !err && <p>…</p>}
      <div ref={chart} class="chart" role="img" aria-label={t('dash.chart')} />
      {rows && (
        <table class="card">
          <thead>
            <tr><th>{t('dash.county')}</th><th>{t('dash.semester')}</th><th>{t('home.hours')}</th><th>{t('dash.count')}</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.keys.map((k) => k.value).join('|')}>
                <td>{r.keys[0].label}</td><td>{r.keys[1].label}</td><td>{r.values[0]}</td><td>{r.values[1]}</td>
              </tr>
            ))}
            <tr class="total"><td colSpan={2}>{t('dash.total')}</td><td>{total[0]}</td><td>{total[1]}</td></tr>
          </tbody>
        </table>
      )}
      <div class="actions">
        <button type="button" onClick={() => download(`/export/compliance.xlsx?semester=${sem}`, `compliance-${sem}.xlsx`)}>
          {t('dash.exportCompliance')}
        </button>
        <button type="button" onClick={() => download(
          `/export/stats.xlsx?query=${encodeURIComponent(JSON.stringify({ subject: 'TEACHING_SESSIONS', measures: ['HOURS', 'COUNT'], groupBy: ['COUNTY', 'SEMESTER'] }))}`,
          'stats.xlsx')}>
          {t('dash.exportStats')}
        </button>
      </div>
    </section>
  );
}
