// The buttons that download a pairing's assistance file (帮扶档案), shared by the bureau's
// pairing screen and the supporting kindergarten's; its texts travel with it.
import { useState } from 'preact/hooks';
import { addTexts, t } from './i18n';
import { recentSemesters } from './util';
import { downloadWithProgress } from './file-download';

addTexts({
  'file.name': '帮扶档案',
  'file.semester': '帮扶档案的学期',
  'file.whole': '结对全程',
  'file.pdf': '下载帮扶档案（PDF）',
  'file.zip': '下载档案包（含照片）',
  'file.starting': '正在生成档案…',
  'file.progress': '已下载',
  'file.all': '下载本地区全部结对的档案（ZIP，不含照片）',
}, {
  'file.name': 'assistance-file',
  'file.semester': 'Assistance file for',
  'file.whole': 'the whole pairing',
  'file.pdf': 'Download the assistance file (PDF)',
  'file.zip': 'Download the file with photos (ZIP)',
  'file.starting': 'Making the file…',
  'file.progress': 'Downloaded',
  'file.all': 'Download every pairing’s file of the region (ZIP, without photos)',
});

/** Downloads every pairing's file of the caller's region for a semester, in one ZIP. */
export function RegionFilesButton() {
  const semesters = recentSemesters();
  const [semester, setSemester] = useState(semesters[0]);
  const [busy, setBusy] = useState('');
  const [err, setErr] = useState('');
  const get = () => {
    setErr('');
    setBusy(t('file.starting'));
    downloadWithProgress(`/export/pairing-files.zip?semester=${semester}`, `${t('file.name')}-${semester}.zip`, (got) => {
      setBusy(`${t('file.progress')} ${(got / 1048576).toFixed(1)} MB`);
    }).then(() => setBusy('')).catch((e) => { setBusy(''); setErr((e as Error).message); });
  };
  return (
    <div class="pairing-file region-files">
      <label>{t('file.semester')}
        <select name="regionFileSemester" value={semester} onChange={(e) => setSemester((e.target as HTMLSelectElement).value)}>
          {semesters.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <button type="button" class="secondary region-files-zip" disabled={!!busy} onClick={get}>{t('file.all')}</button>
      {busy && <span role="status" class="muted">{busy}</span>}
      {err && <span role="alert" class="error">{err}</span>}
    </div>
  );
}

/** Downloads a pairing's assistance file (帮扶档案) for a semester, or
 * its whole period, as a PDF or a ZIP with every record and photo, showing the progress. */
export function PairingFileButtons({ pairingId, name }: { pairingId: string; name: string }) {
  const semesters = recentSemesters();
  const [semester, setSemester] = useState(semesters[0]);
  const [busy, setBusy] = useState('');
  const [err, setErr] = useState('');
  const get = (ext: 'pdf' | 'zip') => {
    setErr('');
    setBusy(t('file.starting'));
    const q = new URLSearchParams({ pairingId });
    if (semester) q.set('semester', semester);
    downloadWithProgress(`/export/pairing-file.${ext}?${q}`, `${t('file.name')}-${name}-${semester || t('file.whole')}.${ext}`, (got, total) => {
      const mb = (n: number) => (n / 1048576).toFixed(1);
      setBusy(total ? `${t('file.progress')} ${mb(got)} / ${mb(total)} MB` : `${t('file.progress')} ${mb(got)} MB`);
    }).then(() => setBusy('')).catch((e) => { setBusy(''); setErr((e as Error).message); });
  };
  return (
    <div class="pairing-file">
      <label>{t('file.semester')}
        <select name="fileSemester" value={semester} onChange={(e) => setSemester((e.target as HTMLSelectElement).value)}>
          {semesters.map((s) => <option key={s} value={s}>{s}</option>)}
          <option value="">{t('file.whole')}</option>
        </select>
      </label>
      <button type="button" class="secondary file-pdf" disabled={!!busy} onClick={() => get('pdf')}>{t('file.pdf')}</button>
      <button type="button" class="secondary file-zip" disabled={!!busy} onClick={() => get('zip')}>{t('file.zip')}</button>
      {busy && <span role="status" class="muted">{busy}</span>}
      {err && <span role="alert" class="error">{err}</span>}
    </div>
  );
}
