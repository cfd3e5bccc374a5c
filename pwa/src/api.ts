// The GraphQL client: one POST per request with the user's token, and errors turned into
// words a teacher understands, by extensions.code.
import { t } from './i18n';
import type { Outcome, Item } from './outbox';

export interface GqlError {
  message: string;
  extensions?: { code?: string; field?: string; retryable?: boolean };
}

export class ApiError extends Error {
  constructor(
    public code: string,
    message: string,
    public retryable: boolean,
  ) {
    super(message);
  }
}

export function token(): string | null {
  return localStorage.getItem('token');
}

export function setToken(v: string | null) {
  if (v) localStorage.setItem('token', v);
  else localStorage.removeItem('token');
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token() ? { Authorization: `Bearer ${token()}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('OFFLINE', t('err.offline'), true);
  }
  let body: { data?: T; errors?: GqlError[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError('UNAVAILABLE', t('err.server'), true);
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    const code = e.extensions?.code ?? 'INTERNAL';
    throw new ApiError(code, friendly(code, e.message), retryable(code, e));
  }
  return body.data as T;
}

function retryable(code: string, e: GqlError): boolean {
  return e.extensions?.retryable === true || code === 'UNAVAILABLE' || code === 'RATE_LIMITED' || code === 'INTERNAL';
}

/** The message to show for an error code; input errors keep the server's detail. */
export function friendly(code: string, detail: string): string {
  switch (code) {
    case 'UNAUTHENTICATED':
      return t('err.login');
    case 'FORBIDDEN':
      return t('err.forbidden');
    case 'NOT_FOUND':
      return t('err.notFound');
    case 'CONFLICT':
      return t('err.conflict');
    case 'BAD_USER_INPUT':
      return `${t('err.input')}${detail}`;
    case 'RATE_LIMITED':
      return t('err.rateLimited');
    case 'UNAVAILABLE':
      return t('err.server');
    default:
      return t('err.server');
  }
}

const mutations: Record<string, string> = {
  logTeachingSession: `mutation($in: TeachingSessionInput!) { logTeachingSession(input: $in) { id } }`,
};

/** Sends one outbox item to the server. */
export async function sendItem(item: Item): Promise<Outcome> {
  const q = mutations[item.op];
  if (!q) return { ok: false, retry: false, message: `unknown operation ${item.op}` };
  try {
    await gql(q, { in: item.input });
    return { ok: true };
  } catch (e) {
    if (e instanceof ApiError) {
      if (e.code === 'UNAUTHENTICATED') return { ok: false, retry: true, message: e.message };
      return e.retryable ? { ok: false, retry: true, message: e.message } : { ok: false, retry: false, message: e.message };
    }
    return { ok: false, retry: true, message: t('err.offline') };
  }
}
