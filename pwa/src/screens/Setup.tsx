import { useEffect, useState } from 'preact/hooks';
import { gql, graphql } from '../api';
import type * as G from '../gql';
import type { Setup as Progress } from '../data';
import { t } from '../i18n';
import '../texts-admin';

// An admin's first run on a fresh installation, as a checklist that stays first in the app
// until every step has something in it: the region tree (pasted as national codes and
// names), kindergartens, teachers, accounts and pairings, each with its count and a way to
// its screen.

const PutRegion = graphql<G.PutRegionMutation, G.PutRegionMutationVariables>`mutation PutRegion($code: ID!, $name: String!) {
  putRegion(code: $code, name: $name) { code } }`;

/** A national code as the region tree keeps it: a 12-digit statistical code loses its
 * trailing zeros down to the level it names (2, 4, 6 or 9 digits). */
export function regionCode(raw: string): string {
  let c = raw.trim();
  if (/^\d{12}$/.test(c)) {
    c = c.endsWith('000') ? c.slice(0, 9) : c;
    if (c.length === 9 && c.endsWith('000')) c = c.slice(0, 6);
  }
  if (/^\d{6}$/.test(c) && c.endsWith('00')) c = c.slice(0, 4);
  if (/^\d{4}$/.test(c) && c.endsWith('00')) c = c.slice(0, 2);
  return c;
}

/** Lines of "code name" (a space, a tab or a comma between), parents first. */
export function parseRegions(text: string): { line: number; code: string; name: string }[] {
  const out: { line: number; code: string; name: string }[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    const m = l.trim().match(/^(\d{2,12})[\s,，\t]+(.+)$/);
    if (m) out.push({ line: i + 1, code: regionCode(m[1]), name: m[2].trim() });
    else if (l.trim()) out.push({ line: i + 1, code: '', name: l.trim() });
  });
  return out.sort((a, b) => a.code.length - b.code.length);
}

type Goto = (screen: string) => void;

function Regions({ onDone }: { onDone: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: number; problems: { line: number; message: string }[] } | null>(null);
  async function add(e: Event) {
    e.preventDefault();
    setBusy(true);
    const problems: { line: number; message: string }[] = [];
    let ok = 0;
    for (const r of parseRegions(text)) {
      if (!r.code) {
        problems.push({ line: r.line, message: t('setup.badLine') });
        continue;
      }
      try {
        await gql(PutRegion, { code: r.code, name: r.name });
        ok++;
      } catch (x) {
        problems.push({ line: r.line, message: `${r.code} ${r.name}：${(x as Error).message}` });
      }
    }
    problems.sort((a, b) => a.line - b.line);
    setResult({ ok, problems });
    setBusy(false);
    onDone();
  }
  return (
    <form class="regions-paste" onSubmit={add}>
      <label>
        {t('setup.paste')}
        <textarea name="regions" rows={8} value={text} placeholder={'37 山东省\n3705 东营市\n370523 广饶县\n370523101 大王镇'}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      </label>
      <button type="submit" class="add-regions" disabled={busy || !text.trim()}>{t('setup.addRegions')}</button>
      {result && (
        <div role="status" class="regions-result" data-ok={result.ok} data-problems={result.problems.length}>
          <p class={result.problems.length ? 'error' : 'ok'}>{t('setup.regionsDone').replace('{n}', String(result.ok))}</p>
          {result.problems.length > 0 && (
            <ul>{result.problems.map((p) => <li key={p.line}>{t('setup.line').replace('{n}', String(p.line))}：{p.message}</li>)}</ul>
          )}
        </div>
      )}
    </form>
  );
}

export function Setup({ setup, goto, onChange }: { setup: Progress | null | undefined; goto: Goto; onChange: () => void }) {
  // The counts as they are now: the steps are done on other screens.
  useEffect(() => onChange(), []);
  const s = setup ?? { regions: 0, kindergartens: 0, teachers: 0, users: 1, pairings: 0 };
  const steps: { key: string; n: number; done: boolean; screen?: string }[] = [
    { key: 'regions', n: s.regions, done: s.regions > 0 },
    { key: 'kindergartens', n: s.kindergartens, done: s.kindergartens > 0, screen: 'people' },
    { key: 'teachers', n: s.teachers, done: s.teachers > 0, screen: 'people' },
    { key: 'users', n: s.users, done: s.users > 1, screen: 'accounts' },
    { key: 'pairings', n: s.pairings, done: s.pairings > 0, screen: 'pairingAdmin' },
  ];
  return (
    <section class="setup">
      <h2>{t('setup.title')}</h2>
      <p>{t('setup.intro')}</p>
      <ol class="plain steps">
        {steps.map((st, i) => (
          <li key={st.key} class={`card step ${st.done ? 'done' : ''}`} data-step={st.key} data-done={String(st.done)}>
            <h3>{st.done ? '✓ ' : `${i + 1}. `}{t(`setup.${st.key}`)}</h3>
            <p class="muted">{t(`setup.${st.key}.how`)} {t('setup.count').replace('{n}', String(st.n))}</p>
            {st.key === 'regions' ? <Regions onDone={onChange} /> : (
              <button type="button" class={st.done ? 'secondary' : ''} data-go={st.screen} onClick={() => goto(st.screen!)}>
                {t(`setup.${st.key}.go`)}
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
