// What to tell a person when an API answers with application/problem+json: the rule or kind in Vietnamese, and the
// fields named in `errors`.

const RULES = {
  'result-already-recorded': 'Kết quả của nhiệm vụ này trong kỳ đã được ghi nhận; hãy sửa kết quả thay vì gửi mới.',
  'result-already-approved': 'Kết quả đã được duyệt, không sửa được nữa.',
  'result-returned': 'Kết quả đang bị trả lại; đơn vị cần sửa và gửi lại trước khi duyệt.',
  'unit-not-enrolled': 'Đơn vị chưa đăng ký thi đua trong phong trào này.',
  'movement-closed': 'Phong trào đã tổng kết, không ghi nhận thêm.',
  'period-outside-movement': 'Kỳ báo cáo nằm ngoài thời gian của phong trào.',
  'indicator-unknown': 'Chỉ tiêu không thuộc nhiệm vụ này.',
  'indicator-value-repeated': 'Một chỉ tiêu được nhập hai lần.',
  'unit-not-assigned': 'Đơn vị không được phân công giúp đỡ xã này.',
  'activity-outside-assignment': 'Ngày tổ chức nằm ngoài thời gian đơn vị giúp đỡ xã.',
  'activity-already-recorded': 'Hoạt động này đã được ghi nhận.',
  'date-outside-period': 'Ngày nằm ngoài thời gian của phong trào.',
};

const KINDS = {
  unauthenticated: 'Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Hãy đăng nhập lại.',
  forbidden: 'Bạn không có quyền thực hiện thao tác này.',
  'not-found': 'Không tìm thấy dữ liệu được yêu cầu.',
  'concurrent-change': 'Dữ liệu vừa được thay đổi cùng lúc; hãy gửi lại.',
  'idempotency-key-reused': 'Yêu cầu này đã được gửi với nội dung khác; hãy tải lại trang.',
  'submission-in-progress': 'Yêu cầu đang được xử lý; hãy chờ giây lát.',
  'rate-limited': 'Bạn gửi quá nhiều yêu cầu; hãy chờ giây lát.',
  'payload-too-large': 'Nội dung gửi quá lớn.',
  'as-of-too-large': 'Thời điểm chọn cần tính quá nhiều dữ liệu; hãy chọn bộ lọc hẹp hơn.',
  'as-of-busy': 'Máy chủ đang bận tính số liệu theo thời điểm; hãy thử lại sau ít giây.',
  'as-of-too-slow': 'Không tính kịp số liệu theo thời điểm; hãy thử lại sau.',
  'invalid-request': 'Dữ liệu chưa hợp lệ.',
  'malformed-body': 'Dữ liệu chưa hợp lệ.',
};

/** { message, fields: { name: message } } for a problem body (or null) and its HTTP status. */
export function describeProblem(problem, status) {
  const kind = String(problem?.type ?? '').split('/').pop();
  const rule = problem?.rule;
  let message = (rule && RULES[rule]) || KINDS[kind];
  if (!message) {
    message = status === 0 ? 'Không kết nối được máy chủ; hãy kiểm tra mạng và thử lại.'
      : `Máy chủ trả lời lỗi ${status}.`;
  }
  const fields = {};
  for (const e of problem?.errors ?? []) {
    if (e?.field) {
      fields[e.field] = e.message;
    }
  }
  return { message, detail: problem?.detail ?? null, fields, kind, rule: rule ?? null, status };
}
