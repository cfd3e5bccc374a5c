// The GraphQL client: one POST per request with the user's token, and errors turned into
// words a teacher understands, by extensions.code.
import { t } from './i18n';
import type { Outcome, Item, Outbox } from './outbox';
import type * as G from './gql';

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

/** An operation's text, typed with its result and variables as generated into gql.ts
 * from the server's schema files (`npm run codegen`). */
export type Doc<R, V> = string & { readonly __result?: R; readonly __variables?: V };

/** Downloads a file the server makes for the signed-in user (an Excel or CSV export). */
export async function download(path: string, name: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, { headers: token() ? { Authorization: `Bearer ${token()}` } : {} });
  } catch {
    throw new ApiError('OFFLINE', t('err.offline'), true);
  }
  if (!res.ok) throw new ApiError('UNAVAILABLE', t('err.server'), res.status >= 500);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

/** Marks an operation for the type generator, which finds every graphql`…` in the sources;
 * the type arguments are the operation's generated result and variables types. */
export function graphql<R = unknown, V = never>(text: TemplateStringsArray): Doc<R, V> {
  return text.join('');
}

/** Runs one operation. */
export async function gql<R, V>(query: Doc<R, V>, variables: V): Promise<R> {
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
  let body: { data?: R; errors?: GqlError[] };
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
  return body.data as R;
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

// The writes the outbox sends: each mutation, by the name an outbox item carries. An item's
// input is the mutation's variables.
const mutations: Record<string, Doc<unknown, never>> = {
  logTeachingSession: graphql`mutation LogTeachingSession($in: TeachingSessionInput!) { logTeachingSession(input: $in) { id } }`,
  confirmTeachingSession: graphql`mutation ConfirmTeachingSession($id: ID!, $rating: Int, $feedback: String) {
    confirmTeachingSession(id: $id, rating: $rating, feedback: $feedback) { id } }`,
  queryTeachingSession: graphql`mutation QueryTeachingSession($id: ID!, $reason: String!) { queryTeachingSession(id: $id, reason: $reason) { id } }`,
  createTrainingEvent: graphql`mutation CreateTrainingEvent($in: TrainingEventInput!) { createTrainingEvent(input: $in) { id } }`,
  setTrainingAttendance: graphql`mutation SetTrainingAttendance($eventId: ID!, $attendance: [AttendanceInput!]!) {
    setTrainingAttendance(eventId: $eventId, attendance: $attendance) { id attendeeCount } }`,
  createMentorship: graphql`mutation CreateMentorship($in: MentorshipInput!) { createMentorship(input: $in) { id } }`,
  updatePairing: graphql`mutation UpdatePairing($id: ID!, $in: PairingInput!) { updatePairing(id: $id, input: $in) { id version } }`,
};

/** The variables each queued write carries, checked against the schema's types. */
export interface Writes {
  logTeachingSession: G.LogTeachingSessionMutationVariables;
  confirmTeachingSession: G.ConfirmTeachingSessionMutationVariables;
  queryTeachingSession: G.QueryTeachingSessionMutationVariables;
  createTrainingEvent: G.CreateTrainingEventMutationVariables;
  setTrainingAttendance: G.SetTrainingAttendanceMutationVariables;
  createMentorship: G.CreateMentorshipMutationVariables;
  updatePairing: G.UpdatePairingMutationVariables;
  photo: G.PhotoUploadInput;
}

/** Queues a write whose variables are checked against the schema's types. */
export function enqueue<K extends keyof Writes>(outbox: Outbox, op: K, id: string, vars: Writes[K], label: string, blob?: Blob) {
  return outbox.add(op, id, vars as unknown as Record<string, unknown>, label, blob);
}

/** Upload progress of photos being sent, 0–1, by item id. */
export const progress = new Map<string, number>();
export const progressListeners = new Set<() => void>();

function setProgress(id: string, v: number) {
  progress.set(id, v);
  for (const fn of progressListeners) fn();
}

/** PUTs a photo to its ticket's URL, reporting progress. */
function upload(ticket: Ticket, url: string, blob: Blob, onProgress: (f: number) => void): Promise<number> {
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open(ticket.method ?? 'PUT', url);
    for (const h of ticket.headers) x.setRequestHeader(h.name, h.value);
    x.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    x.onload = () => resolve(x.status);
    x.onerror = () => resolve(0);
    x.ontimeout = () => resolve(0);
    x.send(blob);
  });
}

type Ticket = G.RequestPhotoUploadMutation['requestPhotoUpload'];

const RequestPhotoUpload = graphql<G.RequestPhotoUploadMutation, G.RequestPhotoUploadMutationVariables>`mutation RequestPhotoUpload($in: PhotoUploadInput!) {
  requestPhotoUpload(input: $in) { method uploadUrl headers { name value } photo { status } } }`;
const CompletePhotoUpload = graphql<G.CompletePhotoUploadMutation, G.CompletePhotoUploadMutationVariables>`mutation CompletePhotoUpload($id: ID!) { completePhotoUpload(id: $id) { id status } }`;

/** A photo: ask for a ticket, upload the bytes straight to the photo store, complete. */
async function sendPhoto(item: Item): Promise<Outcome> {
  if (!item.blob) return { ok: false, retry: false, message: 'the photo is missing on this phone' };
  const d = await gql(RequestPhotoUpload, { in: item.input as unknown as G.PhotoUploadInput });
  const tk = d.requestPhotoUpload;
  // A ticket for a photo already uploaded has no URL: it only needs completing.
  if (tk.photo.status === 'PENDING' && tk.uploadUrl) {
    setProgress(item.id, 0);
    const status = await upload(tk, tk.uploadUrl, item.blob, (f) => setProgress(item.id, f));
    if (status === 0) return { ok: false, retry: true, message: t('err.offline') };
    if (status >= 400) return { ok: false, retry: status >= 500, message: t('err.server') };
    setProgress(item.id, 1);
  }
  await gql(CompletePhotoUpload, { id: item.id });
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
    await gql(m, item.input as never);
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
