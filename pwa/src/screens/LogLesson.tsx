import { useRef, useState } from 'preact/hooks';
import type { Snapshot } from '../data';
import type { Outbox } from '../outbox';
import { t } from '../i18n';
import { today, uuid } from '../util';
import { shrink, takenAt } from '../image';
import { enqueue } from '../api';
import type { Direction, Domain, PhotoUploadInput, SessionType, TeachingSessionInput } from '../gql';

interface Prepared {
  takenAt: string | null;
  blob: Blob | null;
}

const types = ['DEMONSTRATION_CLASS', 'SPECIAL_LECTURE', 'OBSERVATION_CRITIQUE', 'ENVIRONMENT_GUIDANCE', 'MANAGEMENT_GUIDANCE',
  'HEALTH_CARE_GUIDANCE', 'JOINT_TEACHING_RESEARCH', 'MONTHLY_VISIT', 'FOLLOW_UP_STUDY', 'JOB_SWAP'];
const domains = ['HEALTH', 'LANGUAGE', 'SOCIAL', 'SCIENCE', 'ART'];

/** Logging a lesson or visit: saved to the outbox at once, uploaded when possible. */
export function LogLesson({ snap, outbox, onSaved }: { snap: Snapshot; outbox: Outbox; onSaved: () => void }) {
  const first = snap.pairings[0];
  // The first pairing until another is chosen, also when the pairings arrive after the form.
  const [chosen, setPairing] = useState('');
  const pairing = snap.pairings.find((p) => p.id === chosen) ?? first;
  const pairingId = pairing?.id ?? '';
  const [chosenPartner, setPartner] = useState('');
  const partner = chosenPartner || pairing?.partnerKindergartens[0]?.id || '';
  const [type, setType] = useState('DEMONSTRATION_CLASS');
  // A partner kindergarten logs lessons it received (OUTBOUND) or its own teachers' study
  // stays in the city (INBOUND, 跟岗学习).
  const [direction, setDirection] = useState('OUTBOUND');
  const partnerSide = pairing?.viewerSide === 'PARTNER';
  const [date, setDate] = useState(today());
  const [hours, setHours] = useState('2');
  const [doms, setDoms] = useState<string[]>([]);
  const [topic, setTopic] = useState('');
  const [attendees, setAttendees] = useState('');
  // Who taught: the signed-in teacher by default, so a lesson of one's own needs no tap here.
  const own = snap.me?.teacher?.id;
  const [picked, setTeachers] = useState<string[] | null>(null);
  const teachers = picked ?? (own ? [own] : []);
  const [notes, setNotes] = useState('');
  const [done, setDone] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  // Photos are prepared (capture time read, shrunk) as soon as they are chosen, and the
  // save waits for them: the form stays open meanwhile and keeps what is typed.
  const prepared = useRef<Promise<Prepared[]> | null>(null);
  const [preparing, setPreparing] = useState('');
  const [saving, setSaving] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const val = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);
  // The form as it is now, read when the save goes ahead (after the photos are ready).
  const now = useRef<() => TeachingSessionInput & { label: string }>(null!);

  function choose(list: File[]) {
    setFiles(list);
    let done = 0;
    setPreparing(list.length ? `${t('log.photosBusy')} 0/${list.length}` : '');
    prepared.current = list.length
      ? Promise.all(list.map(async (f) => {
          let out: Prepared;
          try {
            out = { takenAt: await takenAt(f), blob: await shrink(f) };
          } catch {
            out = { takenAt: null, blob: null };
          }
          done++;
          setPreparing(done === list.length ? '' : `${t('log.photosBusy')} ${done}/${list.length}`);
          return out;
        }))
      : null;
  }

  now.current = () => {
    const input: TeachingSessionInput & { label: string } = {
      id: '', pairingId, date, hours: Number(hours), type: type as SessionType, domains: doms as Domain[], label: '' };
    if (pairing && pairing.partnerKindergartens.length > 1 && !partnerSide) input.partnerKindergartenId = partner;
    if (direction !== 'OUTBOUND') input.direction = direction as Direction;
    if (topic) input.topic = topic;
    if (notes) input.notes = notes;
    if (attendees) input.attendees = Number(attendees);
    if (teachers.length) input.teacherIds = teachers;
    input.label = `${date} ${t(`type.${type}`)} ${topic}`.trim();
    return input;
  };

  async function save(e: Event) {
    e.preventDefault();
    setSaving(true);
    setDone('');
    const photos = (await prepared.current) ?? [];
    // Read only now: what was typed while the photos were prepared is saved too.
    const { label, ...input } = now.current();
    const id = uuid();
    input.id = id;
    input.capturedAt = new Date().toISOString();
    await enqueue(outbox, 'logTeachingSession', id, { in: input }, label);
    // Photos are queued after their lesson, which they need on the server.
    let unreadable = false;
    for (const [i, p] of photos.entries()) {
      if (!p.blob) {
        unreadable = true;
        continue;
      }
      const pid = uuid();
      const vars: PhotoUploadInput = { id: pid, subjectId: id, contentType: 'image/jpeg', size: p.blob.size };
      if (p.takenAt) vars.takenAt = p.takenAt;
      await enqueue(outbox, 'photo', pid, vars, `${t('log.photo')} ${i + 1} · ${label}`, p.blob, id);
    }
    prepared.current = null;
    setFiles([]);
    // The picker forgets its files too: choosing the same photo for the next lesson is a
    // change again.
    if (picker.current) picker.current.value = '';
    setSaving(false);
    setDone(unreadable ? t('log.photoUnreadable') : t('log.saved'));
    setTopic('');
    setNotes('');
    onSaved();
  }

  return (
    <form class="card" onSubmit={save}>
      <h2>{t('log.title')}</h2>
      <label>
        {t('log.pairing')}
        <select name="pairing" value={pairingId} onChange={(e) => {
          const id = (e.target as HTMLSelectElement).value;
          setPairing(id);
          setPartner(snap.pairings.find((p) => p.id === id)?.partnerKindergartens[0]?.id ?? '');
        }}>
          {snap.pairings.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </label>
      {partnerSide && (
        <fieldset>
          <legend>{t('log.direction')}</legend>
          {['OUTBOUND', 'INBOUND'].map((d) => (
            <label key={d} class="check">
              <input type="radio" name="direction" value={d} checked={direction === d} onChange={() => {
                setDirection(d);
                if (d === 'INBOUND') setType('FOLLOW_UP_STUDY');
              }} />
              {t(`dir.${d}`)}
            </label>
          ))}
        </fieldset>
      )}
      {pairing && pairing.partnerKindergartens.length > 1 && !partnerSide && (
        <label>
          {t('log.partner')}
          <select name="partner" value={partner} onChange={val(setPartner)}>
            {pairing.partnerKindergartens.map((k) => <option key={k.id} value={k.id}>{k.name}</option>)}
          </select>
        </label>
      )}
      <label>
        {t('log.type')}
        <select name="type" value={type} onChange={val(setType)}>
          {types.map((x) => <option key={x} value={x}>{t(`type.${x}`)}</option>)}
        </select>
      </label>
      <label>
        {t('log.date')}
        <input name="date" type="date" value={date} max={today()} onInput={val(setDate)} required />
      </label>
      <label>
        {t('log.hours')}
        <input name="hours" type="number" inputMode="decimal" min="0.5" max="12" step="0.5" value={hours} onInput={val(setHours)} required />
      </label>
      <fieldset>
        <legend>{t('log.domains')}</legend>
        {domains.map((d) => (
          <label key={d} class="check">
            <input type="checkbox" name="domain" value={d} checked={doms.includes(d)}
              onChange={(e) => setDoms((e.target as HTMLInputElement).checked ? [...doms, d] : doms.filter((x) => x !== d))} />
            {t(`domain.${d}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('log.topic')}
        <input name="topic" value={topic} maxLength={200} onInput={val(setTopic)} />
      </label>
      {snap.colleagues.length > 0 && (
        <details class="teachers" open={!own}>
          <summary>{t('log.teachers')}：{snap.colleagues.filter((c) => teachers.includes(c.id)).map((c) => c.name).join('、') || t('log.nobody')}</summary>
          {snap.colleagues.map((c) => (
            <label key={c.id} class="check">
              <input type="checkbox" name="teacher" value={c.id} checked={teachers.includes(c.id)}
                onChange={(e) => setTeachers((e.target as HTMLInputElement).checked ? [...teachers, c.id] : teachers.filter((x) => x !== c.id))} />
              {c.name}
            </label>
          ))}
        </details>
      )}
      <label>
        {t('log.attendees')}
        <input name="attendees" type="number" inputMode="numeric" min="0" value={attendees} onInput={val(setAttendees)} />
      </label>
      <label>
        {t('log.notes')}
        <textarea name="notes" value={notes} maxLength={2000} onInput={val(setNotes)} />
      </label>
      <label>
        {t('log.photos')}
        <input ref={picker} name="photos" type="file" accept="image/jpeg,image/png,image/webp,image/*" multiple
          onChange={(e) => choose([...((e.target as HTMLInputElement).files ?? [])])} />
      </label>
      {files.length > 0 && <p class="muted">{files.length} {t('log.photosChosen')}</p>}
      {preparing && <p role="status" class="muted">{preparing}</p>}
      {saving && preparing && <p role="status" class="saving">{t('log.waitPhotos')}</p>}
      <button type="submit" disabled={!pairingId || saving}>{t('log.save')}</button>
      {done && <p class="ok" role="status">{done}</p>}
    </form>
  );
}
