import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { configureApi } from './lib/api.js';
import { completeOidcSignIn, currentSession, signOut as endSession } from './lib/auth.js';
import { ROLES, label } from './lib/labels.js';
import { MINISTRY, provinceLabel } from './lib/provinces.js';
import { startLive, stopLive } from './lib/live.js';
import { hrefOf, navigate, useRoute } from './lib/route.js';
import { AppContext, forgetMovements } from './hooks.js';
import { SignIn } from './pages/sign-in.jsx';
import { Catalogue } from './pages/catalogue.jsx';
import { KeyTaskBoard } from './pages/key-task-board.jsx';
import { SupportBoard } from './pages/support-board.jsx';
import { Reporting } from './pages/reporting.jsx';
import { SupportActivities } from './pages/support-activities.jsx';
import { Review } from './pages/review.jsx';
import { AuditLog } from './pages/audit-log.jsx';
import { StreamPlayback } from './pages/stream-playback.jsx';
import { Operator } from './pages/operator.jsx';
import { NationalRollUp } from './pages/national-roll-up.jsx';

const READERS = ['PROVINCE_ADMIN', 'UNIT_REPORTER', 'ANALYST', 'AUDITOR'];

/** Every page: its address, title, who sees it (the APIs check again), and whether the menu lists it. */
export const PAGES = [
  { path: '/bao-cao', title: 'Báo cáo kết quả của đơn vị', roles: ['UNIT_REPORTER'], page: Reporting },
  { path: '/giup-do-xa', title: 'Hoạt động giúp đỡ xã', roles: ['UNIT_REPORTER'], page: SupportActivities },
  { path: '/duyet', title: 'Duyệt kết quả', roles: ['PROVINCE_ADMIN'], page: Review },
  { path: '/nhiem-vu', title: 'Bảng nhiệm vụ trọng tâm', roles: READERS, page: KeyTaskBoard },
  { path: '/xa', title: 'Bảng giúp đỡ xã', roles: READERS, page: SupportBoard },
  { path: '/phong-trao', title: 'Danh mục phong trào', roles: READERS, page: Catalogue },
  // the Ministry's: the menu lists it for its callers only, and the page refuses a province's
  { path: '/toan-quoc', title: 'Tổng hợp toàn quốc', roles: ['PROVINCE_ADMIN', 'ANALYST', 'AUDITOR'], page: NationalRollUp, ministry: true },
  { path: '/nhat-ky', title: 'Nhật ký sự kiện', roles: ['AUDITOR'], page: AuditLog },
  { path: '/dong-su-kien', title: 'Phát lại một dòng sự kiện', roles: ['AUDITOR'], page: StreamPlayback, hidden: true },
  { path: '/van-hanh', title: 'Vận hành', roles: ['OPERATOR'], page: Operator },
];

const HOME = {
  PROVINCE_ADMIN: '/duyet', UNIT_REPORTER: '/bao-cao', ANALYST: '/nhiem-vu', AUDITOR: '/nhat-ky', OPERATOR: '/van-hanh',
};

export function App({ config }) {
  const [session, setSession] = useState(() => currentSession());
  const [message, setMessage] = useState(null);
  const route = useRoute();
  const heading = useRef(null);

  const signOut = async (why) => {
    stopLive();
    forgetMovements();
    const s = session;
    setSession(null);
    setMessage(why ?? null);
    navigate('/dang-nhap', {}, { replace: true });
    await endSession(s, config.signIn.oidc);
  };

  useEffect(() => {
    completeOidcSignIn(config.signIn.oidc).then((s) => s && setSession(s))
      .catch(() => setMessage('Đăng nhập qua hệ thống định danh không thành công. Hãy thử lại.'));
  }, []);

  useEffect(() => {
    configureApi({
      commandApi: config.commandApi,
      token: () => session?.token ?? null,
      unauthenticated: () => signOut('Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.'),
    });
    if (session && session.role !== 'OPERATOR') {
      startLive(session.token);
    }
    if (!session?.expiresAt) {
      return undefined;
    }
    const timer = setTimeout(() => signOut('Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.'),
      Math.max(0, Date.parse(session.expiresAt) - Date.now()));
    return () => clearTimeout(timer);
  }, [session]);

  const reference = useMemo(() => ({
    units: new Map(config.reference.units.map((u) => [u.id, u])),
    districts: new Map(config.reference.districts.map((d) => [d.code, d])),
  }), [config]);

  const context = {
    config, session, signOut,
    unitName: (id) => reference.units.get(id)?.name ?? id,
    districtName: (code) => reference.districts.get(code)?.name ?? code ?? '—',
  };

  const visible = session ? PAGES.filter((p) => p.roles.includes(session.role)) : [];
  const listed = visible.filter((p) => !p.hidden && (!p.ministry || session?.provinceCode === MINISTRY));
  let current = null;
  if (session) {
    current = visible.find((p) => p.path === route.path);
    if (!current && !PAGES.some((p) => p.path === route.path)) {
      current = visible.find((p) => p.path === HOME[session.role]) ?? visible[0];
    }
  }
  const title = !session ? 'Đăng nhập' : current ? current.title : 'Không được phép';

  useEffect(() => {
    document.title = `${title} — Thi đua ngành Tư pháp`;
    heading.current?.focus({ preventScroll: true });
  }, [title, route.path]);

  const Page = current?.page;
  return (
    <AppContext.Provider value={context}>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); heading.current?.focus(); }}>Bỏ qua menu, đến nội dung</a>
      <header class="top">
        <div class="brand">
          <span class="brand-title">Thi đua</span>
          <span class="brand-sub">{session ? `Ngành Tư pháp — ${provinceLabel(session.provinceCode)}` : 'Ngành Tư pháp'}</span>
        </div>
        {session && (
          <div class="who" data-role={session.role}>
            <span class="who-name">{session.subject}</span>
            <span class="who-province" data-province={session.provinceCode}>{provinceLabel(session.provinceCode)}</span>
            <span class="who-role">{label(ROLES, session.role)}{session.unitId ? ` — ${context.unitName(session.unitId)}` : ''}</span>
            <button type="button" class="secondary small" id="sign-out" onClick={() => signOut()}>Đăng xuất</button>
          </div>
        )}
      </header>
      {session && listed.length > 0 && (
        <nav class="menu" aria-label="Các trang">
          <ul>
            {listed.map((p) => (
              <li><a href={hrefOf(p.path)} aria-current={current === p ? 'page' : undefined}>{p.title}</a></li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main">
        <h1 tabIndex="-1" ref={heading}>{title}</h1>
        {!session && <SignIn message={message} onSignedIn={(s) => {
          setMessage(null);
          setSession(s);
          navigate(HOME[s.role] ?? '/', {}, { replace: true });
        }} />}
        {session && Page && <Page key={current.path} params={route.params} />}
        {session && !Page && (
          <div class="alert alert-error" role="alert">
            <p>Vai trò của bạn không dùng trang này.</p>
            <p><a href={hrefOf(HOME[session.role])}>Về trang của bạn</a></p>
          </div>
        )}
      </main>
      <footer class="bottom">
        <p>Số liệu lấy từ nhật ký sự kiện của hệ thống; mọi thao tác được ghi nhận kèm người thực hiện.</p>
      </footer>
    </AppContext.Provider>
  );
}
