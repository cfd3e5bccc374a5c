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

// The writes the outbox sends: each mutation and how an item's input becomes its variables.
const mutations: Record<string, { q: string; vars: (input: Record<string, unknown>) => Record<string, unknown> }> = {
  logTeachingSession: {
    q: `mutation($in: TeachingSessionInput!) { logTeachingSession(input: $in) { id } }`,
    vars: (input) => ({ in: input }),
  },
  confirmTeachingSession: {
    q: `mutation($id: ID!, $rating: Int, $feedback: String) { confirmTeachingSession(id: $id, rating: $rating, feedback: $feedback) { id } }`,
    vars: (input) => input,
  },
  queryTeachingSession: {
    q: `mutation($id: ID!, $reason: String!) { queryTeachingSession(id: $id, reason: $reason) { id } }`,
    vars: (input) => input,
  },
};

/** Upload progress of photos being sent, 0–1, by item id. */
export const progress = new Map<string, number>();
export const progressListeners = new Set<() => void>();

function setProgress(id: string, v: number) {
  progress.set(id, v);
  for (const fn of progressListeners) fn();
}

/** PUTs a photo to its ticket's URL, reporting progress. */
function upload(ticket: Ticket, blob: Blob, onProgress: (f: number) => void): Promise<number> {
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open(ticket.method, ticket.uploadUrl);
    for (const h of ticket.headers) x.setRequestHeader(h.name, h.value);
    x.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    x.onload = () => resolve(x.status);
    x.onerror = () => resolve(0);
    x.ontimeout = () => resolve(0);
    x.send(blob);
  });
}

interface Ticket {
  method: string;
  uploadUrl: string;
  headers: { name: string; value: string }[];
  photo: { status: string };
}

/** A photo: ask for a ticket, upload the bytes straight to the photo store, complete. */
async function sendPhoto(item: Item): Promise<Outcome> {
  if (!item.blob) return { ok: false, retry: false, message: 'the photo is missing on this phone' };
  const d = await gql<{ requestPhotoUpload: Ticket }>(
    `mutation($in: PhotoUploadInput!) { requestPhotoUpload(input: $in) { method uploadUrl headers { name value } photo { status } } }`,
    { in: item.input },
  );
  const tk = d.requestPhotoUpload;
  if (tk.photo.status === 'PENDING') {
    setProgress(item.id, 0);
    const status = await upload(tk, item.blob, (f) => setProgress(item.id, f));
    if (status === 0) return { ok: false, retry: true, message: t('err.offline') };
    if (status >= 400) return { ok: false, retry: status >= 500, message: t('err.server') };
    setProgress(item.id, 1);
  }
  await gql(`mutation($id: ID!) { completePhotoUpload(id: $id) { id status } }`, { id: item.id });
  return { ok: true };
}

/** Sends one outbox item to the server. */
export async function sendItem(item: Item): Promise<Outcome> {
  if (item.op === 'photo') {
    try {
      return await sendPhoto(item);
    } catch (e) {
      return outcomeOf(e);
    } finally {
      progress.delete(item.id);
    }
  }
  const m = mutations[item.op];
  if (!m) return { ok: false, retry: false, message: `unknown operation ${item.op}` };
  try {
    await gql(m.q, m.vars(item.input));
    return { ok: true };
  } catch (e) {
    return outcomeOf(e);
  }
}

function outcomeOf(e: unknown): Outcome {
  if (e instanceof ApiError) {
    if (e.code === 'UNAUTHENTICATED') return { ok: false, retry: true, message: e.message };
    return e.retryable ? { ok: false, retry: true, message: e.message } : { ok: false, retry: false, message: e.message };
  }
  return { ok: false, retry: true, message: t('err.offline') };
}
