import { useEffect, useRef, useState } from 'preact/hooks';
import { dashboard, type Dashboard as Data, type Due } from '../data';
import { DueList } from '../due';
import { download } from '../api';
import { t } from '../i18n';
import '../texts-admin';
import { semesterOf, shownValue, today } from '../util';

/** A bureau's region at a glance: sent-teacher hours by county and semester and the school
 * year's monthly trend (charts from ECharts, loaded only here), the partners furthest behind
 * their targets this semester, photo evidence, and downloads for Excel. */
interface Flag {
  kind: string;
  days?: number | null;
  exact?: boolean | null;
  otherDate?: string | null;
  otherSession?: { date: string; partnerKindergarten: { name: string } } | null;
}

/** A photo's flag in words a bureau reads. */
function flagText(f: Flag): string {
  if (f.kind === 'CAPTURE_DATE_FAR') {
    const n = f.days ?? 0;
    return t(n >= 0 ? 'flag.before' : 'flag.after').replace('{n}', String(Math.abs(n)));
  }
  const what = f.otherSession ? `${f.otherSession.date} ${f.otherSession.partnerKindergarten.name}`
    : f.otherDate ? `${f.otherDate}，${t('flag.hidden')}` : t('flag.hidden');
  return t(f.exact ? 'flag.reusedExact' : 'flag.reusedNear').replace('{what}', what);
}

export function Dashboard({ due }: { due?: Due | null }) {
  const [d, setD] = useState<Data | null>(null);
  const [err, setErr] = useState('');
  const bars = useRef<HTMLDivElement>(null);
  const line = useRef<HTMLDivElement>(null);

  useEffect(() => {
    dashboard().then(setD).catch((e) => setErr((e as Error).message));
  }, []);

  useEffect(() => {
    if (!d || !bars.current || !line.current) return;
    let dispose = () => {};
    // ECharts is a separate chunk: teachers' phones never download it.
    import('../chart').then(({ barChart, lineChart }) => {
      const a = barChart(bars.current!, d.byCounty.rows);
      const months = [...d.trend.rows].sort((x, y) => x.keys[0].value.localeCompare(y.keys[0].value));
      const b = lineChart(line.current!, months, t('home.hours'));
      dispose = () => {
        a();
        b();
      };
    });
    return () => dispose();
  }, [d]);

  const save = (path: string, name: string) => download(path, name).catch((e) => setErr((e as Error).message));

  const sem = semesterOf(today());
  const photos = (d?.recent.edges ?? []).flatMap(({ node: s }) =>
    s.photos.items.filter((p) => p.thumbnailUrl).map((p) => ({ ...p, session: s })),
  ).slice(0, 12);
  return (
    <section class="dashboard">
      <h2>{t('dash.title')}</h2>
      <DueList due={due} />
      {err && <p class="error" role="alert">{err}</p>}
      {d === null && !err && <p>…</p>}
      <div ref={bars} class="chart" role="img" aria-label={t('dash.chart')} />
      {d && (
        <table class="card county-hours">
          <thead>
            <tr><th>{t('dash.county')}</th><th>{t('dash.semester')}</th><th>{t('home.hours')}</th><th>{t('dash.count')}</th></tr>
          </thead>
          <tbody>
            {d.byCounty.rows.map((r) => (
              <tr key={r.keys.map((k) => k.value).join('|')}>
                <td>{r.keys[0].label}</td><td>{r.keys[1].label}</td><td>{shownValue(r.values[0])}</td><td>{shownValue(r.values[1])}</td>
              </tr>
            ))}
            <tr class="total"><td colSpan={2}>{t('dash.total')}</td><td>{shownValue(d.byCounty.total.values[0])}</td><td>{shownValue(d.byCounty.total.values[1])}</td></tr>
          </tbody>
        </table>
      )}

      <h3>{t('dash.trend')}</h3>
      <div ref={line} class="chart trend" role="img" aria-label={t('dash.trendChart')} />

      <h3>{t('dash.behind')}</h3>
      {d && d.behind.length === 0 && <p class="card">{t('dash.noneBehind')}</p>}
      {d && d.behind.length > 0 && (
        <div class="scroll">
          <table class="card behind">
            <thead>
              <tr><th>{t('dash.partner')}</th><th>{t('dash.pairing')}</th><th>{t('home.hours')}</th><th>{t('home.lectures')}</th><th>{t('dash.visits')}</th></tr>
            </thead>
            <tbody>
              {d.behind.map((r) => (
                <tr key={`${r.pairingId}|${r.partnerKindergartenId}`}>
                  <td>{r.partnerKindergartenName}</td>
                  <td>{r.pairingName}</td>
                  <td>{shownValue(r.hours)} / {r.targets.teachingHours}</td>
                  <td>{r.lectures} / {r.targets.specialLectures}</td>
                  <td>{r.monthsVisited} / {r.monthsRequired}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>{t('dash.photos')}</h3>
      {d && (
        <p class="muted photo-total">
          {t('dash.photoCount')}：{shownValue(d.photoCounts.total.values[0])}
          {d.photoCounts.rows.length > 1 && ` · ${d.photoCounts.rows.map((r) => `${r.keys[0].label} ${shownValue(r.values[0])}`).join('，')}`}
        </p>
      )}
      {d && photos.length === 0 && <p class="card">{t('dash.noPhotos')}</p>}
      <ul class="photos plain">
        {photos.map((p) => (
          <li key={p.id}>
            <a href={p.url ?? undefined} target="_blank" rel="noopener noreferrer">
              <img src={p.thumbnailUrl ?? ''} width={160} height={120} loading="lazy"
                alt={`${t('dash.photoOf')}${p.session.date} ${p.session.partnerKindergarten.name} ${p.caption ?? p.session.topic ?? ''}`.trim()} />
            </a>
            <span class="muted">{p.session.date} · {p.session.partnerKindergarten.name}</span>
            {p.flags.length > 0 && <span class="flag" title={p.flags.map(flagText).join('；')}>{t('flag.badge')}</span>}
          </li>
        ))}
      </ul>

      <h3>{t('dash.flagged')}</h3>
      {d && d.flagged.totalCount === 0 && <p class="card">{t('dash.noFlagged')}</p>}
      {d && d.flagged.totalCount > 0 && (
        <>
          <p class="muted">{t('dash.flaggedNote')}
            {d.flagged.totalCount > d.flagged.edges.length &&
              ` ${t('dash.flaggedMore').replace('{n}', String(d.flagged.totalCount)).replace('{m}', String(d.flagged.edges.length))}`}</p>
          <ul class="flagged plain" data-count={d.flagged.totalCount}>
            {d.flagged.edges.map(({ node: p }) => (
              <li key={p.id} class="card" data-id={p.id} data-kinds={p.flags.map((f) => f.kind).join(' ')}>
                {p.url && p.thumbnailUrl && (
                  <a href={p.url} target="_blank" rel="noopener noreferrer">
                    <img src={p.thumbnailUrl} width={160} height={120} loading="lazy"
                      alt={`${t('dash.photoOf')}${p.subjectDate ?? ''} ${p.teachingSession?.partnerKindergarten.name ?? ''}`.trim()} />
                  </a>
                )}
                <div>
                  <p>{p.subjectDate} · {p.teachingSession?.partnerKindergarten.name} {p.teachingSession?.topic ?? ''}</p>
                  <ul>
                    {p.flags.map((f) => (
                      <li key={f.kind} class="flag-reason">
                        {flagText(f)}
                        {f.otherPhoto?.thumbnailUrl && f.otherPhoto.url && (
                          <a href={f.otherPhoto.url} target="_blank" rel="noopener noreferrer" class="other-photo">
                            <img src={f.otherPhoto.thumbnailUrl} width={80} height={60} loading="lazy" alt={t('dash.photoOf') + (f.otherDate ?? '')} />
                          </a>
                        )}
                      </li>
                    ))}
                  </ul>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}

      <div class="actions">
        <button type="button" onClick={() => save(`/export/compliance.xlsx?semester=${sem}`, `compliance-${sem}.xlsx`)}>
          {t('dash.exportCompliance')}
        </button>
        <button type="button" onClick={() => save(
          `/export/stats.xlsx?query=${encodeURIComponent(JSON.stringify({ subject: 'TEACHING_SESSIONS', measures: ['HOURS', 'COUNT'], groupBy: ['COUNTY', 'SEMESTER'] }))}`,
          'stats.xlsx')}>
          {t('dash.exportStats')}
        </button>
      </div>
    </section>
  );
}
