import { useEffect, useState } from 'preact/hooks';
import { download, enqueue, gql, graphql } from '../api';
import type * as G from '../gql';
import type { Outbox } from '../outbox';
import type { Managed } from '../manage';
import { addTexts, t } from '../i18n';
import { cache, cached, recentSemesters, today, uuid } from '../util';
import { queuePhotos } from '../queue-photos';
import { Thumbs } from '../photo-adder';

// The supporting kindergarten's donations (捐赠) to its partners: what was given, how many,
// worth how much, when; recorded offline through the outbox; the list and its total, and
// an Excel download for a semester.

addTexts({
  'don.title': '捐赠',
  'don.new': '登记一次捐赠',
  'don.pairing': '结对',
  'don.partner': '受赠园',
  'don.date': '日期',
  'don.item': '物品',
  'don.quantity': '数量',
  'don.value': '价值（元）',
  'don.addItem': '添加物品',
  'don.remove': '删除',
  'don.notes': '备注',
  'don.photos': '照片（可选）',
  'don.save': '保存',
  'don.cancel': '取消',
  'don.saved': '已保存，有网络时自动上传',
  'don.none': '还没有捐赠记录。',
  'don.total': '合计',
  'don.export': '下载本学期捐赠（Excel）',
  'don.queued': '待上传',
}, {
  'don.title': 'Donations',
  'don.new': 'Record a donation',
  'don.pairing': 'Pairing',
  'don.partner': 'Given to',
  'don.date': 'Date',
  'don.item': 'Item',
  'don.quantity': 'Quantity',
  'don.value': 'Value (yuan)',
  'don.addItem': 'Add an item',
  'don.remove': 'Remove',
  'don.notes': 'Notes',
  'don.photos': 'Photos (optional)',
  'don.save': 'Save',
  'don.cancel': 'Cancel',
  'don.saved': 'Saved; it uploads when there is a connection',
  'don.none': 'No donations yet.',
  'don.total': 'Total',
  'don.export': 'Download this semester’s donations (Excel)',
  'don.queued': 'waiting to upload',
});

const ListDoc = graphql<G.DonationListQuery, G.DonationListQueryVariables>`query DonationList {
  donations(first: 100) { totalCount edges { node { id date value notes items { name quantity value } pairing { id name } partnerKindergarten { name }
    photos { items { id thumbnailUrl } } } } } }`;

type Row = G.DonationListQuery['donations']['edges'][number]['node'] & { queued?: boolean };
interface Item { key: string; name: string; quantity: string; value: string }

export function Donations({ data, outbox, onSaved }: { data: Managed; outbox: Outbox; onSaved: () => void }) {
  const pairings = data.pairings.filter((p) => p.viewerSide === 'SUPPORTING' && p.status === 'ACTIVE');
  const [list, setList] = useState<Row[]>(cached<Row[]>('donations') ?? []);
  const [adding, setAdding] = useState(false);
  const [err, setErr] = useState('');
  const [msg, setMsg] = useState('');
  const [pairing, setPairing] = useState(pairings[0]?.id ?? '');
  const pr = pairings.find((p) => p.id === pairing);
  const [partner, setPartner] = useState('');
  const [date, setDate] = useState(today());
  const [items, setItems] = useState<Item[]>([{ key: uuid(), name: '', quantity: '1', value: '0' }]);
  const [notes, setNotes] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  useEffect(() => {
    // The server's list, and the donations still waiting in the outbox: one recorded while
    // the list was on its way stays shown.
    gql(ListDoc, {}).then((d) => {
      const l: Row[] = d.donations.edges.map((e) => e.node);
      setList((cur) => {
        const next = [...cur.filter((r) => r.queued && !l.some((x) => x.id === r.id)), ...l];
        cache('donations', next);
        return next;
      });
    }).catch(() => {}); // offline: the kept list
  }, []);
  const set = (i: number, k: keyof Item, v: string) => setItems((cur) => cur.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const save = async (e: Event) => {
    e.preventDefault();
    setErr('');
    const id = uuid();
    const partnerId = pr && pr.partnerKindergartens.length > 1 ? partner || pr.partnerKindergartens[0].id : undefined;
    const input: G.DonationInput = { id, pairingId: pairing, date, notes: notes.trim() || null,
      items: items.filter((r) => r.name.trim()).map((r) => ({ name: r.name.trim(), quantity: Number(r.quantity), value: Number(r.value) })) };
    if (partnerId) input.partnerKindergartenId = partnerId;
    if (input.items.length === 0) { setErr(t('don.item')); return; }
    const label = `${t('don.title')} · ${date}`;
    await enqueue(outbox, 'createDonation', id, { in: input }, label);
    // Its photos go after it (their parent), shrunk as a lesson's are.
    await queuePhotos(outbox, files, { subjectId: id }, label, id);
    setFiles([]);
    const value = input.items.reduce((a, x) => a + x.value, 0);
    const row: Row = { id, date, value, notes: input.notes ?? null, items: input.items.map((x) => ({ ...x })), queued: true, photos: { items: [] },
      pairing: { id: pairing, name: pr?.name ?? '' }, partnerKindergarten: { name: pr?.partnerKindergartens.find((k) => k.id === (partnerId ?? pr?.partnerKindergartens[0].id))?.name ?? '' } };
    setList((cur) => {
      const next = [row, ...cur];
      cache('donations', next);
      return next;
    });
    setAdding(false);
    setItems([{ key: uuid(), name: '', quantity: '1', value: '0' }]);
    setNotes('');
    setMsg(t('don.saved'));
    onSaved();
  };
  const total = list.reduce((a, d) => a + d.value, 0);
  return (
    <section class="donations">
      <h2>{t('don.title')}</h2>
      {msg && <p class="ok" role="status">{msg}</p>}
      {!adding && pairings.length > 0 && <button type="button" class="new-donation" onClick={() => { setAdding(true); setMsg(''); }}>{t('don.new')}</button>}
      {adding && (
        <form class="card donation-form" onSubmit={save}>
          <label>{t('don.pairing')}
            <select name="pairing" value={pairing} onChange={(e) => setPairing((e.target as HTMLSelectElement).value)}>
              {pairings.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
          {pr && pr.partnerKindergartens.length > 1 && (
            <label>{t('don.partner')}
              <select name="partner" value={partner} onChange={(e) => setPartner((e.target as HTMLSelectElement).value)}>
                {pr.partnerKindergartens.map((k) => <option key={k.id} value={k.id}>{k.name}</option>)}
              </select>
            </label>
          )}
          <label>{t('don.date')}<input name="date" type="date" value={date} max={today()} required onInput={(e) => setDate((e.target as HTMLInputElement).value)} /></label>
          {items.map((r, i) => (
            <fieldset key={r.key} class="donation-item">
              <legend>{t('don.item')} {i + 1}</legend>
              <label>{t('don.item')}<input name="itemName" value={r.name} maxLength={100} onInput={(e) => set(i, 'name', (e.target as HTMLInputElement).value)} /></label>
              <label>{t('don.quantity')}<input name="itemQuantity" type="number" inputMode="numeric" min="1" max="1000000" value={r.quantity}
                onInput={(e) => set(i, 'quantity', (e.target as HTMLInputElement).value)} /></label>
              <label>{t('don.value')}<input name="itemValue" type="number" inputMode="decimal" min="0" step="0.01" value={r.value}
                onInput={(e) => set(i, 'value', (e.target as HTMLInputElement).value)} /></label>
              {items.length > 1 && <button type="button" class="secondary" onClick={() => setItems(items.filter((_, j) => j !== i))}>{t('don.remove')}</button>}
            </fieldset>
          ))}
          <button type="button" class="secondary add-item" onClick={() => setItems([...items, { key: uuid(), name: '', quantity: '1', value: '0' }])}>{t('don.addItem')}</button>
          <label>{t('don.notes')}<textarea name="notes" value={notes} maxLength={2000} onInput={(e) => setNotes((e.target as HTMLTextAreaElement).value)} /></label>
          <label>{t('don.photos')}
            <input name="donationPhotos" type="file" accept="image/jpeg,image/png,image/webp,image/*" multiple
              onChange={(e) => setFiles([...((e.target as HTMLInputElement).files ?? [])])} />
          </label>
          <div class="actions">
            <button type="submit" class="save-donation">{t('don.save')}</button>
            <button type="button" class="secondary" onClick={() => setAdding(false)}>{t('don.cancel')}</button>
          </div>
          {err && <p class="error" role="alert">{err}</p>}
        </form>
      )}
      {list.length === 0 ? <p class="card">{t('don.none')}</p> : (
        <ul class="plain donation-list">
          {list.map((d) => (
            <li key={d.id} class="card donation" data-id={d.id}>
              <strong>{d.date}</strong> · {d.partnerKindergarten.name} · {d.items.map((x) => `${x.name} × ${x.quantity}`).join('、')} · {d.value} 元
              {d.queued ? ` · ${t('don.queued')}` : ''}{d.notes ? <div class="muted">{d.notes}</div> : null}
              <Thumbs photos={d.photos?.items} />
            </li>
          ))}
        </ul>
      )}
      <p>{t('don.total')}：<strong class="donation-total">{Math.round(total * 100) / 100}</strong> 元</p>
      <button type="button" class="secondary export-donations" onClick={() => download(`/export/donations.xlsx?semester=${recentSemesters()[0]}`, `${t('don.title')}.xlsx`)
        .catch((e) => setErr((e as Error).message))}>{t('don.export')}</button>
    </section>
  );
}
