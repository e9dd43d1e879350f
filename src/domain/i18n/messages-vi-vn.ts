import type { Messages } from './messages-en-us.js';

/** Tiếng Việt (vi_vn). Same keys and placeholders as messages-en-us.ts. */
export const messagesViVn: Messages = {
  'state.pending': 'Cần phê duyệt',
  'state.dry_run': 'Chỉ chạy thử',
  'state.approved': 'Đã duyệt, đang chờ chạy',
  'state.executing': 'Đang chạy',
  'state.applied': 'Đã áp dụng và kiểm tra',
  'state.verify_failed': 'Đã áp dụng, kiểm tra THẤT BẠI',
  'state.stale': 'Chưa áp dụng: dữ liệu đã cũ',
  'state.failed': 'Thất bại',
  'state.needs_review': 'Cần người xử lý',
  'state.rejected': 'Đã từ chối',
  'state.expired': 'Đã hết hạn',
  'state.rolled_back': 'Đã hoàn tác bởi {id}',
  'verb.create': 'Tạo',
  'verb.update': 'Cập nhật',
  'verb.delete': 'Xóa',
  'verb.batch-delete': 'Xóa hàng loạt',
  'verb.table.create': 'Tạo bảng',
  'verb.table.delete': 'Xóa bảng',
  'verb.field.create': 'Tạo trường',
  'verb.field.update': 'Sửa trường',
  'verb.field.delete': 'Xóa trường',
  'request.title.rollback': 'Hoàn tác {id} · {target}',
  'request.what.schema': '{verb} trong {target}',
  'request.what.rollback': 'Hoàn tác {id}: {what}',
  'request.column.record': 'Bản ghi',
  'request.column.item': 'Mục',
  'request.column.field': 'Trường',
  'request.column.property': 'Thuộc tính',
  'request.column.before': 'Trước',
  'request.column.after': 'Sau',
  'request.button.approve': 'Phê duyệt',
  'request.button.reject': 'Từ chối',
  'request.button.rollback': 'Hoàn tác',
  'request.confirm.approve': 'Phê duyệt thay đổi này?',
  'request.confirm.rollback': 'Chuẩn bị hoàn tác?',
  'request.confirm.rollback_text':
    'Hoàn tác là một yêu cầu mới: bạn sẽ thấy phần khác biệt và cần được phê duyệt.',
  'request.drill_note':
    'Trình chạy diễn tập tự phê duyệt yêu cầu này (có bằng chứng phê duyệt được ghi lại): không cần bấm nút.',
  'request.snapshot.pending': 'Đây là ảnh chụp trạng thái: hãy duyệt hoặc từ chối trên thẻ gốc của yêu cầu.',
  'request.snapshot': 'Ảnh chụp trạng thái tại thời điểm này.',
  'request.ask_again': 'Hãy gửi lại yêu cầu để xem khác biệt mới.',
  'request.what.records': '{verb} {count} bản ghi trong {target}',
  'request.what.record': '{verb} 1 bản ghi trong {target}',
  'request.subject.records': '**{verb}** {count} bản ghi trong **{target}**',
  'request.subject.record': '**{verb}** 1 bản ghi trong **{target}**',
  'request.subject.schema': '**{verb}** trong **{target}** (thay đổi cấu trúc trên sandbox)',
  'request.asked_by': '{subject}, do {user} yêu cầu',
  'request.hidden_rows_one':
    'Đang hiển thị {shown}/{total} thay đổi trường (còn {hidden} thay đổi trong 1 bản ghi khác không hiển thị). Mã băm phạm vi bao gồm tất cả; `status {id}` liệt kê phần còn lại.',
  'request.hidden_rows':
    'Đang hiển thị {shown}/{total} thay đổi trường (còn {hidden} thay đổi trong {hiddenRecords} bản ghi khác không hiển thị). Mã băm phạm vi bao gồm tất cả; `status {id}` liệt kê phần còn lại.',
  'request.footer_scope': 'phạm vi',
  'help.summary.get': 'xem một bản ghi',
  'help.summary.search': 'tìm các bản ghi có mọi trường đã cho bằng giá trị đó',
  'help.summary.create': 'thêm một bản ghi (cần phê duyệt)',
  'help.summary.update': 'sửa các trường của một bản ghi (cần phê duyệt)',
  'help.summary.delete': 'xóa bản ghi theo id (cần phê duyệt)',
  'help.summary.batch-delete': 'xóa mọi bản ghi khớp một điều kiện (cần phê duyệt)',
  'help.summary.table-create': 'tạo bảng tạm trên sandbox (cần phê duyệt)',
  'help.summary.table-delete': 'xóa bảng tạm trên sandbox (cần phê duyệt)',
  'help.summary.field-create': 'thêm trường vào bảng tạm trên sandbox (cần phê duyệt)',
  'help.summary.field-update': 'đổi tên trường của bảng tạm, hoặc đổi kiểu hay tùy chọn (cần phê duyệt)',
  'help.summary.field-delete': 'xóa trường của bảng tạm (cần phê duyệt)',
  'help.summary.rollback': 'hoàn tác một yêu cầu đã áp dụng từ bản sao lưu (cần phê duyệt)',
  'help.summary.status': 'xem yêu cầu đang ở đâu (chờ duyệt, đã duyệt, đã áp dụng …)',
  'help.summary.help': 'trang hướng dẫn này, hoặc chi tiết một lệnh',
  'help.title': 'Các lệnh Larkgate (nhắc @tôi trong nhóm, hoặc nhắn riêng cho tôi):',
  'help.also': 'Cũng hiểu được:',
  'help.quote':
    'Đặt giá trị có dấu cách trong ngoặc kép (Title="Call ACME"); Field= để xóa trường; @nhắc tên người. Thêm: help values.',
  'help.writes':
    'Lệnh ghi hiển thị thẻ xem trước và chỉ chạy sau khi được duyệt. Thay đổi cấu trúc: help schema.',
  'help.details': 'Chi tiết một lệnh: help <lệnh>, ví dụ help update.',
  'help.example': 'vd.',
  'alert.label.resolved': 'Đã khắc phục',
  'alert.label.acked': 'Đang báo động, đã xác nhận',
  'alert.label.firing': 'Đang báo động',
  'alert.what': '**Sự cố:** {text}',
  'alert.since': '**Từ lúc:** {time} ({relative})',
  'alert.check': '**Kiểm tra trước:** {text}',
  'alert.runbook': '**Hướng dẫn xử lý:** {link}',
  'alert.flaps': 'Lỗi lại {count} lần ngay sau khi hết: thẻ này được dùng lại thay vì báo động lần nữa.',
  'alert.flaps_one': 'Lỗi lại 1 lần ngay sau khi hết: thẻ này được dùng lại thay vì báo động lần nữa.',
  'alert.for': 'Gửi {people}',
  'alert.escalated': 'Đã chuyển cấp lúc {time} tới {people}',
  'alert.acked_by': '{person} đã xác nhận lúc {time}: không chuyển cấp nữa.',
  'alert.resolved': '**Đã khắc phục** {time}, sau {duration}.',
  'alert.unreachable':
    'Larkgate không liên lạc được nhóm này khi đang lỗi; thẻ này được gửi ngay khi có thể.',
  'alert.button.ack': 'Xác nhận',
  'record.more_fields': 'Còn {count} trường không hiển thị (giới hạn kích thước thẻ).',
  'record.subtitle': 'Chỉ đọc · giai đoạn {stage}',
  'search.title': 'Tìm kiếm · {target}',
  'search.read_only': 'Chỉ đọc',
  'search.matches': '**{count}** bản ghi khớp {query}',
  'search.matches_one': '**1** bản ghi khớp {query}',
  'search.first': 'Đang hiển thị {shown} bản ghi đầu. Thu hẹp tìm kiếm để xem các bản ghi khác.',
  'search.columns': 'Đang hiển thị {shown}/{total} trường; dùng `get` để xem đủ một bản ghi.',
  'search.summary': '{count} bản ghi trong {target}',
  'request.approvals': '**Phê duyệt** đã có {count}/{needed}',
  'request.expires': '· **Hết hạn** {time} ({relative})',
  'request.approved_by': 'Đã duyệt bởi {people}',
  'request.rejected_by': 'Đã từ chối bởi {people}',
  'request.withdrawn': 'Người yêu cầu đã rút lại',
  'outcome.backup': '**Sao lưu** {id} (trạng thái trước, mã hóa OpenPGP)',
  'outcome.verified_records': '**Đã kiểm tra** đọc lại sau khi ghi: mọi trường khớp trạng thái sau đã duyệt',
  'outcome.verified_schema': '**Đã kiểm tra** đọc lại cấu trúc sau khi ghi: khớp trạng thái sau đã duyệt',
  'outcome.verify_failed': '**Kiểm tra thất bại**: {mismatches}',
  'outcome.applied': '**Đã áp dụng** {time}',
  'outcome.stale': '**Dữ liệu đã cũ** {problem}',
  'outcome.problem': '**Sự cố** {problem}',
  'outcome.rolled_back': '**Đã hoàn tác** bởi {id} (`status {id}` cho biết đã khôi phục gì)',
  'progress.line': '**{step}** · {done}/{total} bản ghi · khối {chunk}/{chunks} · {left}',
  'progress.backup_line': '**{step}** · {records} bản ghi',
  'progress.left': 'còn khoảng {seconds} giây',
  'progress.done': 'xong',
  'progress.step.reread': 'Đọc lại',
  'progress.step.backup': 'Sao lưu',
  'progress.step.write': 'Ghi dữ liệu',
  'progress.step.relink': 'Nối lại liên kết',
  'progress.step.readback': 'Đọc kiểm tra',
  // cards (2): the rest of the request card, schema rows, times, the alert's tags, the drill receipt
  'request.tier_stage': '**Cấp rủi ro** {tier} ({meaning}) · **Giai đoạn** {stage}',
  'tier.L0': 'Base thử nghiệm',
  'tier.L1': 'nội bộ, chỉ đọc',
  'tier.L2': 'nội bộ, thao tác hạn chế',
  'tier.L3': 'vận hành thật, phục vụ chủ sở hữu',
  'tier.L4': 'phục vụ khách hàng',
  'tier.L5': 'chịu quản lý theo quy định',
  'request.outdated':
    '**Đã lỗi thời**: {records} đã thay đổi sau khi tạo bản khác biệt này (bởi {by}); nếu được duyệt, yêu cầu này sẽ dừng vì dữ liệu đã cũ.',
  'origin.rollback': '**Hoàn tác** {of}, từ bản sao lưu {backup}',
  'origin.rollback_drill': '**Hoàn tác** {of}, từ bản sao lưu {backup} (diễn tập {drill})',
  'origin.agent': '**Tác tử AI** {agent} yêu cầu thay mặt {user}, vì vậy người này không thể phê duyệt',
  'origin.conflict':
    '**Xung đột**: dữ liệu đích đã thay đổi sau khi {of} được áp dụng; phê duyệt yêu cầu này sẽ ghi đè các thay đổi đó: {conflicts}',
  'origin.drill': '**Diễn tập** {drill} trên môi trường thử nghiệm',
  'origin.reason': '**Lý do** {reason}',
  'request.distinct_groups': 'từ {count} nhóm khác nhau',
  'approvers.nobody': 'chưa cấu hình người phê duyệt nào',
  'approvers.only_requester': 'không có ai ngoài người yêu cầu',
  'approvers.each_group': 'mỗi nhóm trong {count} nhóm phê duyệt cần một người ({groups})',
  'approvers.some_groups': 'từ ít nhất {count} nhóm phê duyệt khác nhau, mỗi nhóm một người ({groups})',
  'approvers.one': 'người duyệt: {people}',
  'approvers.all': 'cả {count} người đều phải duyệt: {people}',
  'approvers.any': '{count} người bất kỳ trong số {people}',
  'request.dry_run_line':
    '{base} đang ở giai đoạn {stage}: thẻ này chỉ là chạy thử, không thể phê duyệt hay thực thi.',
  'request.expired_line': 'Đã hết hạn lúc {time}: hãy gửi lại yêu cầu để xem khác biệt mới.',
  'time.in': 'còn {span}',
  'time.ago': '{span} trước',
  'time.seconds': '{seconds} giây',
  'time.minutes': '{minutes} phút',
  'time.hours': '{hours} giờ {minutes} phút',
  'schema.item.table': 'bảng {name}',
  'schema.item.field': 'trường {name}',
  'schema.item.records': 'bản ghi',
  'schema.property.exists': 'tồn tại',
  'schema.property.definition': 'định nghĩa',
  'schema.property.records': 'bản ghi',
  'schema.property.name': 'tên',
  'schema.property.type': 'kiểu',
  'schema.property.options': 'tùy chọn',
  'schema.property.links_to': 'liên kết tới',
  'schema.property.values': 'giá trị',
  'schema.property.restored': 'khôi phục từ bản sao lưu',
  'schema.yes': 'có',
  'schema.no': 'không',
  'schema.none': '(không có)',
  'schema.every_record': 'mọi bản ghi',
  'schema.in_every_record': 'trong mọi bản ghi',
  'schema.backed_up_deleted': 'sao lưu rồi xóa',
  'schema.values_before_type_change': 'sao lưu trước khi đổi kiểu (hoàn tác sẽ ghi lại)',
  'schema.values_deleted_with_field': 'sao lưu rồi xóa cùng với trường',
  'schema.restore_recreated': 'tạo lại {count} bản ghi (id mới, ánh xạ cũ → mới): {ids}',
  'schema.restore_written': 'ghi lại {count} bản ghi: {ids}',
  'schema.and_more': '{ids} và {count} bản ghi khác',
  'schema.def.options': 'tùy chọn {options}',
  'schema.def.links_to': 'liên kết tới {table}',
  'schema.def.primary': 'trường chính',
  'alert.tag.resolved': 'đã khắc phục',
  'alert.tag.acked': 'đã xác nhận',
  'alert.tag.firing': 'đang báo động',
  'alert.footer': 'cảnh báo {key} · {severity} · sự cố {incident}',
  'drill.title.rollback': 'Diễn tập hoàn tác {drill}',
  'drill.title.schema': 'Diễn tập cấu trúc bảng {drill}',
  'drill.title.batch-delete': 'Diễn tập xóa hàng loạt {drill}',
  'drill.label.passed': 'Đạt',
  'drill.label.failed': 'Không đạt',
  'drill.rollback.passed':
    '**Đạt** trên {base} trong {seconds} giây: {records} bản ghi của {table} được {request} thay đổi rồi được {rollback} hoàn tác, khớp từng byte với ban đầu (sha256 {sha}); đã dỡ bỏ bảng.',
  'drill.rollback.failed': '**Không đạt** trên {base}: {problem} (thay đổi {request}, hoàn tác {rollback}).',
  'drill.evidence.passed': '**Đạt** trên {base} ({table}): {requests}; đã xóa bảng tạm.',
  'drill.evidence.failed': '**Không đạt** trên {base}: {problem}.',
  'drill.no_reason': 'không rõ lý do',
  'alert.kind.redis.title': 'Không kết nối được Redis',
  'alert.kind.redis.check':
    'redis-server có đang chạy không, và máy chủ chạy bot có kết nối tới được không (redis-cli -u $REDIS_URL ping)?',
  'alert.kind.policy.title': 'Chưa tải được chính sách',
  'alert.kind.policy.check':
    'Xem lỗi cấu hình trong nhật ký của bot: lỗi nêu rõ tệp, khóa cấu hình và cách sửa.',
  'alert.kind.audit.file.title': 'Không ghi được tệp nhật ký kiểm toán',
  'alert.kind.audit.file.check':
    'Dung lượng đĩa, quyền truy cập và việc gắn ổ đĩa của thư mục chứa audit.file (df -h, ls -l).',
  'alert.kind.audit.stream.title': 'Luồng kiểm toán trong Redis không nhận sự kiện',
  'alert.kind.audit.stream.check':
    'Bộ nhớ của Redis (INFO memory, maxmemory) và các lỗi XADD trong nhật ký của bot.',
  'alert.kind.audit.lag.title': 'Một nơi lưu nhật ký kiểm toán đang chậm hơn nơi kia',
  'alert.kind.audit.lag.check':
    'Nơi lưu nào đang chậm (thẻ có ghi); tìm "audit sink failed" trong nhật ký của mọi tiến trình.',
  'alert.kind.audit.silence.title': 'Đã quá lâu không có sự kiện kiểm toán',
  'alert.kind.audit.silence.check':
    'Bot và các tiến trình xử lý có đang chạy và nhận lưu lượng không (larkgate logs, /readyz)?',
  'alert.kind.lark.token.title': 'Không truy cập được Lark API: không có tenant_access_token',
  'alert.kind.lark.token.check':
    'Trang trạng thái của Lark và kết nối ra từ máy này tới tên miền Lark; sau đó là khóa bí mật của ứng dụng.',
  'alert.kind.lark.rate_limited.title': 'Lark đang giới hạn tần suất gọi của Larkgate',
  'alert.kind.lark.rate_limited.check':
    'Còn ai khác dùng ứng dụng Lark này (hạn mức dùng chung), và larkgate_lark_rate_limited_total theo từng API.',
  'alert.kind.lark.ws.title': 'Mất kết nối dài hạn tới Lark: sự kiện và lượt bấm không đến',
  'alert.kind.lark.ws.check':
    'Các dòng "long connection" trong nhật ký của bot, và kết nối ra từ máy này tới tên miền Lark (wss).',
  'alert.kind.lark.token_refresh.title': 'Mã truy cập Lark không được gia hạn trước khi hết hạn',
  'alert.kind.lark.token_refresh.check':
    'Đồng hồ của máy chủ (timedatectl) và chi tiết phép thăm dò token-refresh trên thẻ.',
  'alert.kind.workers.title': 'Không có tiến trình xử lý nào đang chạy',
  'alert.kind.workers.check':
    '`larkgate worker` có đang chạy không (systemctl/docker ps), và có kết nối tới Redis được không?',
  'alert.kind.probes.stale.title': 'Các phép thăm dò tổng hợp đã ngừng',
  'alert.kind.probes.stale.check':
    'Các lỗi "probe" trong nhật ký của tiến trình xử lý, và bộ lập lịch tác vụ thăm dò trong Redis.',
  'alert.kind.lark.base_api.title': 'Lark Base API ngừng hoạt động: không đọc được Base nào',
  'alert.kind.lark.base_api.check':
    'Mã lỗi trên thẻ, trạng thái của Lark, và ứng dụng còn quyền truy cập các Base hay không.',
  'alert.kind.base.read.title': 'Base {subject}: không đọc được bản ghi',
  'alert.kind.base.read.check':
    'Mã lỗi trên thẻ: do quyền truy cập (ứng dụng bị gỡ khỏi Base?) hay lỗi phía Lark (5xx)?',
  'alert.kind.drill.age.title': 'Base {subject}: đã quá hạn diễn tập hoàn tác',
  'alert.kind.drill.age.check':
    'Chạy một lần diễn tập hoàn tác và đọc biên nhận của nó trong nhóm chat diễn tập.',
  'alert.kind.drill.failed.title': 'Base {subject}: diễn tập hoàn tác thất bại',
  'alert.kind.drill.failed.check':
    'Sự cố trên thẻ và biên nhận trong nhóm chat diễn tập: bước nào thất bại, và vì sao.',
  'alert.kind.burst.denials.title': 'Nhiều thao tác bị từ chối dồn dập',
  'alert.kind.burst.denials.check':
    'Ai đang bị từ chối và vì sao: xem các sự kiện tool.denied trong nhật ký kiểm toán.',
  'alert.kind.burst.auth_failures.title': 'Nhiều lượt đẩy giả mạo hoặc quá hạn dồn dập',
  'alert.kind.burst.auth_failures.check':
    'Lý do và địa chỉ nguồn của auth.denied: có người dò thử, hay khóa đã được thay?',
  'alert.kind.burst.failed_ops.title': 'Nhiều lượt ghi thất bại hoặc dừng vì dữ liệu cũ dồn dập',
  'alert.kind.burst.failed_ops.check':
    'Các sự kiện op.failed và op.stale: một Base hay tất cả, và sự cố được ghi lại.',
  'alert.kind.burst.verify_failures.title': 'Một lượt ghi đọc lại không khớp với nội dung đã duyệt',
  'alert.kind.burst.verify_failures.check':
    'Yêu cầu có op.verify_failed: so sánh thẻ của nó với Base hiện tại; khôi phục từ bản sao lưu nếu cần.',
  'alert.kind.burst.failed_intake.title': 'Yêu cầu qua chat vẫn thất bại sau mọi lần thử lại',
  'alert.kind.burst.failed_intake.check':
    'Các sự kiện intake.failed: nguyên nhân (Base, Lark, audit) cho biết sự cố nào; người yêu cầu đã được báo.',
  'alert.kind.unknown.title': 'Cảnh báo không xác định {subject}',
  'alert.kind.unknown.check': 'Đọc chi tiết trên thẻ và nhật ký của bộ giám sát.',
  'drill.start.rollback': '🧪 Diễn tập hoàn tác {drill} trên {base} ({trigger}): {table}',
  'drill.start.schema': '🧪 Diễn tập cấu trúc bảng {drill} trên {base}',
  'drill.start.batch-delete': '🧪 Diễn tập xóa hàng loạt {drill} trên {base}',
  // replies: text replies (errors, refusals, help) in the reader's language (helper i18ntext)
  'reply.refused': 'Bị từ chối: {reasons}',
  'reply.nontext': 'Tôi chỉ đọc lệnh dạng văn bản. Gửi "help" để xem danh sách lệnh.',
  'reply.no_request': 'Không có yêu cầu {id}.',
  'reply.no_table': 'Không có bảng "{table}" trong {base}.',
  'reply.no_record': 'Không có bản ghi {id} trong {target}.',
  'reply.no_field': '{target} không có trường "{field}".',
  'reply.no_field_hint': '{target} không có trường "{field}" (có phải ý bạn là "{hint}"?).',
  'reply.nothing_to_change': 'Không có gì để thay đổi: {id} đã có sẵn các giá trị đó.',
  'reply.unwritable': '{field} là trường kiểu {type} nên không thể ghi.',
  'reply.no_match': 'Không có bản ghi nào trong {target} có {condition}.',
  'reply.no_match_empty': 'Không có bản ghi nào trong {target} có {field}=(trống).',
  'reply.no_schema': 'Worker này không hỗ trợ thay đổi cấu trúc bảng.',
  'reply.unknown_person':
    'Lark không biết ai là {people} trong tổ chức này. Hãy @nhắc đến người đó trong tin nhắn; chưa có yêu cầu nào được tạo.',
  'reply.unknown_people':
    'Lark không biết ai là {people} trong tổ chức này. Hãy @nhắc đến những người đó trong tin nhắn; chưa có yêu cầu nào được tạo.',
  'reply.duplicate':
    'Chưa mở yêu cầu: {id} đã yêu cầu đúng thay đổi này và đang chờ phê duyệt. Hãy phê duyệt hoặc từ chối trên thẻ của nó (status {id} để xem); khi nó đã xong mà vẫn cần thì hãy yêu cầu lại.',
  'reply.rollback.not_applied':
    'Chỉ có thể hoàn tác một thay đổi đã áp dụng; {id} đang ở trạng thái "{state}".',
  'reply.rollback.already': '{id} đã được hoàn tác bởi {by}; muốn bỏ lần hoàn tác đó thì hãy hoàn tác {by}.',
  'reply.rollback.no_backup': '{id} không có bản sao lưu nên không thể hoàn tác.',
  'reply.rollback.not_a_change': '{id} không phải là thay đổi mà Larkgate có thể hoàn tác.',
  'reply.rollback.no_key':
    'Muốn hoàn tác cần có backup.private_key trong cấu hình (Larkgate tự giải mã bản sao lưu của mình để dựng thao tác ngược).',
  'reply.rollback.cannot': 'Không thể hoàn tác {id}: {why}',
  'reply.rollback.cannot_backup': 'Không thể hoàn tác {id}: {why}. Chưa có gì bị thay đổi.',
  'reply.backup.integrity':
    'bản sao lưu {backup} không qua được kiểm tra toàn vẹn và không được khôi phục. Hãy tìm một bản có SHA-256 khớp với id trong nhật ký kiểm toán (backup.created) và làm theo {runbook}',
  'reply.backup.missing':
    'bản sao lưu {backup} không có trong kho sao lưu. Hãy đặt lại một bản có SHA-256 khớp với id trong nhật ký kiểm toán ({runbook})',
  'reply.backup.key':
    'không giải mã được bản sao lưu {backup} bằng khóa sao lưu của Larkgate. Hãy kiểm tra backup.private_key, hoặc tự giải mã bằng khóa của một người nhận ({runbook})',
  'reply.toast.foreign_button': 'Nút này không thuộc thẻ của yêu cầu này.',
  'reply.toast.expired': 'Yêu cầu này đã hết hạn: hãy yêu cầu lại để có bản so sánh mới.',
  'reply.toast.base_gone': 'Base này không còn trong chính sách.',
  'reply.toast.busy': 'Có quá nhiều người bấm cùng lúc: vui lòng thử lại.',
  'reply.limit_notice':
    'Bạn đã gửi nhiều yêu cầu hơn mức tôi nhận từ một người cùng lúc ({burst} yêu cầu một lúc, sau đó {perMinute} yêu cầu mỗi phút), nên tôi đã bỏ qua tin nhắn này. Trong {minutes} phút tới, tôi sẽ bỏ qua các tin nhắn vượt mức đó mà không trả lời từng tin. Hãy chờ câu trả lời cho các yêu cầu trước, rồi gửi lại những yêu cầu chưa được trả lời.',
  'reply.intake.failed':
    'Xin lỗi, tôi không xử lý được yêu cầu này: {happened} (đã bỏ cuộc sau {tries}). Chưa có gì bị thay đổi. Hãy gửi lại sau vài phút; nếu vẫn lỗi, hãy báo người trực Larkgate.',
  'reply.intake.failed_rollback':
    'Xin lỗi, tôi không chuẩn bị được việc hoàn tác {id}: {happened} (đã bỏ cuộc sau {tries}). Chưa có gì bị thay đổi. Hãy gửi lại sau vài phút; nếu vẫn lỗi, hãy báo người trực Larkgate.',
  'reply.try': '1 lần thử',
  'reply.tries': '{count} lần thử',
  'reply.intake.cause.base_unavailable': 'Lark Base không phản hồi',
  'reply.intake.cause.base_rate_limited': 'Lark Base liên tục giới hạn tốc độ của Larkgate',
  'reply.intake.cause.lark_unavailable': 'Lark không phản hồi',
  'reply.intake.cause.lark_refused':
    'Lark từ chối quyền truy cập của Larkgate (quyền ứng dụng hoặc thông tin xác thực)',
  'reply.intake.cause.audit_unavailable': 'Larkgate không ghi được nhật ký kiểm toán nên đã không làm gì',
  'reply.intake.cause.policy_unavailable': 'Larkgate chưa nạp chính sách nào',
  'reply.intake.cause.worker_stopped': 'worker của Larkgate liên tục dừng khi đang xử lý',
  'reply.intake.cause.internal': 'Larkgate gặp lỗi nội bộ',
  'reply.value.date': '{field} là trường ngày: {reason}',
  'reply.date.examples':
    'hãy viết 2026-12-01, hoặc giờ kèm múi giờ: 2026-12-01T09:30Z hay 2026-12-01T09:30+08:00',
  'reply.date.no_zone':
    '{input} thiếu múi giờ; hãy thêm Z cho UTC hoặc độ lệch như +08:00 (2026-12-01T09:30+08:00).',
  'reply.date.bad_offset': '{input} có độ lệch múi giờ không hợp lệ; độ lệch chỉ từ -14:00 đến +14:00.',
  'reply.date.year': 'năm {year} nằm ngoài phạm vi; hãy dùng năm bốn chữ số, từ 1000 trở đi.',
  'reply.date.month': 'không có tháng {month}; tháng chỉ từ 01 đến 12.',
  'reply.date.day': '{month} không có ngày {day}; tháng đó có {days} ngày.',
  'reply.date.time': '{time} không phải giờ hợp lệ trong ngày.',
  'reply.date.ambiguous': '{input} không rõ ràng (ngày trước hay tháng trước?); {examples}.',
  'reply.date.time_format':
    'hãy viết giờ dạng HH:MM (hoặc HH:MM:SS) kèm Z hoặc độ lệch múi giờ, ví dụ 2026-12-01T09:30+08:00.',
  'reply.date.date_format':
    'hãy viết ngày dạng YYYY-MM-DD với tháng và ngày đủ hai chữ số, ví dụ 2026-01-05.',
  'reply.date.bare_number': 'một con số đơn lẻ không phải là ngày; {examples}.',
  'reply.date.relative': 'không hỗ trợ ngày tương đối; {examples}.',
  'reply.date.unreadable': 'tôi không đọc được ngày này; {examples}.',
  'reply.value.max_chars': '{field} chứa tối đa {max} ký tự.',
  'reply.value.number': '{field} là trường số: {reason}',
  'reply.number.separators': 'hãy viết {text} không có dấu phân cách hàng nghìn: {fixed}.',
  'reply.number.decimal_point': 'hãy dùng dấu chấm cho phần thập phân: {fixed}.',
  'reply.number.exponent': 'hãy viết đầy đủ con số, không dùng số mũ.',
  'reply.number.percent': 'hãy viết con số không kèm dấu %.',
  'reply.number.not_a_number': '"{text}" không phải là số; hãy viết như 42, -3 hoặc 12.5.',
  'reply.value.number_digits':
    '{field} là trường số: {text} có nhiều chữ số hơn mức Lark lưu chính xác được (khoảng 15 chữ số có nghĩa).',
  'reply.value.max_options': '{field} chứa tối đa {max} tùy chọn.',
  'reply.value.listed_twice': '{field}: {item} bị liệt kê hai lần.',
  'reply.option.case':
    '{field}: "{text}" khớp với {count} tùy chọn chỉ khác nhau ở chữ hoa/thường ({matches}); hãy gõ chính xác một tùy chọn.',
  'reply.option.none_yet':
    '{field} chưa có tùy chọn nào. Tôi chỉ chọn tùy chọn có sẵn; hãy thêm "{text}" trong Lark trước.',
  'reply.option.unknown':
    '{field} không có tùy chọn "{text}". Các tùy chọn: {options}. Tôi không tạo tùy chọn từ chat; hãy thêm tùy chọn mới trong Lark trước.',
  'reply.option.unknown_hint':
    '{field} không có tùy chọn "{text}". Có phải ý bạn là {hint}? Các tùy chọn: {options}. Tôi không tạo tùy chọn từ chat; hãy thêm tùy chọn mới trong Lark trước.',
  'reply.value.more': '(+{count} tùy chọn khác)',
  'reply.value.checkbox':
    '{field} là ô đánh dấu: hãy viết yes hoặc no (hoặc true/false, 1/0, on/off, ✓/✗), không phải "{text}".',
  'reply.value.max_people': '{field} chứa tối đa {max} người.',
  'reply.value.person':
    '{field} là trường người: hãy @nhắc đến người đó trong tin nhắn (nhiều người thì cách nhau bằng dấu phẩy); tôi không nhận ra "{text}" là ai.',
  'reply.value.person_twice': '{field}: cùng một người bị liệt kê hai lần.',
  'reply.value.phone':
    '{field} là trường số điện thoại: hãy dùng chữ số, có thể có dấu + ở đầu, ví dụ +8613800000000.',
  'reply.value.url_scheme':
    '{field} là trường URL: chỉ chấp nhận địa chỉ http và https; hãy viết địa chỉ web như {example}, hoặc {labelled} để hiển thị chữ.',
  'reply.value.url':
    '{field} là trường URL: "{text}" không phải địa chỉ web; hãy viết địa chỉ web như {example}, hoặc {labelled} để hiển thị chữ.',
  'reply.value.max_links': '{field} liên kết tối đa {max} bản ghi.',
  'reply.value.link':
    '{field} liên kết tới bản ghi: hãy đưa record id như recAbc123, cách nhau bằng dấu phẩy; "{text}" không phải record id.',
  'reply.value.read_only': '{field} là trường kiểu {type} nên không thể ghi.',
  'reply.value.read_only_an': '{field} là trường kiểu {type} nên không thể ghi.',
  'reply.value.unsupported': '{field} là trường kiểu {type}; tôi không ghi được loại này từ chat.',
  'reply.value.unsupported_an': '{field} là trường kiểu {type}; tôi không ghi được loại này từ chat.',
  'reply.value.unknown_type': '{field} là trường kiểu {type}; tôi không ghi được loại này từ chat.',
  'reply.search.too_many':
    'Lượt tìm này cần {count} điều kiện (mỗi mục của danh sách tính là một); Lark cho phép tối đa {max}.',
  'reply.search.too_long':
    'Lượt tìm này quá dài đối với Lark ({length} ký tự bộ lọc, tối đa {max}); hãy dùng ít giá trị hơn hoặc giá trị ngắn hơn.',
  'reply.search.unsearchable': '{field} là trường kiểu {type}, và Lark không tìm theo loại trường này được.',
  'reply.search.unsearchable_an':
    '{field} là trường kiểu {type}, và Lark không tìm theo loại trường này được.',
  'reply.search.empty_only':
    '{field} là trường kiểu {type}; tôi chỉ tìm được xem trường này có trống hay không ({field}=).',
  'reply.search.empty_only_an':
    '{field} là trường kiểu {type}; tôi chỉ tìm được xem trường này có trống hay không ({field}=).',
  'reply.search.mismatch': '{field} là trường kiểu {type}; {value} không phải giá trị trường này chứa được.',
  'reply.search.mismatch_an':
    '{field} là trường kiểu {type}; {value} không phải giá trị trường này chứa được.',
  'reply.search.no_field': 'Không có trường "{field}".',
  'reply.search.no_field_hint': 'Không có trường "{field}". Có phải ý bạn là {hint}?',
  'reply.schema.table_delete_stray': 'Thừa {token}: table-delete chỉ nhận <base>/<table>.',
  'reply.schema.field_delete_missing': 'field-delete cần tên của trường cần xóa.',
  'reply.schema.field_delete_stray': 'Thừa {token}: field-delete chỉ nhận một tên trường.',
  'reply.schema.not_schema': '{verb} không phải lệnh thay đổi cấu trúc bảng.',
  'reply.schema.too_many_fields': 'Có {count} trường; một bảng chứa tối đa {max}.',
  'reply.schema.field_twice': '{field} xuất hiện hai lần.',
  'reply.schema.primary':
    'Trường đầu tiên là trường chính của bảng, và Lark chỉ cho phép {allowed} ở đó; {field} là {type}. Hãy đặt một trường văn bản lên đầu, ví dụ Name:text.',
  'reply.schema.other_type': 'trường thuộc kiểu khác',
  'reply.schema.not_definition':
    '{token} không phải định nghĩa trường: hãy viết <Field>:<type>, ví dụ Name:text hoặc Stage:select=Open,Done (tên có dấu cách thì đặt trong ngoặc kép: "Due date":date).',
  'reply.schema.options_after_eq':
    '{field} là {type}: hãy ghi các tùy chọn sau dấu "=", ví dụ {field}:{type}=Open,Done.',
  'reply.schema.link_after_eq':
    '{field} là liên kết: hãy ghi tên bảng được liên kết sau dấu "=", ví dụ {field}:link=tmp_other.',
  'reply.schema.nothing_after_eq':
    '{field} là trường {type}, không nhận gì sau dấu "=" (chỉ trường chọn nhận tùy chọn, và liên kết nhận một bảng).',
  'reply.schema.field_create_missing':
    'field-create cần tên và kiểu của trường mới, ví dụ Priority select options=Low,High.',
  'reply.schema.field_create_type': 'field-create cần kiểu đứng sau tên trường: {types}.',
  'reply.schema.options_needed': '{field} là {type}: hãy ghi các tùy chọn, ví dụ options=Low,High.',
  'reply.schema.options_only_select': 'options= chỉ dùng cho trường select và multi-select.',
  'reply.schema.link_table_needed':
    '{field} là liên kết: hãy ghi tên bảng được liên kết, ví dụ table=tmp_other.',
  'reply.schema.table_only_link': 'table= chỉ dùng cho trường liên kết.',
  'reply.schema.field_update_missing': 'field-update cần tên của trường cần sửa.',
  'reply.schema.field_update_empty':
    'field-update cần ít nhất một thay đổi: name=<tên mới>, type=<kiểu>, options=a,b hoặc table=<bảng>.',
  'reply.schema.not_setting': '{token} không thuộc {allowed}.',
  'reply.schema.setting_twice': '{key}= xuất hiện hai lần.',
  'reply.schema.setting_empty': '{key}= cần một giá trị.',
  'reply.schema.options_empty': 'Hãy ghi ít nhất một tùy chọn, ví dụ options=Low,High.',
  'reply.schema.too_many_options': 'Có {count} tùy chọn; tối đa {max}.',
  'reply.schema.option_empty':
    'Có một tùy chọn bị trống: hãy viết tùy chọn dạng a,b,c, giữa hai dấu phẩy phải có nội dung.',
  'reply.schema.option_twice': 'Tùy chọn {option} bị liệt kê hai lần.',
  'reply.schema.unknown_type': 'Tôi không biết kiểu trường "{word}". Các kiểu: {types}.',
  'reply.schema.unknown_type_hint':
    'Tôi không biết kiểu trường "{word}". Có phải ý bạn là {hint}? Các kiểu: {types}.',
  'reply.schema.not_field_name': '{token} không phải tên trường (tên có chứa "=" thì đặt trong ngoặc kép).',
  'reply.schema.field_name_empty': 'Tên trường không được để trống.',
  'reply.schema.field_name_long': 'Tên trường dài tối đa {max} ký tự.',
  'reply.toast.approved': 'Đã phê duyệt: thay đổi đã vào hàng đợi và sẽ được sao lưu, ghi rồi kiểm tra lại.',
  'reply.toast.withdrawn': 'Đã rút lại.',
  'reply.toast.rejected': 'Đã từ chối: sẽ không có gì được ghi.',
  'reply.toast.vote_recorded': 'Đã ghi nhận phiếu: {count}/{needed} lượt phê duyệt.',
  'reply.toast.preparing_rollback':
    'Đang chuẩn bị hoàn tác {id}: thẻ so sánh của nó sẽ xuất hiện ở đây và cần được phê duyệt.',
  'reply.toast.acked': 'Đã xác nhận: ngừng chuyển cấp cảnh báo.',
  'reply.toast.already_acked': 'Đã được xác nhận rồi.',
  'reply.toast.alert_resolved': 'Cảnh báo này đã được khắc phục.',
  'reply.toast.ack_unrecorded':
    'Larkgate chưa ghi nhận được Ack lúc này (bản sao này không kết nối được Redis): hãy bấm Ack lại sau một phút.',
  'reply.toast.alert_closed': 'Cảnh báo này không còn mở.',
  'reply.toast.audit_down':
    'Larkgate chưa ghi nhận được thao tác bấm lúc này (nhật ký kiểm toán không khả dụng). Chưa có gì thay đổi: hãy thử lại sau một phút.',
  'reply.toast.store_down':
    'Larkgate chưa ghi nhận được thao tác bấm lúc này (không kết nối được kho lưu trữ). Chưa có gì thay đổi: hãy thử lại sau một phút.',
  'reply.toast.already_handled': 'Đã được xử lý rồi.',
  'reply.rollback.foreign_backup': 'bản sao lưu {backup} không thuộc về {id}',
  'reply.rollback.nothing_notes': 'không có gì để hoàn tác: {notes}',
  'reply.rollback.nothing': 'không có gì để hoàn tác: các bản ghi đã có giá trị trước đó rồi',
  'reply.rollback.record_gone':
    '{id} không còn tồn tại: không thể hoàn tác một lần cập nhật lên bản ghi đã bị xóa',
  'reply.toast.unreadable_click': 'Larkgate không đọc được thao tác bấm này.',
  'reply.plan.table_exists': '{base} đã có một bảng tên là {table}.',
  'reply.plan.table_name_long': 'Tên bảng dài tối đa {max} ký tự.',
  'reply.plan.last_table': '{table} là bảng duy nhất của {base}, và Lark luôn giữ lại ít nhất một bảng.',
  'reply.plan.field_exists': '{target} đã có một trường tên là {field}.',
  'reply.plan.no_field': '{target} không có trường nào tên là {field}.',
  'reply.plan.primary_delete': '{field} là trường chính của {table}, Lark không cho xóa trường này.',
  'reply.plan.no_change': '{field} đã đúng như bạn yêu cầu: sẽ không có gì thay đổi.',
  'reply.plan.name_taken': 'Đã có một trường tên là {field}.',
  'reply.plan.primary_type': '{field} là trường chính, không thể đổi sang kiểu {type}.',
  'reply.plan.options_needed': 'Trường {type} cần có tùy chọn: options=a,b.',
  'reply.plan.link_needed': 'Trường liên kết cần có bảng được liên kết: table=<bảng>.',
  'reply.plan.no_link_table': 'Không có bảng "{table}" để liên kết tới.',
  'reply.state.pending': 'đang chờ duyệt',
  'reply.state.dry_run': 'chỉ chạy thử',
  'reply.state.approved': 'đã duyệt',
  'reply.state.executing': 'đang chạy',
  'reply.state.applied': 'đã áp dụng',
  'reply.state.verify_failed': 'kiểm tra thất bại',
  'reply.state.stale': 'dữ liệu đã cũ',
  'reply.state.failed': 'thất bại',
  'reply.state.needs_review': 'cần người xử lý',
  'reply.state.rejected': 'đã bị từ chối',
  'reply.state.expired': 'đã hết hạn',
  'reply.tier.L0': 'Base thử nghiệm / sandbox',
  'reply.tier.L1': 'nội bộ, chỉ đọc',
  'reply.tier.L2': 'nội bộ, thao tác có giới hạn',
  'reply.tier.L3': 'sản xuất, phục vụ chủ sở hữu',
  'reply.tier.L4': 'phục vụ khách hàng',
  'reply.tier.L5': 'chịu quản lý theo quy định',
  'reply.day': '1 ngày',
  'reply.days': '{count} ngày',
  'reply.deny.ambiguous_target':
    '"{table}" trùng với {count} bảng trên {base} ({matches}): hãy chỉ rõ bảng bạn muốn bằng table id',
  'reply.deny.direct_messages_off': 'tin nhắn riêng đang bị tắt: hãy hỏi trong một nhóm yêu cầu',
  'reply.deny.not_a_request_chat':
    'nhóm chat này không phải nhóm yêu cầu của Larkgate: hãy hỏi trong một trong các nhóm yêu cầu đã cấu hình',
  'reply.deny.unknown_base': 'không có base "{base}" trong chính sách (hiện có: {known})',
  'reply.deny.unknown_table': 'bảng "{table}" không được phép trên {base} (được phép: {allowed})',
  'reply.deny.unknown_table_temp':
    'bảng "{table}" không được phép trên {base} (được phép: {allowed}, hoặc bảng tạm có tên {prefix}…)',
  'reply.deny.tier_forbids_writes': '{base} thuộc cấp {tier} ({meaning}): không được ghi',
  'reply.deny.read_only_stage': '{base} đang ở giai đoạn read-only: chỉ được đọc, không nhận yêu cầu ghi',
  'reply.deny.requester_not_allowed': 'bạn không có trong danh sách người được yêu cầu của {base}',
  'reply.deny.batch_over_ceiling':
    '{count} bản ghi vượt quá giới hạn hàng loạt {max} (lark-api-limits.yaml): hãy thu hẹp điều kiện',
  'reply.deny.over_record_ceiling': '{count} bản ghi vượt quá mức {base} cho phép trong một yêu cầu ({max})',
  'reply.deny.marker_not_configured':
    '{base} chưa cấu hình dấu đánh dấu (marker) nên không được xóa hàng loạt ở đó',
  'reply.deny.marker_missing':
    'mọi bản ghi phải có {marker} mới được xóa hàng loạt; các bản ghi sau thì không: {records}',
  'reply.deny.marker_missing_more':
    'mọi bản ghi phải có {marker} mới được xóa hàng loạt; các bản ghi sau thì không: {records} và {more} bản ghi khác',
  'reply.deny.stage_limited_requester':
    '{base} đang ở giai đoạn limited: chỉ những người yêu cầu có tên trong danh sách mới được ghi',
  'reply.deny.stage_limited_op': '{base} đang ở giai đoạn limited: chỉ được chạy {ops}, không được chạy {op}',
  'reply.deny.listed_record_ops': 'các thao tác bản ghi trong danh sách',
  'reply.deny.stage_limited_ceiling':
    '{base} đang ở giai đoạn limited: tối đa {max} bản ghi mỗi yêu cầu, yêu cầu này động đến {count}',
  'reply.deny.request_not_pending': 'yêu cầu này đang ở trạng thái "{state}": đã đóng bỏ phiếu',
  'reply.deny.request_expired': 'yêu cầu này đã hết hạn: hãy yêu cầu lại để có bản so sánh mới',
  'reply.deny.scope_mismatch':
    'thẻ này hiển thị phiên bản cũ của yêu cầu: thay đổi thực tế không phải điều bạn định phê duyệt',
  'reply.deny.base_gone': 'base "{base}" không còn trong chính sách',
  'reply.deny.only_people_vote': 'chỉ người thật mới được bỏ phiếu',
  'reply.deny.drill_request':
    'các yêu cầu của một cuộc diễn tập do trình chạy diễn tập phê duyệt, không phải con người',
  'reply.deny.self_approval_agent':
    'một agent thay mặt bạn đã yêu cầu thay đổi này nên bạn không thể tự phê duyệt',
  'reply.deny.self_approval': 'bạn là người yêu cầu thay đổi này nên không thể tự phê duyệt',
  'reply.deny.not_an_approver': 'bạn không phải người phê duyệt của {base}',
  'reply.deny.already_voted': 'bạn đã bỏ phiếu cho yêu cầu này rồi',
  'reply.deny.stage_no_approval': '{base} đang ở giai đoạn {stage}: không có gì được phê duyệt',
  'reply.deny.schema_not_staging':
    '{base} không phải base staging: thay đổi cấu trúc chỉ chạy trên sandbox ({sandboxes}), với các bảng có tên {prefix}…',
  'reply.deny.no_staging_base': 'chưa cấu hình base staging nào',
  'reply.deny.schema_not_temp':
    'thay đổi cấu trúc chỉ chạy trên bảng tạm, có tên bắt đầu bằng {prefix}; "{table}" thì không',
  'reply.deny.schema_over_ceiling':
    'thay đổi này sao lưu hoặc khôi phục {count} bản ghi, vượt quá giới hạn hàng loạt {max} (lark-api-limits.yaml)',
  'reply.deny.drill_unreadable':
    '{base} thuộc cấp {tier}: muốn ghi cần một cuộc diễn tập hoàn tác đã đạt trong {window} gần nhất, nhưng không đọc được bằng chứng diễn tập: hãy chạy `larkgate drill --once`',
  'reply.deny.drill_overdue':
    'chưa có cuộc diễn tập hoàn tác nào đạt trong {window} gần nhất: hãy chạy `larkgate drill --once`',
  'reply.parse.with_usage': '{error}\nCách dùng: {usage}',
  'reply.parse.not_text': 'Tôi không đọc được tin nhắn đó dưới dạng văn bản.',
  'reply.parse.too_long':
    'Tin nhắn quá dài: tôi chỉ đọc lệnh dài tối đa {max} ký tự. Hãy chia thành các yêu cầu nhỏ hơn.',
  'reply.parse.unclosed_quote':
    'Dấu ngoặc kép mở ở {at} chưa được đóng. Hãy thêm dấu " đóng, hoặc viết \\" cho dấu ngoặc kép nằm trong giá trị.',
  'reply.parse.get_stray': 'Thừa {token} sau record id: get chỉ hiển thị mỗi lần một bản ghi.',
  'reply.parse.get_stray_pair':
    'Thừa {token} sau record id: get chỉ hiển thị một bản ghi (muốn sửa trường thì dùng update).',
  'reply.parse.create_with_id':
    'create tạo bản ghi mới nên không nhận record id; muốn sửa {id} hãy dùng update {target} {id} Field=value.',
  'reply.parse.create_empty': 'create cần ít nhất một Field=value cho bản ghi mới, ví dụ Title="Call ACME".',
  'reply.parse.update_empty': 'update cần ít nhất một Field=value để thay đổi, ví dụ Status=Done.',
  'reply.parse.delete_empty': 'delete cần id của ít nhất một bản ghi, ví dụ recAbc123.',
  'reply.parse.delete_condition':
    'delete nhận record id, không nhận {token}; muốn xóa các bản ghi khớp một điều kiện hãy dùng batch-delete {target} {condition}.',
  'reply.parse.delete_too_many': 'Có {count} record id; mỗi lệnh delete nhận tối đa {max}. Hãy chia nhỏ ra.',
  'reply.parse.listed_twice': '{id} bị liệt kê hai lần.',
  'reply.parse.batch_with_id':
    'batch-delete nhận một điều kiện Field=value, không nhận record id; muốn xóa {id} hãy dùng delete {target} {id}.',
  'reply.parse.batch_empty': 'batch-delete cần một điều kiện Field=value cho biết xóa những bản ghi nào.',
  'reply.parse.batch_several':
    'batch-delete nhận đúng một điều kiện Field=value, nhưng lại có {count}. Nếu cần nhiều điều kiện, hãy xem trước các bản ghi khớp bằng search.',
  'reply.parse.request_id_missing':
    '{verb} cần một request id, ví dụ req_abcdefgh2345 (có trên thẻ của yêu cầu).',
  'reply.parse.not_request_id':
    '{token} không phải request id: request id có dạng req_abcdefgh2345 (req_ và thêm 12 chữ cái hoặc chữ số), và thẻ của mỗi yêu cầu đều ghi id của nó.',
  'reply.parse.request_stray': 'Thừa {token} sau request id: {verb} chỉ nhận một request id.',
  'reply.parse.table_missing': '{verb} cần một bảng, viết dạng <base>/<table>, ví dụ crm/Tasks.',
  'reply.parse.table_before_pairs':
    '{verb} cần bảng đứng trước mọi Field=value, viết dạng <base>/<table>, ví dụ crm/Tasks.',
  'reply.parse.table_before_id':
    '{verb} cần bảng đứng trước record id: {verb} crm/Tasks {id} (thay bằng base và bảng của bạn).',
  'reply.parse.not_a_table':
    '{token} không phải bảng: hãy viết <base>/<table>, ví dụ crm/Tasks, và đặt trong ngoặc kép nếu tên bảng có dấu cách: "crm/Open Deals".',
  'reply.parse.no_base': '{token} thiếu base trước dấu "/": hãy viết <base>/<table>, ví dụ crm/Tasks.',
  'reply.parse.no_table': '{token} thiếu bảng sau dấu "/": hãy viết <base>/<table>, ví dụ crm/Tasks.',
  'reply.parse.record_id_missing': '{verb} cần record id sau bảng, ví dụ recAbc123.',
  'reply.parse.id_before_pairs':
    '{verb} cần record id đứng trước các cặp Field=value: {verb} {target} recAbc123 {pair}.',
  'reply.parse.not_record_id':
    '{token} không phải record id: record id là "rec" theo sau là chữ cái và chữ số, ví dụ recAbc123.',
  'reply.parse.too_many_conditions': 'Có {count} điều kiện; mỗi yêu cầu nhận tối đa {max}.',
  'reply.parse.too_many_fields': 'Có {count} trường; mỗi yêu cầu nhận tối đa {max}.',
  'reply.parse.no_field_name':
    '{token} thiếu tên trường trước dấu "=". Hãy viết Field=value, không có dấu cách quanh "=", và đặt tên có dấu cách trong ngoặc kép: "Due Date"=2026-12-01.',
  'reply.parse.field_twice': '{field} xuất hiện hai lần; mỗi trường chỉ ghi một lần.',
  'reply.parse.not_pair':
    '{token} không phải cặp Field=value. Hãy viết Field=value, và đặt giá trị có dấu cách trong ngoặc kép: Title="Call ACME".',
  'reply.parse.not_pair_space':
    '{token} không phải cặp Field=value. Nếu ý bạn là {field}={next}, hãy bỏ dấu cách sau "=".',
  'reply.parse.not_pair_people':
    '{token} không phải cặp Field=value. Muốn nêu nhiều người, hãy ngăn cách bằng dấu phẩy, không có dấu cách: {field}={value},{next}.',
  'reply.parse.not_pair_quote':
    '{token} không phải cặp Field=value. Nếu nó thuộc về {name}, hãy đặt cả giá trị trong ngoặc kép: {field}="{value} {next}".',
  'reply.parse.unknown_verb_suggest': 'Tôi không biết lệnh {token}. Có phải ý bạn là {verb}?',
  'reply.parse.unknown_verb': 'Tôi không biết lệnh {token}. Gửi help để xem danh sách lệnh.',
  'reply.help.values': [
    'Giá trị:',
    '• Đặt giá trị hoặc tên trường có dấu cách trong ngoặc kép: Title="Call ACME", "Due Date"=2026-12-01. Trong ngoặc kép, viết \\" cho dấu ngoặc kép và \\\\ cho dấu gạch chéo ngược.',
    '• Field= hoặc Field="" để xóa trống trường.',
    '• Số: 42, -3, 12.5 (không dùng dấu phân cách hàng nghìn).',
    '• Ngày: 2026-12-01 (nửa đêm UTC) hoặc kèm giờ và múi giờ: 2026-12-01T09:30+08:00, 2026-12-01T01:30Z.',
    '• Ô đánh dấu: yes/no (hoặc true/false, 1/0, on/off, ✓/✗).',
    '• Chọn một: một tùy chọn có sẵn (không phân biệt hoa thường). Chọn nhiều: các tùy chọn cách nhau bằng dấu phẩy: Tags=Urgent,Sales. Tùy chọn mới được thêm trong Lark, không phải từ chat.',
    '• Người: @nhắc đến họ; nhiều người: Owner=@Bob,@Alice.',
    '• Liên kết bản ghi: các record id cách nhau bằng dấu phẩy. Liên kết web: https://… hoặc text|https://….',
    '• Các trường công thức, tra cứu, ngày tạo/sửa và số tự động do Lark tính nên không thể đặt giá trị.',
  ].join('\n'),
  'reply.help.schema': [
    'Thay đổi cấu trúc bảng (table-create, table-delete, field-create, field-update, field-delete):',
    '• Chỉ trên base staging (sandbox), và chỉ trên các bảng có tên bắt đầu bằng tiền tố bảng tạm, ví dụ tmp_trial. Bảng tạm không cần khai báo trong chính sách.',
    '• Mỗi thay đổi đều hiện thẻ xem trước và cần phê duyệt. Cấu trúc bảng, cùng dữ liệu bị mất do xóa hoặc đổi kiểu, được sao lưu trước; rollback <request_id> để hoàn tác.',
    '• Kiểu trường: {types}.',
    '• Tùy chọn của trường chọn: Stage:select=Open,Done trong table-create, options=Open,Done trong field-create và field-update. Liên kết ghi tên một bảng cùng base: Parent:link=tmp_other, hoặc table=tmp_other.',
  ].join('\n'),
  'reply.help.type_alias': '{name} (hoặc {alias})',
  'reply.help.unknown_topic': 'Tôi không có hướng dẫn nào về "{topic}".',
  'reply.help.sentence': 'Công dụng: {text}.',
  'reply.help.examples': 'Ví dụ:',
  'reply.help.aliases': 'Cũng có thể dùng: {aliases}.',
  'reply.help.value_syntax': 'Cách viết giá trị: help values.',
  'reply.help.no_bases': 'Chưa cấu hình base nào.',
  'reply.help.bases_title': 'Base và bảng (viết dạng <base>/<table>):',
  'reply.help.more_tables': '(+{count} bảng nữa)',
  'reply.help.no_tables': 'chưa liệt kê bảng nào',
  'reply.help.stage.dry-run': 'chỉ có thẻ so sánh, không chạy gì',
  'reply.help.stage.read-only': 'chỉ đọc',
  'reply.help.stage.limited': 'chỉ người và thao tác trong danh sách mới được ghi',
  'reply.help.stage.live': 'đọc và ghi sau khi được duyệt',
  'reply.help.notes.get': 'Đọc không cần phê duyệt.',
  'reply.help.notes.search': [
    'Không có điều kiện thì liệt kê các bản ghi.',
    'Văn bản, số và trường chọn một phải khớp chính xác; với danh sách (chọn nhiều, người, liên kết), mỗi giá trị bạn đưa ra phải có trong ô.',
    'Field= tìm các bản ghi có trường đó để trống. Tối đa 50 điều kiện.',
  ].join('\n'),
  'reply.help.notes.create':
    'Tôi trả lời bằng một thẻ xem trước; chưa có gì được ghi cho đến khi được phê duyệt.',
  'reply.help.notes.update':
    'Chỉ các trường bạn nêu mới thay đổi. Field= (hoặc Field="") để xóa trống một trường.',
  'reply.help.notes.delete': 'Tối đa 100 record id. Dữ liệu được sao lưu trước nên có thể hoàn tác.',
  'reply.help.notes.batch-delete': [
    'Mọi bản ghi khớp phải mang marker của base, nếu không sẽ không xóa gì cả.',
    'Đúng một điều kiện Field=value. Dữ liệu được sao lưu trước nên có thể hoàn tác.',
  ].join('\n'),
  'reply.help.notes.table-create': [
    'Thay đổi cấu trúc chỉ chạy trên base staging, và chỉ trên các bảng có tên bắt đầu bằng tiền tố bảng tạm (tmp_).',
    'Trường đầu tiên là trường chính (text, number, date, phone hoặc url); nếu không nêu trường nào, bảng sẽ có Name:text.',
    'Tùy chọn của trường chọn đứng sau "=": Stage:select=Open,Done. Liên kết ghi tên bảng của nó: Parent:link=tmp_other.',
    'Các kiểu: text, number, select, multi-select, date, checkbox, user, phone, url, link.',
  ].join('\n'),
  'reply.help.notes.table-delete':
    'Các trường và mọi bản ghi của bảng được sao lưu trước, nên hoàn tác sẽ tạo lại chúng.',
  'reply.help.notes.field-create': [
    'Các kiểu: text, number, select, multi-select, date, checkbox, user, phone, url, link.',
    'Trường chọn cần options=…; liên kết cần table=<bảng cùng base>.',
  ].join('\n'),
  'reply.help.notes.field-update':
    'Tùy chọn mới thay thế cả danh sách (tùy chọn nào bạn bỏ ra sẽ bị xóa). Giá trị bị mất do đổi kiểu được sao lưu, và hoàn tác sẽ ghi lại chúng.',
  'reply.help.notes.field-delete':
    'Giá trị của trường trong mọi bản ghi được sao lưu trước, nên hoàn tác sẽ tạo lại trường cùng các giá trị đó.',
  'reply.help.notes.rollback':
    'Request id có trên thẻ của yêu cầu. Việc hoàn tác được xem trước và phê duyệt như mọi thao tác ghi.',
};
