// Vietnamese names of the codes the APIs answer with.

export const ROLES = {
  PROVINCE_ADMIN: 'Văn phòng Thi đua – Khen thưởng của Sở',
  UNIT_REPORTER: 'Cán bộ báo cáo của đơn vị',
  ANALYST: 'Chuyên viên theo dõi, phân tích',
  AUDITOR: 'Thanh tra, kiểm soát nội bộ',
  OPERATOR: 'Vận hành hệ thống',
};

export const RESULT_STATUS = {
  NOT_REPORTED: 'Chưa báo cáo',
  SUBMITTED: 'Đã gửi, chờ duyệt',
  RETURNED: 'Bị trả lại',
  APPROVED: 'Đã duyệt',
};

export const MOVEMENT_KIND = {
  ANNUAL: 'Thường xuyên hằng năm',
  MULTI_YEAR: 'Nhiều năm',
  THEMATIC: 'Chuyên đề',
  PERIODIC: 'Theo đợt',
};

export const MOVEMENT_STATUS = { OPEN: 'Đang thực hiện', CLOSED: 'Đã tổng kết' };

export const DOCUMENT_KIND = { KH: 'Kế hoạch', QD: 'Quyết định', CT: 'Chỉ thị', NQ: 'Nghị quyết' };

export const COUNTED = {
  APPROVED: 'Chỉ tính kết quả đã duyệt',
  REPORTED: 'Tính cả kết quả đã gửi',
};

export const ACTIVITY_TYPE = {
  LEGAL_DISSEMINATION: 'Tuyên truyền, phổ biến pháp luật',
  MEDIATOR_TRAINING: 'Tập huấn hòa giải viên',
  LEGAL_BOOKCASE: 'Tủ sách pháp luật',
  CIVIL_STATUS: 'Hộ tịch, chứng thực',
  ACCESS_TO_LAW_REVIEW: 'Rà soát tiếp cận pháp luật',
  OTHER: 'Hoạt động khác',
};

export const SUPPORT_STATUS = {
  SUPPORTED: 'Đang được giúp đỡ',
  UNSUPPORTED: 'Chưa có đơn vị giúp đỡ',
  PASSED: 'Đạt chuẩn tiếp cận pháp luật (trong năm)',
  FAILED: 'Chưa đạt chuẩn (trong năm)',
  NOT_ASSESSED: 'Chưa đánh giá (trong năm)',
};

export const EVENT_TYPE = {
  MovementRegistered: 'Đăng ký phong trào',
  KeyTaskDefined: 'Xác định nhiệm vụ trọng tâm',
  UnitEnrolled: 'Đơn vị đăng ký thi đua',
  MovementClosed: 'Tổng kết phong trào',
  TaskResultRecorded: 'Báo cáo kết quả',
  TaskResultCorrected: 'Sửa, gửi lại kết quả',
  TaskResultApproved: 'Duyệt kết quả',
  TaskResultReturned: 'Trả lại kết quả',
  CommuneSupportAssigned: 'Phân công giúp đỡ xã',
  CommuneSupportEnded: 'Kết thúc giúp đỡ xã',
  SupportActivityRecorded: 'Hoạt động giúp đỡ xã',
  CommuneCriterionAssessed: 'Đánh giá tiêu chí 18.5',
};

export function label(table, code) {
  return (code && table[code]) || code || '—';
}
