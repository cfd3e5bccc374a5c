import { useState } from 'preact/hooks';
import { gql, graphql, setToken, ApiError } from '../api';
import { t } from '../i18n';
import { cache } from '../util';
import type { ChangeOwnPasswordMutation, ChangeOwnPasswordMutationVariables, LoginMutation, LoginMutationVariables } from '../gql';

const LoginDoc = graphql<LoginMutation, LoginMutationVariables>`mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token user { id username displayName role mustChangePassword kindergarten { id name } teacher { id } } } }`;

const ChangeDoc = graphql<ChangeOwnPasswordMutation, ChangeOwnPasswordMutationVariables>`mutation ChangeOwnPassword($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token user { id username displayName role mustChangePassword kindergarten { id name } teacher { id } } } }`;

/** What the server asks of a password, checked here first so the teacher reads why in
 * their language: at least 10 characters, not only letters or only digits. */
export function passwordProblem(p: string): string {
  if ([...p].length < 10) return t('pw.short');
  if (/^[0-9]+$/.test(p) || /^[A-Za-z]+$/.test(p)) return t('pw.mix');
  return '';
}

/** Signing in; someone signing in with a password an admin gave out chooses their own
 * before going on. */
export function Login({ onDone }: { onDone: () => void }) {
  const [user, setUser] = useState('');
  const [pw, setPw] = useState('');
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(false);
  const [given, setGiven] = useState(false);
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErr('');
    try {
      const d = await gql(LoginDoc, { u: user, p: pw });
      setToken(d.login.token);
      if (d.login.user.mustChangePassword) {
        setGiven(true);
        return;
      }
      cache('me', d.login.user);
      onDone();
    } catch (x) {
      setErr(x instanceof ApiError && x.code === 'UNAUTHENTICATED' ? t('err.credentials') : (x as Error).message);
    } finally {
      setBusy(false);
    }
  }
  async function change(e: Event) {
    e.preventDefault();
    const problem = next === pw ? t('pw.same') : next !== again ? t('pw.mismatch') : passwordProblem(next);
    if (problem) {
      setErr(problem);
      return;
    }
    setBusy(true);
    setErr('');
    try {
      const d = await gql(ChangeDoc, { c: pw, n: next });
      setToken(d.changePassword.token);
      cache('me', d.changePassword.user);
      onDone();
    } catch (x) {
      setErr((x as Error).message);
    } finally {
      setBusy(false);
    }
  }
  const field = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);
  if (given) {
    return (
      <form class="card new-password" onSubmit={change}>
        <h1>{t('pw.title')}</h1>
        <p>{t('pw.why')}</p>
        <label>
          {t('pw.new')}
          <input name="newPassword" type="password" autocomplete="new-password" value={next} onInput={field(setNext)} required />
        </label>
        <label>
          {t('pw.again')}
          <input name="newPasswordAgain" type="password" autocomplete="new-password" value={again} onInput={field(setAgain)} required />
        </label>
        {err && <p class="error" role="alert">{err}</p>}
        <button type="submit" disabled={busy}>{t('pw.submit')}</button>
      </form>
    );
  }
  return (
    <form class="card" onSubmit={submit}>
      <h1>{t('login.title')}</h1>
      <label>
        {t('login.user')}
        <input name="username" autocomplete="username" value={user} onInput={field(setUser)} required />
      </label>
      <label>
        {t('login.password')}
        <input name="password" type="password" autocomplete="current-password" value={pw} onInput={field(setPw)} required />
      </label>
      {err && <p class="error" role="alert">{err}</p>}
      <button type="submit" disabled={busy}>{t('login.submit')}</button>
    </form>
  );
}
