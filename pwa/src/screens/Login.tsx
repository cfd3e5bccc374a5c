import { useState } from 'preact/hooks';
import { gql, graphql, setToken, ApiError } from '../api';
import { t } from '../i18n';
import { cache } from '../util';
import type { LoginMutation, LoginMutationVariables } from '../gql';

const LoginDoc = graphql<LoginMutation, LoginMutationVariables>`mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token user { id username displayName role kindergarten { id name } teacher { id } } } }`;

export function Login({ onDone }: { onDone: () => void }) {
  const [user, setUser] = useState('');
  const [pw, setPw] = useState('');
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErr('');
    try {
      const d = await gql(LoginDoc, { u: user, p: pw });
      setToken(d.login.token);
      cache('me', d.login.user);
      onDone();
    } catch (x) {
      setErr(x instanceof ApiError && x.code === 'UNAUTHENTICATED' ? t('err.credentials') : (x as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card" onSubmit={submit}>
      <h1>{t('login.title')}</h1>
      <label>
        {t('login.user')}
        <input name="username" autocomplete="username" value={user} onInput={(e) => setUser((e.target as HTMLInputElement).value)} required />
      </label>
      <label>
        {t('login.password')}
        <input name="password" type="password" autocomplete="current-password" value={pw} onInput={(e) => setPw((e.target as HTMLInputElement).value)} required />
      </label>
      {err && <p class="error" role="alert">{err}</p>}
      <button type="submit" disabled={busy}>{t('login.submit')}</button>
    </form>
  );
}
