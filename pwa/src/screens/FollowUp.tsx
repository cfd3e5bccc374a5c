import { useEffect, useState } from 'preact/hooks';
import { enqueue, gql, graphql } from '../api';
import { useWhenSent } from '../when-sent';
import type { Outbox } from '../outbox';
import type * as G from '../gql';
import type { Snapshot } from '../data';
import { addTexts, t } from '../i18n';
import { cache, cached, recentSemesters, uuid } from '../util';
import { PhotoAdder, Thumbs } from '../photo-adder';
import { queuePhotos } from '../queue-photos';

// A kindergarten admin's follow-up of its pairings: its semester summary of each (draft,
// then submitted), the other side's once submitted, and the bureau's items to put right
// with an answer box. A summary and an answer (with its photos) are saved through the outbox
// (offline too: saving a summary again replaces the text; an answer carries its own id, so
// sending it again keeps it once), shown at once, and read again from the server once sent.
// Photos of a summary's draft go straight to the server: the draft must be there first.

addTexts({
  'fu.title': '总结与整改',
  'fu.semester': '学期',
  'fu.summary': '本园的学期总结',
  'fu.others': '对方的总结',
  'fu.notYet': '尚未提交',
  'fu.saveDraft': '保存草稿',
  'fu.submit': '提交总结',
  'fu.submitted': '已提交，教育局和对方可以查看',
  'fu.draftSaved': '草稿已保存',
  'fu.queued': '已保存在本机，联网后自动上传',
  'fu.items': '督查整改事项',
  'fu.noItems': '没有待整改的事项。',
  'fu.deadline': '期限',
  'fu.overdue': '已逾期',
  'fu.answer': '整改情况',
  'fu.send': '提交整改情况',
  'fu.photos': '整改照片（可选）',
  'fu.status.OPEN': '待整改',
  'fu.status.ANSWERED': '已答复，待教育局确认',
  'fu.status.CLOSED': '已整改',
}, {
  'fu.title': 'Summaries and follow-up',
  'fu.semester': 'Semester',
  'fu.summary': 'Our summary of the semester',
  'fu.others': 'The other side’s summary',
  'fu.notYet': 'Not submitted yet',
  'fu.saveDraft': 'Save the draft',
  'fu.submit': 'Submit the summary',
  'fu.submitted': 'Submitted: the bureau and the other side can read it',
  'fu.draftSaved': 'Draft saved',
  'fu.queued': 'Saved on this device; it uploads when there is a connection',
  'fu.items': 'Items to put right',
  'fu.noItems': 'Nothing to put right.',
  'fu.deadline': 'Deadline',
  'fu.overdue': 'overdue',
  'fu.answer': 'What we did',
  'fu.send': 'Send what we did',
  'fu.photos': 'Photos of it (optional)',
  'fu.status.OPEN': 'To do',
  'fu.status.ANSWERED': 'Answered; the bureau will check',
  'fu.status.CLOSED': 'Done',
});

const Doc = graphql<G.FollowUpQuery, G.FollowUpQueryVariables>`query FollowUp($s: String!) {
  summaries(semester: $s) { pairing { id name } kindergarten { id name } side summary { id text status submittedAt photos { items { id thumbnailUrl } } } }
  inspections(first: 50, filter: { openOnly: true }) { edges { node { id date inspectors findings pairing { id name }
    items { id text deadline status overdue answers { id text at kindergarten { name } } photos { items { id thumbnailUrl } } } } } } }`;

type State = G.FollowUpQuery['summaries'][number];

function SummaryEditor({ st, semester, outbox, onQueued }: { st: State; semester: string; outbox: Outbox;
  onQueued: (text: string, submit: boolean, outboxId: string) => void }) {
  const [text, setText] = useState(st.summary?.text ?? '');
  const [msg, setMsg] = useState('');
  const submitted = st.summary?.status === 'SUBMITTED';
  const save = async (submit: boolean) => {
    const id = uuid();
    await enqueue(outbox, 'saveSummary', id, { in: { pairingId: st.pairing.id, semester, text, submit } }, `${t('fu.summary')} · ${st.pairing.name} · ${semester}`);
    setMsg(navigator.onLine ? t(submit ? 'fu.submitted' : 'fu.draftSaved') : t('fu.queued'));
    onQueued(text, submit, id);
  };
  if (submitted) return <div class="summary submitted"><p>{st.summary!.text}</p><Thumbs photos={st.summary!.photos?.items} /><p class="ok">{t('fu.submitted')}</p></div>;
  const stored = st.summary?.status === 'DRAFT' && st.summary.id ? st.summary.id : '';
  return (
    <div class="summary">
      <label>{t('fu.summary')}
        <textarea name="summaryText" rows={8} maxLength={20000} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      </label>
      <div class="actions">
        <button type="button" class="secondary save-draft" onClick={() => save(false)}>{t('fu.saveDraft')}</button>
        <button type="button" class="submit-summary" disabled={!text.trim()} onClick={() => save(true)}>{t('fu.submit')}</button>
      </div>
      {msg && <p class="ok" role="status">{msg}</p>}
      {/* Photos go with a draft the server has: the summary must exist there first. */}
      <Thumbs photos={st.summary?.photos?.items} />
      {stored && <PhotoAdder subjectId={stored} onDone={() => onQueued(text, false, '')} />}
    </div>
  );
}

function ItemAnswer({ inspection, item, label, outbox, onQueued }: { inspection: string; item: string; label: string; outbox: Outbox;
  onQueued: (text: string, lastId: string) => void }) {
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      const id = uuid();
      const title = `${t('fu.answer')} · ${label}`;
      await enqueue(outbox, 'answerInspectionItem', id, { id: inspection, item, text, answer: id }, title);
      // Its photos go after it, filed under the item.
      const photos = await queuePhotos(outbox, files, { subjectId: inspection, partId: item }, title, id);
      setText('');
      setFiles([]);
      onQueued(text, photos.length ? photos[photos.length - 1] : id);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="answer">
      <label>{t('fu.answer')}<textarea name="answerText" rows={3} maxLength={4000} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} /></label>
      <label>{t('fu.photos')}
        <input name="answerPhotos" type="file" accept="image/jpeg,image/png,image/webp,image/*" multiple
          onChange={(e) => setFiles([...((e.target as HTMLInputElement).files ?? [])])} />
      </label>
      <button type="button" class="send-answer" disabled={!text.trim() || busy} onClick={send}>{t('fu.send')}</button>
    </div>
  );
}

export function FollowUp({ snap, outbox, onSaved }: { snap: Snapshot; outbox: Outbox; onSaved: () => void }) {
  const semesters = recentSemesters();
  const [semester, setSemester] = useState(semesters[0]);
  const key = `followup:${semester}`;
  const [data, setData] = useState<G.FollowUpQuery | null>(cached<G.FollowUpQuery>(key));
  const [err, setErr] = useState('');
  const [v, setV] = useState(0);
  const own = snap.me?.kindergarten?.id;
  useEffect(() => {
    // A reply to an earlier reading (another semester, or before a reload) is dropped: it
    // would show one semester's summaries under another's name.
    let live = true;
    setData(cached<G.FollowUpQuery>(key));
    setErr('');
    gql(Doc, { s: semester }).then((d) => { cache(key, d); if (live) setData(d); })
      .catch((e) => { if (live && !cached(key)) setErr((e as Error).message); });
    return () => { live = false; };
  }, [semester, v]);
  // Once a saved summary has left the outbox, the server's state is read again.
  const whenSent = useWhenSent(outbox, () => setV((n) => n + 1));
  const reload = () => setV((n) => n + 1);
  /** The summary as saved on this device, shown until the server's is read. */
  const queued = (pairing: string) => (text: string, submit: boolean, outboxId: string) => {
    if (!outboxId) return reload();
    setData((d) => {
      if (!d) return d;
      const next = { ...d, summaries: d.summaries.map((x) => x.pairing.id === pairing && x.kindergarten.id === own
        ? { ...x, summary: { id: x.summary?.id ?? '', photos: x.summary?.photos ?? { items: [] }, submittedAt: x.summary?.submittedAt ?? null, text,
          status: (submit ? 'SUBMITTED' : 'DRAFT') as G.SummaryStatus } }
        : x) };
      cache(key, next);
      return next;
    });
    whenSent(outboxId);
    onSaved();
  };
  /** An answer as queued on this device, shown under its item until the server's is read. */
  const answered = (inspection: string, item: string) => (text: string, lastId: string) => {
    setData((d) => {
      if (!d) return d;
      const ours = snap.me?.kindergarten ? { name: snap.me.kindergarten.name } : null;
      const next = { ...d, inspections: { ...d.inspections, edges: d.inspections.edges.map((e) => e.node.id !== inspection ? e : { node: { ...e.node,
        items: e.node.items.map((it) => it.id !== item ? it : { ...it, status: 'ANSWERED' as G.ItemStatus,
          answers: [...it.answers, { id: lastId, text, at: new Date().toISOString(), kindergarten: ours, queued: true }] }) } }) } };
      cache(key, next);
      return next;
    });
    whenSent(lastId);
    onSaved();
  };
  const pairings = data ? [...new Map(data.summaries.map((s) => [s.pairing.id, s.pairing])).values()] : [];
  return (
    <section class="followup">
      <h2>{t('fu.title')}</h2>
      <label>{t('fu.semester')}
        <select name="semester" value={semester} onChange={(e) => setSemester((e.target as HTMLSelectElement).value)}>
          {semesters.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      {err && <p class="error" role="alert">{err}</p>}
      {!data && !err && <p role="status">…</p>}
      {pairings.map((p) => {
        const mine = data!.summaries.find((s) => s.pairing.id === p.id && s.kindergarten.id === own);
        const others = data!.summaries.filter((s) => s.pairing.id === p.id && s.kindergarten.id !== own);
        return (
          <article key={`${p.id}-${semester}`} class="card pairing-followup" data-pairing={p.id} data-semester={semester}>
            <h3>{p.name}</h3>
            {mine && <SummaryEditor st={mine} semester={semester} outbox={outbox} onQueued={queued(p.id)} />}
            <h4>{t('fu.others')}</h4>
            <ul class="plain">
              {others.map((s) => (
                <li key={s.kindergarten.id}><strong>{s.kindergarten.name}</strong>：{s.summary?.status === 'SUBMITTED' ? s.summary.text : t('fu.notYet')}</li>
              ))}
            </ul>
          </article>
        );
      })}
      <h3>{t('fu.items')}</h3>
      {data && data.inspections.edges.length === 0 && <p class="card">{t('fu.noItems')}</p>}
      {data?.inspections.edges.map(({ node: x }) => (
        <article key={x.id} class="card inspection" data-id={x.id}>
          <h4>{x.pairing.name} · {x.date} · {x.inspectors}</h4>
          <p>{x.findings}</p>
          <ol class="items">
            {x.items.map((it) => (
              <li key={it.id} data-item={it.id} data-status={it.status} class={it.overdue ? 'overdue' : ''}>
                <p>{it.text}（{t('fu.deadline')} {it.deadline}{it.overdue ? `，${t('fu.overdue')}` : ''}）· {t(`fu.status.${it.status}`)}</p>
                {it.answers.map((a, i) => <p key={a.id ?? i} class="muted answer-text">{a.kindergarten?.name}：{a.text}{'queued' in a && <em>（{t('fu.queued')}）</em>}</p>)}
                <Thumbs photos={it.photos.items} />
                {it.status !== 'CLOSED' && <ItemAnswer inspection={x.id} item={it.id} label={`${x.pairing.name} · ${it.text}`} outbox={outbox} onQueued={answered(x.id, it.id)} />}
              </li>
            ))}
          </ol>
        </article>
      ))}
    </section>
  );
}
