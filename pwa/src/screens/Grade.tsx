import { useState } from 'preact/hooks';
import type { Snapshot } from '../data';
import type { Outbox } from '../outbox';
import { t } from '../i18n';
import { today, uuid } from '../util';
import { enqueue } from '../api';
import type { Domain, LessonGradeInput, LessonGradeValue } from '../gql';

const grades: LessonGradeValue[] = ['EXCELLENT', 'GOOD', 'PASS', 'FAIL'];
const domains = ['HEALTH', 'LANGUAGE', 'SOCIAL', 'SCIENCE', 'ART'];

/** 听课评课 on the supporting side: a partner teacher's lesson, its grade and comments;
 * saved to the outbox at once (no signal needed), sent when possible, once. */
export function Grade({ snap, outbox, onSaved }: { snap: Snapshot; outbox: Outbox; onSaved: () => void }) {
  const pairings = snap.pairings.filter((p) => p.viewerSide === 'SUPPORTING');
  const [chosen, setPairing] = useState('');
  const pairing = pairings.find((p) => p.id === chosen) ?? pairings[0];
  const [chosenPartner, setPartner] = useState('');
  const partner = chosenPartner || pairing?.partnerKindergartens[0]?.id || '';
  const teachers = (snap.partnerTeachers ?? []).filter((x) => x.kindergarten?.id === partner);
  const [chosenTeacher, setTeacher] = useState('');
  const teacher = teachers.some((x) => x.id === chosenTeacher) ? chosenTeacher : teachers[0]?.id ?? '';
  const [date, setDate] = useState(today());
  const [topic, setTopic] = useState('');
  const [dom, setDom] = useState('');
  const [grade, setGrade] = useState<LessonGradeValue | ''>('');
  const [comments, setComments] = useState('');
  const [done, setDone] = useState('');
  const val = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);

  async function save(e: Event) {
    e.preventDefault();
    if (!pairing || !teacher || !grade) return;
    const id = uuid();
    const input: LessonGradeInput = { id, pairingId: pairing.id, teacherId: teacher, date, grade };
    if (topic) input.topic = topic;
    if (dom) input.domain = dom as Domain;
    if (comments) input.comments = comments;
    const who = teachers.find((x) => x.id === teacher)?.name ?? '';
    await enqueue(outbox, 'gradeLesson', id, { in: input }, `${date} ${t('nav.grade')} ${who} ${t(`grade.${grade}`)}`);
    setDone(t('grade.saved'));
    setTopic('');
    setComments('');
    setGrade('');
    onSaved();
  }

  return (
    <form class="card grade-form" onSubmit={save}>
      <h2>{t('grade.title')}</h2>
      <label>
        {t('log.pairing')}
        <select name="pairing" value={pairing?.id ?? ''} onChange={(e) => { setPairing((e.target as HTMLSelectElement).value); setPartner(''); }}>
          {pairings.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </label>
      {pairing && pairing.partnerKindergartens.length > 1 && (
        <label>
          {t('log.partner')}
          <select name="partner" value={partner} onChange={val(setPartner)}>
            {pairing.partnerKindergartens.map((k) => <option key={k.id} value={k.id}>{k.name}</option>)}
          </select>
        </label>
      )}
      {teachers.length === 0 ? <p class="muted">{t('grade.noTeachers')}</p> : (
        <label>
          {t('grade.teacher')}
          <select name="teacher" value={teacher} onChange={val(setTeacher)}>
            {teachers.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        </label>
      )}
      <label>
        {t('log.date')}
        <input name="date" type="date" value={date} max={today()} onInput={val(setDate)} required />
      </label>
      <label>
        {t('log.topic')}
        <input name="topic" value={topic} maxLength={200} onInput={val(setTopic)} />
      </label>
      <label>
        {t('grade.domain')}
        <select name="domain" value={dom} onChange={val(setDom)}>
          <option value="">—</option>
          {domains.map((d) => <option key={d} value={d}>{t(`domain.${d}`)}</option>)}
        </select>
      </label>
      <fieldset class="grades">
        <legend>{t('grade.value')}</legend>
        {grades.map((g) => (
          <label key={g} class="check grade-choice">
            <input type="radio" name="grade" value={g} checked={grade === g} onChange={() => setGrade(g)} required />
            {t(`grade.${g}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('grade.comments')}
        <textarea name="comments" value={comments} maxLength={2000} onInput={val(setComments)} />
      </label>
      <button type="submit" disabled={!teacher || !grade}>{t('grade.save')}</button>
      {done && <p class="ok" role="status">{done}</p>}
    </form>
  );
}
