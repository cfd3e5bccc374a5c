import { useEffect, useState } from 'preact/hooks';
import { enqueue, gql, graphql } from '../api';
import type { Outbox } from '../outbox';
import type * as G from '../gql';
import type { Snapshot } from '../data';
import { getLang, t } from '../i18n';
import { cache, cached, semesterOf, shownValue, today, uuid } from '../util';

// 我的送教: the signed-in teacher's own record, from the server — this semester's lessons,
// hours, lectures and visits, each earlier semester's totals — kept on the phone so that it
// opens with no signal.

const MineDoc = graphql<G.MineQuery, G.MineQueryVariables>`query Mine($teacher: ID!, $s: String!, $locale: Locale!) {
  bySemester: stats(query: { subject: TEACHING_SESSIONS, measures: [COUNT, HOURS], groupBy: [TEACHER, SEMESTER], locale: $locale }) {
    rows { keys { value label } values } }
  byType: stats(query: { subject: TEACHING_SESSIONS, measures: [COUNT, HOURS], groupBy: [TEACHER, SESSION_TYPE], filter: { semesters: [$s] }, locale: $locale }) {
    rows { keys { value label } values } }
  teachingSessions(first: 100, filter: { teacherId: $teacher, semesters: [$s] }, orderBy: { field: DATE, direction: DESC }) {
    totalCount edges { node { id date type hours topic status partnerKindergarten { name } } } }
}`;

type Mine = G.MineQuery & { at: string };

/** A reflection (教育反思) or lesson notes on one of the teacher's sessions, saved to the outbox. */
function Reflect({ session, outbox, onSaved }: { session: string; outbox: Outbox; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<G.ReflectionKind>('REFLECTION');
  const [text, setText] = useState('');
  const [done, setDone] = useState(false);
  if (done) return <p class="ok" role="status">{t('mine.reflected')}</p>;
  if (!open) return <button type="button" class="secondary reflect" onClick={() => setOpen(true)}>{t('mine.reflect')}</button>;
  return (
    <form class="reflection-form" onSubmit={async (e) => {
      e.preventDefault();
      const id = uuid();
      await enqueue(outbox, 'addReflection', id, { in: { id, sessionId: session, kind, text } }, t('mine.reflect'));
      setDone(true);
      onSaved();
    }}>
      <label>{t('mine.reflectKind')}
        <select name="reflectionKind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as G.ReflectionKind)}>
          <option value="REFLECTION">{t('mine.kind.REFLECTION')}</option>
          <option value="NOTES">{t('mine.kind.NOTES')}</option>
        </select>
      </label>
      <label>{t('mine.reflectText')}<textarea name="reflectionText" required maxLength={2000} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} /></label>
      <button type="submit" class="save-reflection">{t('mine.reflectSave')}</button>
    </form>
  );
}

export function Mine({ snap, outbox, onSaved }: { snap: Snapshot; outbox: Outbox; onSaved: () => void }) {
  const teacher = snap.me?.teacher?.id ?? '';
  const semester = semesterOf(today());
  const [data, setData] = useState<Mine | null>(cached<Mine>('mine'));
  const [err, setErr] = useState('');
  useEffect(() => {
    if (!teacher) return;
    gql(MineDoc, { teacher, s: semester, locale: getLang() === 'en' ? 'EN' : 'ZH_CN' }).then((d) => {
      const m = { ...d, at: new Date().toISOString() };
      cache('mine', m);
      setData(m);
      setErr('');
    }).catch((e) => setErr((e as Error).message));
  }, [teacher]);
  if (!teacher) return <p class="card">{t('mine.noTeacher')}</p>;
  const own = (rows: G.MineQuery['bySemester']['rows']) => rows.filter((r) => r.keys[0].value === teacher);
  const types = data ? own(data.byType.rows) : [];
  const of = (type: string) => types.find((r) => r.keys[1].value === type)?.values ?? [0, 0];
  const total = types.reduce((a, r) => [a[0] + (r.values[0] ?? 0), a[1] + (r.values[1] ?? 0)], [0, 0]);
  const semesters = data ? own(data.bySemester.rows).sort((a, b) => b.keys[1].value.localeCompare(a.keys[1].value)) : [];
  return (
    <section class="mine">
      <h2>{t('nav.mine')}</h2>
      {err && <p class="muted" role="status">{data ? t('mine.kept').replace('{at}', new Date(data.at).toLocaleString()) : err}</p>}
      {!data && !err && <p role="status">…</p>}
      {data && (
        <>
          <div class="card">
            <h3>{t('mine.thisSemester')}</h3>
            <dl class="facts mine-totals">
              <dt>{t('mine.sessions')}</dt><dd data-k="sessions">{shownValue(total[0])}</dd>
              <dt>{t('home.hours')}</dt><dd data-k="hours">{shownValue(total[1])}</dd>
              <dt>{t('type.SPECIAL_LECTURE')}</dt><dd data-k="lectures">{shownValue(of('SPECIAL_LECTURE')[0])}</dd>
              <dt>{t('type.MONTHLY_VISIT')}</dt><dd data-k="visits">{shownValue(of('MONTHLY_VISIT')[0])}</dd>
            </dl>
            <ul class="plain mine-sessions">
              {data.teachingSessions.edges.map(({ node: s }) => (
                <li key={s.id} data-session={s.id}>
                  {s.date} · {t(`type.${s.type}`)} · {shownValue(s.hours)} {t('home.hours')} · {s.partnerKindergarten.name}
                  {s.topic ? ` · ${s.topic}` : ''} · <span class={`confirmation ${s.status}`}>{t(`confirmation.${s.status}`)}</span>
                  <Reflect session={s.id} outbox={outbox} onSaved={onSaved} />
                </li>
              ))}
            </ul>
          </div>
          {semesters.length > 0 && (
            <table class="card mine-semesters">
              <thead><tr><th>{t('mine.semester')}</th><th>{t('mine.sessions')}</th><th>{t('home.hours')}</th></tr></thead>
              <tbody>
                {semesters.map((r) => (
                  <tr key={r.keys[1].value} data-semester={r.keys[1].value}><td>{r.keys[1].label}</td><td>{shownValue(r.values[0])}</td><td>{shownValue(r.values[1])}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
