// The GraphQL client: one POST per request with the user's token, and errors turned into
// words a teacher understands, by extensions.code.
import { errorText as t, getLang } from './lang';
import type { Outcome, Item, Outbox } from './outbox';
import type * as G from './gql';

export interface GqlError {
  message: string;
  /** localizedMessage: why input was refused, in Chinese, when the request asked in Chinese. */
  extensions?: { code?: string; field?: string; retryable?: boolean; localizedMessage?: string };
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

// The service worker has no localStorage: it is given the token it read from IndexedDB.
let workerToken: string | null = null;
const hasStorage = typeof localStorage !== 'undefined';

export function token(): string | null {
  return hasStorage ? localStorage.getItem('token') : workerToken;
}

export function setToken(v: string | null) {
  if (!hasStorage) {
    workerToken = v;
    return;
  }
  if (v) localStorage.setItem('token', v);
  else localStorage.removeItem('token');
}

/** How long a request may take before it is given up as stalled: ANSWER_MS for the
 * answer, plus its body at a quarter of the speed last measured (the network may slow
 * down midway). */
const ANSWER_MS = 20_000;
let bytesPerSecond = 50_000; // measured on each upload; a slow 3G's worth to start
export function timeoutFor(bytes: number): number {
  return Math.min(15 * 60_000, ANSWER_MS + (bytes / (bytesPerSecond / 4)) * 1000);
}
function measured(bytes: number, ms: number) {
  if (bytes < 20_000 || ms <= 0) return; // too small to tell
  const v = (bytes / ms) * 1000;
  bytesPerSecond = Math.max(5_000, 0.5 * bytesPerSecond + 0.5 * v);
}

/** An upload that has sent nothing and heard nothing for this long is abandoned. */
export const STALL_MS = 20_000;

/** An operation's text, typed with its result and variables as generated into gql.ts
 * from the server's schema files (`npm run codegen`). */
export type Doc<R, V> = string & { readonly __result?: R; readonly __variables?: V };

/** Downloads a file the server makes for the signed-in user (an Excel or CSV export). */
export async function download(path: string, name: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, { headers: fileHeaders() });
  } catch {
    throw new ApiError('OFFLINE', t('err.offline'), true);
  }
  if (!res.ok) throw await fileError(res);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

/** The headers of a request for a file the server makes or takes: the session and the
 * language its refusals should be in. */
export function fileHeaders(): Record<string, string> {
  return { 'Accept-Language': getLang() === 'en' ? 'en' : 'zh-CN', ...(token() ? { Authorization: `Bearer ${token()}` } : {}) };
}

/** A refused file request as an error in the user's words: the server's reason (in
 * Chinese when it has one), or what its status means. */
export async function fileError(res: Response): Promise<ApiError> {
  let e: GqlError | undefined;
  try {
    e = ((await res.json()) as { errors?: GqlError[] }).errors?.[0];
  } catch {
    e = undefined;
  }
  const code = e?.extensions?.code ?? (res.status >= 500 ? 'UNAVAILABLE' : 'INTERNAL');
  const detail = e ? (getLang() === 'en' ? e.message : e.extensions?.localizedMessage ?? e.message) : t('err.server');
  return new ApiError(code, friendly(code, detail), res.status >= 500);
}

/** Marks an operation for the type generator, which finds every graphql`…` in the sources;
 * the type arguments are the operation's generated result and variables types. */
export function graphql<R = unknown, V = never>(text: TemplateStringsArray): Doc<R, V> {
  return text.join('');
}

/** Runs one operation. */
export async function gql<R, V>(query: Doc<R, V>, variables: V): Promise<R> {
  let res: Response;
  const text = JSON.stringify({ query, variables });
  // A request that gets no answer is given up, so that nothing waits behind it forever.
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutFor(text.length));
  let body: { data?: R; errors?: GqlError[] };
  try {
    try {
      res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept-Language': getLang() === 'en' ? 'en' : 'zh-CN',
          ...(token() ? { Authorization: `Bearer ${token()}` } : {}) },
        body: text,
        signal: ctl.signal,
      });
    } catch {
      throw new ApiError('OFFLINE', t('err.offline'), true);
    }
    try {
      body = await res.json();
    } catch {
      throw new ApiError(ctl.signal.aborted ? 'OFFLINE' : 'UNAVAILABLE', t(ctl.signal.aborted ? 'err.offline' : 'err.server'), true);
    }
  } finally {
    clearTimeout(timer);
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    const code = e.extensions?.code ?? 'INTERNAL';
    throw new ApiError(code, friendly(code, getLang() === 'en' ? e.message : e.extensions?.localizedMessage ?? e.message), retryable(code, e));
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
    case 'PASSWORD_CHANGE_REQUIRED':
      return t('err.passwordChange');
    case 'UNAVAILABLE':
      return t('err.server');
    default:
      return t('err.server');
  }
}

// The writes the outbox sends: each mutation, by the name an outbox item carries (a key of
// Writes below, which says what its variables are). The compiler ties the two lists: a
// write queued in Writes without its mutation here, or a mutation here not in Writes, does
// not build. An item's input is the mutation's variables.
const mutations: { [K in Exclude<keyof Writes, 'photo'>]: Doc<unknown, never> } = {
  logTeachingSession: graphql`mutation LogTeachingSession($in: TeachingSessionInput!) { logTeachingSession(input: $in) { id } }`,
  confirmTeachingSession: graphql`mutation ConfirmTeachingSession($id: ID!, $rating: Int, $feedback: String) {
    confirmTeachingSession(id: $id, rating: $rating, feedback: $feedback) { id } }`,
  queryTeachingSession: graphql`mutation QueryTeachingSession($id: ID!, $reason: String!) { queryTeachingSession(id: $id, reason: $reason) { id } }`,
  createTrainingEvent: graphql`mutation CreateTrainingEvent($in: TrainingEventInput!) { createTrainingEvent(input: $in) { id } }`,
  setTrainingAttendance: graphql`mutation SetTrainingAttendance($eventId: ID!, $attendance: [AttendanceInput!]!) {
    setTrainingAttendance(eventId: $eventId, attendance: $attendance) { id attendeeCount } }`,
  addMentorshipActivity: graphql`mutation AddMentorshipActivity($in: MentorshipActivityInput!) { addMentorshipActivity(input: $in) { id } }`,
  addReflection: graphql`mutation AddReflection($in: ReflectionInput!) { addReflection(input: $in) { id } }`,
  createDonation: graphql`mutation CreateDonation($in: DonationInput!) { createDonation(input: $in) { id } }`,
  gradeLesson: graphql`mutation GradeLesson($in: LessonGradeInput!) { gradeLesson(input: $in) { id } }`,
  createMentorship: graphql`mutation CreateMentorship($in: MentorshipInput!) { createMentorship(input: $in) { id } }`,
  updatePairing: graphql`mutation UpdatePairing($id: ID!, $in: PairingInput!) { updatePairing(id: $id, input: $in) { id version } }`,
  setPlan: graphql`mutation SetPlan($id: ID!, $s: String!, $a: [PlannedActivityInput!]!) { setPlan(pairingId: $id, semester: $s, activities: $a) { id } }`,
  saveSummary: graphql`mutation SaveSummary($in: SummaryInput!) { saveSummary(input: $in) { id status } }`,
  answerInspectionItem: graphql`mutation AnswerInspectionItem($id: ID!, $item: ID!, $text: String!, $answer: ID!) {
    answerInspectionItem(inspectionId: $id, itemId: $item, text: $text, answerId: $answer) { id } }`,
};

/** The variables each queued write carries, checked against the schema's types. */
export interface Writes {
  logTeachingSession: G.LogTeachingSessionMutationVariables;
  confirmTeachingSession: G.ConfirmTeachingSessionMutationVariables;
  queryTeachingSession: G.QueryTeachingSessionMutationVariables;
  createTrainingEvent: G.CreateTrainingEventMutationVariables;
  setTrainingAttendance: G.SetTrainingAttendanceMutationVariables;
  createMentorship: G.CreateMentorshipMutationVariables;
  gradeLesson: G.GradeLessonMutationVariables;
  createDonation: G.CreateDonationMutationVariables;
  addMentorshipActivity: G.AddMentorshipActivityMutationVariables;
  addReflection: G.AddReflectionMutationVariables;
  updatePairing: G.UpdatePairingMutationVariables;
  setPlan: G.SetPlanMutationVariables;
  saveSummary: G.SaveSummaryMutationVariables;
  answerInspectionItem: G.AnswerInspectionItemMutationVariables;
  photo: G.PhotoUploadInput;
}

/** Queues a write whose variables are checked against the schema's types; a photo names
 * its record (parent), which goes first. */
export function enqueue<K extends keyof Writes>(outbox: Outbox, op: K, id: string, vars: Writes[K], label: string, blob?: Blob, parent?: string) {
  return outbox.add(op, id, vars as unknown as Record<string, unknown>, label, blob, parent);
}

/** Upload progress of photos being sent, 0–1, by item id. */
export const progress = new Map<string, number>();
export const progressListeners = new Set<() => void>();

function setProgress(id: string, v: number) {
  progress.set(id, v);
  for (const fn of progressListeners) fn();
}

/** PUTs a photo to its ticket's URL, reporting progress; 0 when the network failed or
 * the upload stalled (nothing sent or heard for STALL_MS) or ran past its time. */
function upload(ticket: Ticket, url: string, blob: Blob, onProgress: (f: number) => void): Promise<number> {
  const started = Date.now();
  if (typeof XMLHttpRequest === 'undefined') {
    // The service worker has fetch only (and nobody to show progress to).
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutFor(blob.size));
    const headers = Object.fromEntries(ticket.headers.map((h) => [h.name, h.value]));
    return fetch(url, { method: ticket.method ?? 'PUT', headers, body: blob, signal: ctl.signal })
      .then((r) => {
        measured(blob.size, Date.now() - started);
        return r.status;
      })
      .catch(() => 0)
      .finally(() => clearTimeout(timer));
  }
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    let heard = Date.now();
    const watch = setInterval(() => {
      if (Date.now() - heard > STALL_MS) x.abort();
    }, Math.min(1000, STALL_MS / 4));
    const end = (status: number) => {
      clearInterval(watch);
      resolve(status);
    };
    x.open(ticket.method ?? 'PUT', url);
    x.timeout = timeoutFor(blob.size);
    for (const h of ticket.headers) x.setRequestHeader(h.name, h.value);
    x.upload.onprogress = (e) => {
      heard = Date.now();
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    x.upload.onload = () => {
      heard = Date.now(); // sent: now the answer has STALL_MS to come
    };
    x.onload = () => {
      measured(blob.size, Date.now() - started);
      end(x.status);
    };
    x.onerror = () => end(0);
    x.ontimeout = () => end(0);
    x.onabort = () => end(0);
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

/** Sends a photo at once (screens used online): the ticket, the bytes with progress,
 * completion. Throws what the server or the network said. */
export async function uploadPhotoNow(input: G.PhotoUploadInput, blob: Blob, onProgress: (f: number) => void): Promise<void> {
  const d = await gql(RequestPhotoUpload, { in: input });
  const tk = d.requestPhotoUpload;
  if (tk.photo.status === 'PENDING' && tk.uploadUrl) {
    const status = await upload(tk, tk.uploadUrl, blob, onProgress);
    if (status === 0) throw new Error(t('err.offline'));
    if (status >= 400) throw new Error(t('err.server'));
  }
  await gql(CompletePhotoUpload, { id: input.id });
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
  const m = (mutations as Record<string, Doc<unknown, never> | undefined>)[item.op];
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
