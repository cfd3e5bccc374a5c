import { useState } from 'preact/hooks';
import type { Waiting } from '../data';
import type { Outbox } from '../outbox';
import { t } from '../i18n';
import { enqueue } from '../api';
import type { ConfirmTeachingSessionMutationVariables } from '../gql';

/** The partner kindergarten confirms lessons it received, with a rating, or queries them back. */
export function Confirm({ list, outbox, onDone }: { list: Waiting[]; outbox: Outbox; onDone: () => void }) {
  const [done, setDone] = useState<Record<string, string>>({});
  if (list.length === 0) return <p class="card">{t('confirm.none')}</p>;
  return (
    <section>
      <h2>{t('confirm.title')}</h2>
      <ul class="plain">
        {list.map((s) => (
          <One key={s.id} s={s} state={done[s.id]} outbox={outbox}
            onDone={(msg) => {
              setDone({ ...done, [s.id]: msg });
              onDone();
            }} />
        ))}
      </ul>
    </section>
  );
}

function One({ s, state, outbox, onDone }: { s: Waiting; state?: string; outbox: Outbox; onDone: (msg: string) => void }) {
  const [rating, setRating] = useState('5');
  const [feedback, setFeedback] = useState('');
  const [reason, setReason] = useState('');
  const label = `${s.date} ${t(`type.${s.type}`)} ${s.topic ?? ''}`.trim();
  async function confirm() {
    const input: ConfirmTeachingSessionMutationVariables = { id: s.id, rating: Number(rating) };
    if (feedback) input.feedback = feedback;
    await enqueue(outbox, 'confirmTeachingSession', `confirm:${s.id}`, input, `${t('confirm.confirmed')} · ${label}`);
    onDone(t('confirm.confirmed'));
  }
  async function query() {
    await enqueue(outbox, 'queryTeachingSession', `query:${s.id}`, { id: s.id, reason }, `${t('confirm.queried')} · ${label}`);
    onDone(t('confirm.queried'));
  }
  return (
    <li class="card waiting" data-id={s.id}>
      <h3>{label}</h3>
      <p class="muted">{s.supportingKindergarten.name} · {s.hours} {t('home.hours')}</p>
      {state ? (
        <p class="ok" role="status">{state}</p>
      ) : (
        <>
          <label>
            {t('confirm.rating')}
            <select name="rating" value={rating} onChange={(e) => setRating((e.target as HTMLSelectElement).value)}>
              {[5, 4, 3, 2, 1].map((n) => <option key={n} value={String(n)}>{'★'.repeat(n)}</option>)}
            </select>
          </label>
          <label>
            {t('confirm.feedback')}
            <textarea name="feedback" value={feedback} maxLength={1000} onInput={(e) => setFeedback((e.target as HTMLTextAreaElement).value)} />
          </label>
          <button type="button" class="confirm" onClick={confirm}>{t('confirm.do')}</button>
          <label>
            {t('confirm.reason')}
            <input name="reason" value={reason} maxLength={500} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
          </label>
          <button type="button" class="secondary" disabled={!reason} onClick={query}>{t('confirm.query')}</button>
        </>
      )}
    </li>
  );
}
