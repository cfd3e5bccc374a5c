import { render, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Outbox, syncTriggers, type Item, type Waiting as Pending } from './outbox';
import { cached, forgetCached } from './util';
import { sendItem, setToken, token, ApiError } from './api';
import { held, loadSettings, waitingText, type Hold, type SyncSettings } from './syncpolicy';
import { refresh, offlineSnapshot, offlineWaiting, setupDone, waiting, type Snapshot, type Waiting } from './data';
import { getLang, setLang, t } from './i18n';
import { Login } from './screens/Login';
import { Home } from './screens/Home';
import { LogLesson } from './screens/LogLesson';
import { Records } from './screens/Records';
import { Confirm } from './screens/Confirm';
import { offlineManaged, type Managed } from './manage';
import type { Pairings as PairingsScreen } from './screens/Pairings';
import type { Training as TrainingScreen } from './screens/Training';
import type { Mentors as MentorsScreen } from './screens/Mentors';
import type { Grade as GradeScreen } from './screens/Grade';
import type { Mine as MineScreen } from './screens/Mine';
import type { FollowUp as FollowUpScreen } from './screens/FollowUp';
import type { Donations as DonationsScreen } from './screens/Donations';
import type { Setup as SetupScreen } from './screens/Setup';
import type { People as PeopleScreen } from './screens/People';
import './style.css';

const outbox = new Outbox();

/** The signed-in user as kept from sign-in: whose records the outbox makes and sends. */
function signedIn(): { id: string; name: string } | null {
  const me = token() ? cached<{ id: string; displayName: string }>('me') : null;
  return me ? { id: me.id, name: me.displayName } : null;
}
outbox.user = signedIn();

type Screen = 'home' | 'log' | 'grade' | 'mine' | 'followup' | 'inspections' | 'donations' | 'records' | 'confirm' | 'dashboard' | 'builder' | 'setup' | 'compliance' | 'evidence' | 'people' | 'pairingAdmin' | 'accounts' | 'audit' | 'pairings' | 'training' | 'mentors';

/** The screens a user works with, by role and side: bureaus see their region's numbers,
 * partner kindergartens confirm what they received, teachers log lessons, and a
 * kindergarten's admin also runs its training events and, on the supporting side, the
 * pairings' plans and mentorships. */
function screensOf(snap: Snapshot): Screen[] {
  const role = snap.me?.role;
  if (role === 'ADMIN') {
    const all: Screen[] = ['dashboard', 'compliance', 'evidence', 'builder', 'people', 'pairingAdmin', 'inspections', 'accounts', 'audit'];
    // A fresh installation opens on its first-run checklist until every step is done.
    return setupDone(snap.setup) ? all : ['setup', ...all];
  }
  if (role === 'BUREAU') return ['dashboard', 'compliance', 'evidence', 'builder', 'people', 'pairingAdmin', 'inspections', 'audit'];
  const partner = snap.pairings.some((p) => p.viewerSide === 'PARTNER');
  const supporting = snap.pairings.some((p) => p.viewerSide === 'SUPPORTING');
  // The supporting side grades its partners' lessons (听课评课).
  const mine: Screen[] = snap.me?.teacher ? ['mine'] : [];
  const base: Screen[] = partner ? ['confirm', 'home', 'log', 'records', ...mine] : ['home', 'log', ...(supporting ? ['grade' as const] : []), 'records', ...mine];
  if (role !== 'KINDERGARTEN_ADMIN') return base;
  // A kindergarten's admin also keeps its teachers' list (online: the screen is not kept offline).
  return supporting ? ['pairings', 'training', 'mentors', 'donations', 'followup', ...base, 'people'] : [...base, 'followup', 'training', 'people'];
}

const manages = (s: Screen[]) => s.includes('training');

// The bureau's and the admins' screens are chunks of their own, so a teacher's first load
// on a slow network carries only the teacher's screens. The service worker keeps them all.
const loadDashboard = () => import('./screens/Dashboard').then((m) => m.Dashboard);
const loadBuilder = () => import('./screens/Builder').then((m) => m.Builder);
const loadAccounts = () => import('./screens/Accounts').then((m) => m.Accounts);
const loadCompliance = () => import('./screens/Compliance').then((m) => m.Compliance);
const loadAudit = () => import('./screens/Audit').then((m) => m.Audit);
const loadPeople = () => import('./screens/People').then((m) => m.People);
const loadPairingAdmin = () => import('./screens/PairingAdmin').then((m) => m.PairingAdmin);
const loadSetup = () => import('./screens/Setup').then((m) => m.Setup);
const loadEvidence = () => import('./screens/Evidence').then((m) => m.Evidence);
const loadPairings = () => import('./screens/Pairings').then((m) => m.Pairings);
const loadTraining = () => import('./screens/Training').then((m) => m.Training);
const loadMentors = () => import('./screens/Mentors').then((m) => m.Mentors);
const loadGrade = () => import('./screens/Grade').then((m) => m.Grade);
const loadMine = () => import('./screens/Mine').then((m) => m.Mine);
const loadDonations = () => import('./screens/Donations').then((m) => m.Donations);
const loadFollowUp = () => import('./screens/FollowUp').then((m) => m.FollowUp);
const loadInspections = () => import('./screens/Inspections').then((m) => m.Inspections);

const chunks: Partial<Record<Screen, () => Promise<unknown>>> = {
  dashboard: loadDashboard, builder: loadBuilder, accounts: loadAccounts, compliance: loadCompliance, audit: loadAudit, people: loadPeople, pairingAdmin: loadPairingAdmin, setup: loadSetup, evidence: loadEvidence, pairings: loadPairings, training: loadTraining, mentors: loadMentors, grade: loadGrade, mine: loadMine, followup: loadFollowUp, inspections: loadInspections, donations: loadDonations,
};
/** Fetches the chunks of the user's screens once online, so that they open offline too
 * (the service worker keeps them). A teacher has none. */
const warm = (screens: Screen[]) => Promise.all(screens.map((s) => chunks[s]?.().catch(() => {})));

/** A screen from a chunk loaded on first use. */
function Later<P extends object>({ load, props }: { load: () => Promise<ComponentType<P>>; props: P }) {
  const [C, setC] = useState<ComponentType<P> | null>(null);
  useEffect(() => {
    let on = true;
    load().then((c) => on && setC(() => c));
    return () => {
      on = false;
    };
  }, [load]);
  return C ? <C {...props} /> : <p role="status">…</p>;
}

function App() {
  const [authed, setAuthed] = useState(!!token());
  const [snap, setSnap] = useState<Snapshot>(offlineSnapshot());
  const [screen, setScreen] = useState<Screen | null>(null);
  const [toConfirm, setToConfirm] = useState<Waiting[]>(offlineWaiting());
  const [managed, setManaged] = useState<Managed>(offlineManaged());
  const [items, setItems] = useState<Item[]>([]);
  const [pendingNow, setPending] = useState<Pending>({ records: 0, photos: 0, bytes: 0 });
  const [others, setOthers] = useState<Map<string, number>>(new Map());
  const [online, setOnline] = useState(navigator.onLine);
  const [settings, setSettings] = useState<SyncSettings>({ paused: false, wifiOnly: false });
  const [hold, setHold] = useState<Hold>(null);
  const [, setLangTick] = useState(0);
  const [evidenceOpened, setEvidenceOpened] = useState(0);

  const reload = async () => {
    const me = outbox.user?.id ?? '';
    setItems(me ? await outbox.list(me) : []);
    setPending(me ? await outbox.waiting(me) : { records: 0, photos: 0, bytes: 0 });
    setOthers(await outbox.othersWaiting(me));
  };
  // A pass over the outbox, unless the user paused sending or holds it off mobile data;
  // now cuts retry waits short (the network is back, the app came to the front, the user
  // asked).
  const sync = async (now = false) => {
    const h = held(await loadSettings(outbox));
    setHold(h);
    if (h || !outbox.user) return;
    await outbox.sync(sendItem, { now });
    await reload();
  };

  useEffect(() => {
    const off = outbox.onChange(reload);
    loadSettings(outbox).then(setSettings);
    outbox.prune().then(reload);
    const stopSync = syncTriggers(sync, (up) => {
      setOnline(up);
      if (!up) setHold('offline');
    });
    // Another screen opens one by name (a compliance or statistics row opening its records).
    const openScreen = (e: Event) => {
      setScreen((e as CustomEvent<Screen>).detail);
      setEvidenceOpened((n) => n + 1);
    };
    window.addEventListener('open-screen', openScreen);
    return () => {
      off();
      stopSync();
      window.removeEventListener('open-screen', openScreen);
    };
  }, []);

  const changeSettings = async (s: SyncSettings) => {
    await outbox.saveSettings(s);
    setSettings(s);
    sync(true);
  };

  useEffect(() => {
    if (!authed) return;
    outbox.user = signedIn();
    const tok = token();
    if (outbox.user && tok) outbox.saveSession({ token: tok, user: outbox.user });
    reload();
    refresh()
      .then((s) => {
        setSnap(s);
        const screens = screensOf(s);
        if (screens.includes('confirm')) waiting().then(setToConfirm).catch(() => {});
        const warmed = warm(screens);
        const kg = s.me?.kindergarten;
        // What an admin needs offline is kept once its screens' chunks are too.
        if (manages(screens) && kg) warmed.then(() => import('./manage')).then((m) => m.refreshManaged(kg.id)).then(setManaged).catch(() => {});
      })
      .catch((e) => {
        // A session that ended, or one opened with a password an admin gave out and not
        // yet replaced (the sign-in asks for the user's own): back to signing in.
        if (e instanceof ApiError && (e.code === 'UNAUTHENTICATED' || e.code === 'PASSWORD_CHANGE_REQUIRED')) {
          setToken(null);
          outbox.saveSession(null);
          setAuthed(false);
        }
      });
    sync(true);
  }, [authed]);

  const saved = () => {
    sync();
    // Asked once: a phone short of space may otherwise clear the queue.
    navigator.storage?.persist?.().catch(() => false);
    // Background Sync: the service worker sends the outbox when the network returns, even
    // with the app closed by then.
    navigator.serviceWorker?.ready
      .then((r) => (r as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register('outbox'))
      .catch(() => {});
  };

  const pending = pendingNow.records + pendingNow.photos;
  // Signing out forgets what was kept for this user; records not yet uploaded stay in the
  // outbox, waiting for this same user's next sign-in (nobody else's sends them), and the
  // user is told so first.
  const logout = () => {
    if (pending > 0 && !window.confirm(waitingText(pendingNow) + t('logout.pending'))) return;
    outbox.user = null;
    outbox.saveSession(null);
    forgetCached();
    setSnap(offlineSnapshot());
    setManaged(offlineManaged());
    setToConfirm([]);
    setToken(null);
    setAuthed(false);
    reload(); // the banner no longer counts the records of whoever signed out
  };
  const screens = screensOf(snap);
  const current = screen && screens.includes(screen) ? screen : screens[0];
  const lang = () => {
    setLang(getLang() === 'en' ? 'zh-CN' : 'en');
    setLangTick((n) => n + 1);
  };

  return (
    // Bureaus' and admins' screens use a desktop's width.
    <main class={snap.me?.role === 'ADMIN' || snap.me?.role === 'BUREAU' ? 'wide' : ''}>
      <header>
        <strong>{t('app.title')}</strong>
        <button type="button" class="link" onClick={lang}>{t('lang.switch')}</button>
        {authed && (
          <button type="button" class="link logout" onClick={logout}>{t('logout')}</button>
        )}
      </header>
      {!online && <p class="banner" role="status">{t('sync.offline')}</p>}
      {pending > 0 && (
        <p class="banner" role="status" data-pending={pending} data-bytes={pendingNow.bytes}>
          {waitingText(pendingNow)}{t('sync.pending')}{hold && hold !== 'offline' ? ` · ${t(`hold.${hold}`)}` : ''}
        </p>
      )}
      {!authed ? (
        <Login onDone={() => setAuthed(true)} />
      ) : (
        <>
          <nav>
            {screens.map((s) => (
              <button key={s} type="button" data-screen={s} aria-current={current === s} onClick={() => setScreen(s)}>{t(`nav.${s}`)}</button>
            ))}
          </nav>
          {current === 'home' && <Home snap={snap} />}
          {current === 'log' && <LogLesson snap={snap} outbox={outbox} onSaved={saved} />}
          {current === 'donations' && (
            <Later<Parameters<typeof DonationsScreen>[0]> load={loadDonations} props={{ data: managed, outbox, onSaved: saved }} />
          )}
          {current === 'followup' && <Later<Parameters<typeof FollowUpScreen>[0]> load={loadFollowUp} props={{ snap, outbox, onSaved: saved }} />}
          {current === 'inspections' && <Later load={loadInspections} props={{}} />}
          {current === 'mine' && <Later<Parameters<typeof MineScreen>[0]> load={loadMine} props={{ snap, outbox, onSaved: saved }} />}
          {current === 'grade' && (
            <Later<Parameters<typeof GradeScreen>[0]> load={loadGrade} props={{ snap, outbox, onSaved: saved }} />
          )}
          {current === 'records' && (
            <Records items={items} others={others} settings={settings} hold={hold} onSettings={changeSettings}
              onRetry={(id) => outbox.retry(id).then(() => sync(true))} onSync={() => sync(true)} />
          )}
          {current === 'confirm' && <Confirm list={toConfirm} outbox={outbox} onDone={saved} />}
          {current === 'dashboard' && <Later load={loadDashboard} props={{ due: snap.due }} />}
          {current === 'builder' && <Later load={loadBuilder} props={{}} />}
          {current === 'accounts' && <Later load={loadAccounts} props={{}} />}
          {current === 'compliance' && <Later load={loadCompliance} props={{}} />}
          {current === 'audit' && <Later load={loadAudit} props={{}} />}
          {current === 'people' && (
            <Later<Parameters<typeof PeopleScreen>[0]> load={loadPeople}
              props={{ kg: snap.me?.role === 'KINDERGARTEN_ADMIN' ? snap.me.kindergarten?.id : undefined }} />
          )}
          {current === 'pairingAdmin' && <Later load={loadPairingAdmin} props={{}} />}
          {current === 'evidence' && <Later key={evidenceOpened} load={loadEvidence} props={{}} />}
          {current === 'setup' && (
            <Later<Parameters<typeof SetupScreen>[0]> load={loadSetup}
              props={{ setup: snap.setup, goto: (s) => setScreen(s as Screen), onChange: () => { refresh().then(setSnap).catch(() => {}); } }} />
          )}
          {current === 'pairings' && (
            <Later<Parameters<typeof PairingsScreen>[0]> load={loadPairings} props={{ data: managed, outbox, onSaved: (m) => { setManaged(m); saved(); } }} />
          )}
          {current === 'training' && snap.me?.kindergarten && (
            <Later<Parameters<typeof TrainingScreen>[0]> load={loadTraining}
              props={{ data: managed, kindergartenId: snap.me.kindergarten.id, outbox, onSaved: (m) => { setManaged(m); saved(); } }} />
          )}
          {current === 'mentors' && (
            <Later<Parameters<typeof MentorsScreen>[0]> load={loadMentors} props={{ data: managed, outbox, onSaved: (m) => { setManaged(m); saved(); } }} />
          )}
        </>
      )}
    </main>
  );
}

document.documentElement.lang = getLang();
render(<App />, document.getElementById('app')!);

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {
    // Without a service worker (some in-app browsers) the app still works online.
  });
}
