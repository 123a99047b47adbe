import { useState } from 'preact/hooks';
import { localSignIn, oidcSignIn } from '../lib/auth.js';
import { ROLES } from '../lib/labels.js';
import { PROVINCES } from '../lib/provinces.js';
import { Notice, SelectField, TextField } from '../components.jsx';
import { useApp } from '../hooks.js';

const ORDER = ['ANALYST', 'UNIT_REPORTER', 'PROVINCE_ADMIN', 'AUDITOR', 'OPERATOR'];

export function SignIn({ message, onSignedIn }) {
  const { config } = useApp();
  const { local, oidc } = config.signIn;
  return (
    <div class="sign-in">
      {message && <Notice kind="warn">{message}</Notice>}
      {oidc && <OidcSignIn oidc={oidc} />}
      {local && <LocalSignIn onSignedIn={onSignedIn} units={config.reference.units} />}
      {!oidc && !local && (
        <div class="alert alert-error" role="alert">
          Chưa cấu hình đăng nhập: quản trị viên cần khai báo hệ thống định danh (THIDUA_WEB_OIDC_CLIENT_ID và
          THIDUA_JWT_ISSUER_URI).
        </div>
      )}
    </div>
  );
}

function OidcSignIn({ oidc }) {
  const [error, setError] = useState(null);
  return (
    <section class="card" aria-labelledby="oidc-title">
      <h2 id="oidc-title">Đăng nhập bằng tài khoản của Sở</h2>
      <p>Bạn sẽ được chuyển đến hệ thống định danh của tỉnh để đăng nhập, rồi quay lại đây.</p>
      <button type="button" id="oidc-sign-in" onClick={() => oidcSignIn(oidc).catch(() =>
        setError('Không kết nối được hệ thống định danh. Hãy thử lại sau.'))}>Đăng nhập</button>
      {error && <div class="alert alert-error" role="alert">{error}</div>}
    </section>
  );
}

function LocalSignIn({ onSignedIn, units }) {
  const [role, setRole] = useState('ANALYST');
  const [provinceCode, setProvinceCode] = useState('24');
  const [unitId, setUnitId] = useState('PTP-213');
  const [otherUnit, setOtherUnit] = useState('');
  const [subject, setSubject] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const districtOffices = units.filter((u) => u.id.startsWith('PTP-'));
  const divisions = units.filter((u) => !u.id.startsWith('PTP-'));
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const unit = provinceCode === '24' ? unitId : otherUnit.trim().toUpperCase();
      onSignedIn(await localSignIn(role, role === 'UNIT_REPORTER' ? unit : null, subject.trim().toLowerCase(), provinceCode));
    } catch (err) {
      setError(err.problem?.errors?.[0]?.message ? `${err.problem.errors[0].field}: ${err.problem.errors[0].message}`
        : 'Không đăng nhập được: hệ thống cục bộ từ chối yêu cầu.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="local-title">
      <h2 id="local-title">Đăng nhập cục bộ</h2>
      <p class="hint">Chỉ có trên hệ thống chạy bằng <code>./run.sh</code> trên máy này: chọn vai trò, tỉnh (và đơn vị) để nhận
        một mã truy cập ký bằng khóa cục bộ. Bản triển khai thật dùng hệ thống định danh của tỉnh.</p>
      <form onSubmit={submit} id="local-sign-in">
        <SelectField label="Vai trò" id="sign-in-role" value={role} onChange={setRole}
          options={ORDER.map((r) => ({ value: r, label: ROLES[r] }))} />
        <SelectField label="Tỉnh hoặc Bộ" id="sign-in-province" value={provinceCode} onChange={setProvinceCode}
          hint="Người dùng của một tỉnh chỉ xem, báo cáo số liệu của tỉnh mình; Bộ Tư pháp xem mọi tỉnh."
          options={PROVINCES.map((p) => ({ value: p.code, label: p.note ? `${p.name} (${p.code}) — ${p.note}` : `${p.name} (${p.code})` }))} />
        {role === 'UNIT_REPORTER' && provinceCode !== '24' && (
          <TextField label="Mã đơn vị" id="sign-in-unit-code" value={otherUnit} onChange={setOtherUnit} required maxLength={40}
            hint={provinceCode === 'BTP' ? 'Bộ Tư pháp không có đơn vị báo cáo ở đây: chọn một tỉnh.'
              : 'Mã đơn vị trong danh mục của tỉnh, ví dụ TNG-STP-VP.'} />
        )}
        {role === 'UNIT_REPORTER' && provinceCode === '24' && (
          <SelectField label="Đơn vị" id="sign-in-unit" value={unitId} onChange={setUnitId}
            options={[
              { group: 'Phòng Tư pháp cấp huyện', options: districtOffices.map((u) => ({ value: u.id, label: `${u.name} (${u.id})` })) },
              { group: 'Các phòng, đơn vị thuộc Sở', options: divisions.map((u) => ({ value: u.id, label: `${u.name} (${u.id})` })) },
            ]} />
        )}
        <TextField label="Tên người dùng (không bắt buộc)" id="sign-in-subject" value={subject} onChange={setSubject}
          hint="Chữ thường không dấu, số, dấu chấm hoặc gạch ngang; mặc định theo vai trò và đơn vị." maxLength={60} />
        <button type="submit" id="sign-in-submit" disabled={busy}>{busy ? 'Đang đăng nhập…' : 'Đăng nhập'}</button>
        {error && <div class="alert alert-error" role="alert">{error}</div>}
      </form>
    </section>
  );
}
