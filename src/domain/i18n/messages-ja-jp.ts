import type { Messages } from './messages-en-us.js';

/** 日本語 (ja_jp). Same keys and placeholders as messages-en-us.ts. */
export const messagesJaJp: Messages = {
  'state.pending': '承認待ち',
  'state.dry_run': 'ドライランのみ',
  'state.approved': '承認済み・実行待ち',
  'state.executing': '実行中',
  'state.applied': '適用・検証済み',
  'state.verify_failed': '適用済み・検証失敗',
  'state.stale': '未適用：データが古い',
  'state.failed': '失敗',
  'state.needs_review': '要対応',
  'state.rejected': '却下',
  'state.expired': '期限切れ',
  'state.rolled_back': '{id} によりロールバック済み',
  'verb.create': '作成',
  'verb.update': '更新',
  'verb.delete': '削除',
  'verb.batch-delete': '一括削除',
  'verb.table.create': 'テーブル作成',
  'verb.table.delete': 'テーブル削除',
  'verb.field.create': 'フィールド作成',
  'verb.field.update': 'フィールド変更',
  'verb.field.delete': 'フィールド削除',
  'request.title.rollback': '{id} のロールバック · {target}',
  'request.what.schema': '{target} で{verb}',
  'request.what.rollback': '{id} のロールバック：{what}',
  'request.column.record': 'レコード',
  'request.column.item': '項目',
  'request.column.field': 'フィールド',
  'request.column.property': 'プロパティ',
  'request.column.before': '変更前',
  'request.column.after': '変更後',
  'request.button.approve': '承認',
  'request.button.reject': '却下',
  'request.button.rollback': 'ロールバック',
  'request.confirm.approve': 'この変更を承認しますか？',
  'request.confirm.rollback': 'ロールバックを準備しますか？',
  'request.confirm.rollback_text': 'ロールバックは新しいリクエストです。差分を確認のうえ、承認が必要です。',
  'request.drill_note':
    'このリクエストはドリル実行者が自動で承認します（監査記録付きの承認）。ボタン操作は不要です。',
  'request.snapshot.pending':
    'ステータスのスナップショットです。承認・却下はリクエスト本体のカードで行ってください。',
  'request.snapshot': '現時点のステータスのスナップショットです。',
  'request.ask_again': '最新の差分を得るには、もう一度リクエストしてください。',
  'request.what.records': '{target} の {count} 件のレコードを{verb}',
  'request.what.record': '{target} の 1 件のレコードを{verb}',
  'request.subject.records': '**{target}** の {count} 件のレコードを**{verb}**',
  'request.subject.record': '**{target}** の 1 件のレコードを**{verb}**',
  'request.subject.schema': '**{target}** で**{verb}**（サンドボックスのスキーマ変更）',
  'request.asked_by': '{subject}（依頼者：{user}）',
  'request.hidden_rows_one':
    '{total} 件のフィールド変更のうち {shown} 件を表示中（残り 1 件のレコードの {hidden} 件は非表示）。スコープハッシュはすべてを対象とし、`status {id}` で残りを一覧できます。',
  'request.hidden_rows':
    '{total} 件のフィールド変更のうち {shown} 件を表示中（残り {hiddenRecords} 件のレコードの {hidden} 件は非表示）。スコープハッシュはすべてを対象とし、`status {id}` で残りを一覧できます。',
  'request.footer_scope': 'スコープ',
  'help.summary.get': 'レコードを 1 件表示',
  'help.summary.search': '指定したすべてのフィールドが値と一致するレコードを検索',
  'help.summary.create': 'レコードを追加（承認が必要）',
  'help.summary.update': 'レコードのフィールドを変更（承認が必要）',
  'help.summary.delete': 'ID を指定してレコードを削除（承認が必要）',
  'help.summary.batch-delete': '1 つの条件に一致するレコードをすべて削除（承認が必要）',
  'help.summary.table-create': 'サンドボックスに一時テーブルを作成（承認が必要）',
  'help.summary.table-delete': 'サンドボックスの一時テーブルを削除（承認が必要）',
  'help.summary.field-create': 'サンドボックスの一時テーブルにフィールドを追加（承認が必要）',
  'help.summary.field-update': '一時テーブルのフィールド名・型・選択肢を変更（承認が必要）',
  'help.summary.field-delete': '一時テーブルのフィールドを削除（承認が必要）',
  'help.summary.rollback': '適用済みのリクエストをバックアップから元に戻す（承認が必要）',
  'help.summary.status': 'リクエストの状況を表示（承認待ち・承認済み・適用済み …）',
  'help.summary.help': 'このヘルプ、または各コマンドの詳細',
  'help.title': 'Larkgate のコマンド（グループでは @メンション、または直接メッセージで）：',
  'help.also': '次の書き方も使えます：',
  'help.quote':
    'スペースを含む値は引用符で囲みます（Title="Call ACME"）。Field= でフィールドを空に、人は @メンションで指定。詳しくは help values。',
  'help.writes':
    '書き込みはまずプレビューカードを表示し、承認後にのみ実行されます。スキーマ変更：help schema。',
  'help.details': 'コマンドの詳細：help <コマンド>（例：help update）。',
  'help.example': '例：',
  'alert.label.resolved': '解決済み',
  'alert.label.acked': '発生中・確認済み',
  'alert.label.firing': '発生中',
  'alert.what': '**問題：**{text}',
  'alert.since': '**発生時刻：**{time}（{relative}）',
  'alert.check': '**まず確認：**{text}',
  'alert.runbook': '**手順書：**{link}',
  'alert.flaps': '解消直後に {count} 回再発：再度呼び出さず、このカードを使い回します。',
  'alert.flaps_one': '解消直後に 1 回再発：再度呼び出さず、このカードを使い回します。',
  'alert.for': '宛先：{people}',
  'alert.escalated': '{time} に {people} へエスカレーション',
  'alert.acked_by': '{person} が {time} に確認済み：これ以上エスカレーションしません。',
  'alert.resolved': '**解決** {time}（{duration} 後）。',
  'alert.unreachable':
    '障害中、Larkgate はこのチャットに届けられませんでした。届けられるようになった時点でこのカードを送信しました。',
  'alert.button.ack': '確認',
  'record.more_fields': 'ほか {count} 件のフィールドは非表示（カードサイズの上限）。',
  'record.subtitle': '読み取り専用 · ステージ {stage}',
  'search.title': '検索 · {target}',
  'search.read_only': '読み取り専用',
  'search.matches': '**{count}** 件のレコードが {query} に一致',
  'search.matches_one': '**1** 件のレコードが {query} に一致',
  'search.first': '先頭の {shown} 件を表示中。ほかを見るには検索条件を絞り込んでください。',
  'search.columns':
    '{total} 件中 {shown} 件のフィールドを表示中。すべて見るにはレコードを `get` してください。',
  'search.summary': '{target} の {count} 件のレコード',
  'request.approvals': '**承認** {count}/{needed} 件',
  'request.expires': '· **期限** {time}（{relative}）',
  'request.approved_by': '承認者：{people}',
  'request.rejected_by': '却下者：{people}',
  'request.withdrawn': '依頼者が取り下げました',
  'outcome.backup': '**バックアップ** {id}（OpenPGP で暗号化した変更前の状態）',
  'outcome.verified_records':
    '**検証済み** 書き込み後に読み戻し：すべてのフィールドが承認された変更後の状態と一致',
  'outcome.verified_schema': '**検証済み** 書き込み後にスキーマを読み戻し：承認された変更後の状態と一致',
  'outcome.verify_failed': '**検証失敗**：{mismatches}',
  'outcome.applied': '**適用** {time}',
  'outcome.stale': '**データが古い** {problem}',
  'outcome.problem': '**問題** {problem}',
  'outcome.rolled_back': '**ロールバック済み**（{id}、`status {id}` で復元内容を確認）',
  'progress.line': '**{step}** · レコード {done}/{total} · チャンク {chunk}/{chunks} · {left}',
  'progress.backup_line': '**{step}** · {records} 件のレコード',
  'progress.left': '残り約 {seconds} 秒',
  'progress.done': '完了',
  'progress.step.reread': '再読み込み',
  'progress.step.backup': 'バックアップ',
  'progress.step.write': '書き込み',
  'progress.step.relink': 'リンクの再設定',
  'progress.step.readback': '読み戻し検証',
  // cards (2): the rest of the request card, schema rows, times, the alert's tags, the drill receipt
  'request.tier_stage': '**ティア** {tier}（{meaning}）· **ステージ** {stage}',
  'tier.L0': '検証用・サンドボックスの Base',
  'tier.L1': '社内・読み取り専用',
  'tier.L2': '社内・限定操作',
  'tier.L3': 'オーナー向け本番環境',
  'tier.L4': '顧客向け',
  'tier.L5': '規制対象',
  'request.outdated':
    '**古い差分**：{records} はこの差分の作成後に {by} によって変更されました。承認しても、このリクエストはデータが古いため中止されます。',
  'origin.rollback': '{of} の**ロールバック**（バックアップ {backup} から）',
  'origin.rollback_drill': '{of} の**ロールバック**（バックアップ {backup} から、ドリル {drill}）',
  'origin.agent': '**エージェント** {agent} が {user} に代わって依頼したため、この人は承認できません',
  'origin.conflict':
    '**競合**：{of} の適用後に対象が変更されています。承認するとそれらの変更は上書きされます：{conflicts}',
  'origin.drill': 'サンドボックスでの**ドリル** {drill}',
  'origin.reason': '**理由** {reason}',
  'request.distinct_groups': '{count} つの異なるグループから',
  'approvers.nobody': '承認者が設定されていません',
  'approvers.only_requester': '依頼者本人のみ',
  'approvers.each_group': '{count} つの承認グループから各 1 人（{groups}）',
  'approvers.some_groups': '少なくとも {count} つの異なる承認グループから各 1 人（{groups}）',
  'approvers.one': '承認者：{people}',
  'approvers.all': '{count} 人全員の承認が必要：{people}',
  'approvers.any': '{people} のうち任意の {count} 人',
  'request.dry_run_line':
    '{base} は {stage} ステージです。このカードはドライランで、承認も実行もできません。',
  'request.expired_line': '{time} に期限切れ：最新の差分を得るには、もう一度リクエストしてください。',
  'time.in': 'あと {span}',
  'time.ago': '{span}前',
  'time.seconds': '{seconds} 秒',
  'time.minutes': '{minutes} 分',
  'time.hours': '{hours} 時間 {minutes} 分',
  'schema.item.table': 'テーブル {name}',
  'schema.item.field': 'フィールド {name}',
  'schema.item.records': 'レコード',
  'schema.property.exists': '存在',
  'schema.property.definition': '定義',
  'schema.property.records': 'レコード',
  'schema.property.name': '名前',
  'schema.property.type': '型',
  'schema.property.options': '選択肢',
  'schema.property.links_to': 'リンク先',
  'schema.property.values': '値',
  'schema.property.restored': 'バックアップから復元',
  'schema.yes': 'あり',
  'schema.no': 'なし',
  'schema.none': '（なし）',
  'schema.every_record': 'すべてのレコード',
  'schema.in_every_record': 'すべてのレコードの値',
  'schema.backed_up_deleted': 'バックアップ後に削除',
  'schema.values_before_type_change': '型の変更前にバックアップ（ロールバックで書き戻し）',
  'schema.values_deleted_with_field': 'バックアップ後、フィールドごと削除',
  'schema.restore_recreated': '{count} 件のレコードを再作成（新しい ID、旧 → 新を対応付け）：{ids}',
  'schema.restore_written': '{count} 件のレコードを書き戻し：{ids}',
  'schema.and_more': '{ids} ほか {count} 件',
  'schema.def.options': '選択肢 {options}',
  'schema.def.links_to': 'リンク先 {table}',
  'schema.def.primary': 'プライマリ',
  'alert.tag.resolved': '解決済み',
  'alert.tag.acked': '確認済み',
  'alert.tag.firing': '発生中',
  'alert.footer': 'アラート {key} · {severity} · インシデント {incident}',
  'drill.title.rollback': 'ロールバックドリル {drill}',
  'drill.title.schema': 'スキーマドリル {drill}',
  'drill.title.batch-delete': '一括削除ドリル {drill}',
  'drill.label.passed': '成功',
  'drill.label.failed': '失敗',
  'drill.rollback.passed':
    '**成功**（{base}、{seconds} 秒）：{request} が {table} の {records} 件のレコードを変更し、{rollback} がロールバック。変更前とバイト単位で一致（sha256 {sha}）。テーブルは撤去済み。',
  'drill.rollback.failed': '**失敗**（{base}）：{problem}（変更 {request}、ロールバック {rollback}）。',
  'drill.evidence.passed': '**成功**（{base}、{table}）：{requests}。一時テーブルは削除済み。',
  'drill.evidence.failed': '**失敗**（{base}）：{problem}。',
  'drill.no_reason': '理由不明',
  'alert.kind.redis.title': 'Redis に接続できません',
  'alert.kind.redis.check':
    'redis-server は動いていて、ボットのホストから到達できますか（redis-cli -u $REDIS_URL ping）？',
  'alert.kind.policy.title': 'ポリシーが読み込まれていません',
  'alert.kind.policy.check':
    'ボットのログで設定エラーを確認してください。ファイル、キー、直し方が書かれています。',
  'alert.kind.audit.file.title': '監査ファイルに書き込めません',
  'alert.kind.audit.file.check':
    'audit.file を置いたフォルダのディスク容量、権限、マウント状態（df -h, ls -l）。',
  'alert.kind.audit.stream.title': 'Redis の監査ストリームがイベントを受け付けていません',
  'alert.kind.audit.stream.check':
    'Redis のメモリ（INFO memory, maxmemory）と、ボットのログにある XADD のエラー。',
  'alert.kind.audit.lag.title': '監査の保存先の一方がもう一方より遅れています',
  'alert.kind.audit.lag.check':
    'どちらが遅れているか（カードに記載）。すべてのプロセスのログで "audit sink failed" を探してください。',
  'alert.kind.audit.silence.title': '監査イベントが長時間ありません',
  'alert.kind.audit.silence.check':
    'ボットとワーカーは動いていて、トラフィックを受けていますか（larkgate logs, /readyz）？',
  'alert.kind.lark.token.title': 'Lark API に到達できません：tenant_access_token がありません',
  'alert.kind.lark.token.check':
    'Lark のステータスページと、このホストから Lark ドメインへの外向き通信。次にアプリのシークレット。',
  'alert.kind.lark.rate_limited.title': 'Lark が Larkgate をレート制限しています',
  'alert.kind.lark.rate_limited.check':
    'この Lark アプリをほかに誰が使っているか（クォータは共有）、エンドポイント別の larkgate_lark_rate_limited_total。',
  'alert.kind.lark.ws.title': 'Lark との長期接続がありません：イベントもクリックも届きません',
  'alert.kind.lark.ws.check':
    'ボットのログの "long connection" の行と、このホストから Lark ドメインへの外向き通信（wss）。',
  'alert.kind.lark.token_refresh.title': 'Lark のトークンが期限切れ前に更新されていません',
  'alert.kind.lark.token_refresh.check':
    'ホストの時計（timedatectl）と、カードにある token-refresh プローブの詳細。',
  'alert.kind.workers.title': 'ワーカーが 1 つも動いていません',
  'alert.kind.workers.check':
    '`larkgate worker` は動いていますか（systemctl/docker ps）。Redis に接続できますか？',
  'alert.kind.probes.stale.title': '合成プローブが止まっています',
  'alert.kind.probes.stale.check':
    'ワーカーのログにある "probe" のエラーと、Redis にあるプローブのジョブスケジューラ。',
  'alert.kind.lark.base_api.title': 'Lark Base API が停止：どの Base も読み取れません',
  'alert.kind.lark.base_api.check':
    'カードのエラーコード、Lark の稼働状況、アプリがまだ各 Base にアクセスできるか。',
  'alert.kind.base.read.title': 'Base {subject}：レコードを読み取れません',
  'alert.kind.base.read.check':
    'カードのエラーコード：権限の問題（アプリが Base から外された？）か、Lark 側の問題（5xx）か。',
  'alert.kind.drill.age.title': 'Base {subject}：ロールバックドリルの期限切れ',
  'alert.kind.drill.age.check':
    'ロールバックドリルを実行し、ドリル用チャットでその結果報告を確認してください。',
  'alert.kind.drill.failed.title': 'Base {subject}：ロールバックドリル失敗',
  'alert.kind.drill.failed.check':
    'カードの問題とドリル用チャットの結果報告：どのステップが、なぜ失敗したか。',
  'alert.kind.burst.denials.title': '拒否された操作が急増',
  'alert.kind.burst.denials.check': '誰がなぜ拒否されているか：監査ログの tool.denied イベント。',
  'alert.kind.burst.auth_failures.title': '偽造または古いプッシュが急増',
  'alert.kind.burst.auth_failures.check':
    'auth.denied の理由と送信元アドレス：誰かが探りを入れているのか、鍵がローテーションされたのか。',
  'alert.kind.burst.failed_ops.title': '書き込みの失敗・データが古いための中止が急増',
  'alert.kind.burst.failed_ops.check':
    'op.failed と op.stale のイベント：1 つの Base か全部か、記録された問題は何か。',
  'alert.kind.burst.verify_failures.title': '書き込みの読み戻しが承認内容と一致しません',
  'alert.kind.burst.verify_failures.check':
    'op.verify_failed のリクエスト：そのカードと現在の Base を比べ、必要ならバックアップから復元してください。',
  'alert.kind.burst.failed_intake.title': 'チャットからの依頼がすべての再試行後も失敗',
  'alert.kind.burst.failed_intake.check':
    'intake.failed のイベント：原因（Base、Lark、audit）がどの障害かを示します。依頼者には通知済みです。',
  'alert.kind.unknown.title': '不明なアラート {subject}',
  'alert.kind.unknown.check': 'カードの詳細とモニターのログを確認してください。',
  'drill.start.rollback': '🧪 ロールバックドリル {drill}（{base}、{trigger}）：{table}',
  'drill.start.schema': '🧪 スキーマドリル {drill}（{base}）',
  'drill.start.batch-delete': '🧪 一括削除ドリル {drill}（{base}）',
  // replies: text replies (errors, refusals, help) in the reader's language (helper i18ntext)
  'reply.refused': '拒否しました：{reasons}',
  'reply.nontext': 'テキストのコマンドのみ読み取ります。コマンド一覧は "help" と送ってください。',
  'reply.no_request': 'リクエスト {id} はありません。',
  'reply.no_table': '{base} にテーブル "{table}" はありません。',
  'reply.no_record': '{target} にレコード {id} はありません。',
  'reply.no_field': '{target} にフィールド "{field}" はありません。',
  'reply.no_field_hint': '{target} にフィールド "{field}" はありません（"{hint}" のことですか？）。',
  'reply.nothing_to_change': '変更はありません：{id} はすでにその値です。',
  'reply.unwritable': '{field} は {type} 型のフィールドのため、書き込めません。',
  'reply.no_match': '{target} に {condition} のレコードはありません。',
  'reply.no_match_empty': '{target} に {field} が空のレコードはありません。',
  'reply.no_schema': 'このワーカーではスキーマ変更を利用できません。',
  'reply.unknown_person':
    '{people} はこの組織で Lark が知らない人です。代わりにメッセージでその人を @メンションしてください。リクエストは作成していません。',
  'reply.unknown_people':
    '{people} はこの組織で Lark が知らない人です。代わりにメッセージでその人たちを @メンションしてください。リクエストは作成していません。',
  'reply.duplicate':
    '作成しませんでした：{id} がまったく同じ変更を申請済みで、承認待ちです。そのカードで承認または却下してください（status {id} で確認できます）。決着後もまだ必要なら、改めて申請してください。',
  'reply.rollback.not_applied': 'ロールバックできるのは適用済みの変更だけです。{id} は「{state}」です。',
  'reply.rollback.already':
    '{id} は {by} によってロールバック済みです。そのロールバックを取り消すには {by} をロールバックしてください。',
  'reply.rollback.no_backup': '{id} にはバックアップがないため、ロールバックできません。',
  'reply.rollback.not_a_change': '{id} は Larkgate がロールバックできる変更ではありません。',
  'reply.rollback.no_key':
    'ロールバックには設定の backup.private_key が必要です（Larkgate は自分のバックアップを復号して逆操作を組み立てます）。',
  'reply.rollback.cannot': '{id} をロールバックできません：{why}',
  'reply.rollback.cannot_backup': '{id} をロールバックできません：{why}。何も変更していません。',
  'reply.backup.integrity':
    'バックアップ {backup} は整合性チェックに失敗したため、復元してはいけません。監査ログ（backup.created）の id と SHA-256 が一致するコピーを探し、{runbook} に従ってください',
  'reply.backup.missing':
    'バックアップ {backup} がバックアップストアにありません。監査ログの id と SHA-256 が一致するコピーを戻してください（{runbook}）',
  'reply.backup.key':
    'バックアップ {backup} を Larkgate のバックアップ鍵で復号できません。 backup.private_key を確認するか、受信者の鍵で手動で復号してください（{runbook}）',
  'reply.toast.foreign_button': 'このボタンはこのリクエストのカードのものではありません。',
  'reply.toast.expired': 'このリクエストは期限切れです。新しい差分を得るために改めて申請してください。',
  'reply.toast.base_gone': 'この base はもうポリシーにありません。',
  'reply.toast.busy': '同時にクリックした人が多すぎます。もう一度お試しください。',
  'reply.limit_notice':
    '1 人から一度に受け付ける数を超えるリクエストが送られたため（一度に {burst} 件、その後は 1 分あたり {perMinute} 件）、このメッセージはスキップしました。今後 {minutes} 分間は、上限を超えたメッセージには個別に返信せずスキップします。先に送ったリクエストへの返信を待ってから、返信のなかったものを改めて送ってください。',
  'reply.intake.failed':
    '申し訳ありません。このリクエストを処理できませんでした：{happened}（{tries}試して断念）。何も変更していません。数分後にもう一度送ってください。それでも失敗する場合は Larkgate の当番に連絡してください。',
  'reply.intake.failed_rollback':
    '申し訳ありません。{id} のロールバックを準備できませんでした：{happened}（{tries}試して断念）。何も変更していません。数分後にもう一度送ってください。それでも失敗する場合は Larkgate の当番に連絡してください。',
  'reply.try': '1 回',
  'reply.tries': '{count} 回',
  'reply.intake.cause.base_unavailable': 'Lark Base が応答しませんでした',
  'reply.intake.cause.base_rate_limited': 'Lark Base が Larkgate へのレート制限を続けました',
  'reply.intake.cause.lark_unavailable': 'Lark が応答しませんでした',
  'reply.intake.cause.lark_refused':
    'Lark が Larkgate のアクセスを拒否しました（アプリの権限または認証情報）',
  'reply.intake.cause.audit_unavailable': 'Larkgate が監査ログを書き込めなかったため、何も行いませんでした',
  'reply.intake.cause.policy_unavailable': 'Larkgate にポリシーが読み込まれていませんでした',
  'reply.intake.cause.worker_stopped': 'Larkgate のワーカーが処理中に停止を繰り返しました',
  'reply.intake.cause.internal': 'Larkgate で内部エラーが発生しました',
  'reply.value.date': '{field} は日付フィールドです：{reason}',
  'reply.date.examples':
    '2026-12-01、またはタイムゾーン付きの時刻（2026-12-01T09:30Z や 2026-12-01T09:30+08:00）で書いてください',
  'reply.date.no_zone':
    '{input} にはタイムゾーンがありません。 UTC なら Z を、または +08:00 のようなオフセットを付けてください（2026-12-01T09:30+08:00）。',
  'reply.date.bad_offset':
    '{input} のタイムゾーンのオフセットはありえない値です。オフセットは -14:00 から +14:00 までです。',
  'reply.date.year': '{year} 年は範囲外です。1000 年以降の 4 桁の年を使ってください。',
  'reply.date.month': '{month} 月はありません。月は 01 から 12 までです。',
  'reply.date.day': '{month} に {day} 日はありません。この月は {days} 日までです。',
  'reply.date.time': '{time} は時刻として正しくありません。',
  'reply.date.ambiguous': '{input} はあいまいです（日と月のどちらが先？）。{examples}。',
  'reply.date.time_format':
    '時刻は HH:MM（または HH:MM:SS）の後に Z かオフセットを付けて書いてください。例：2026-12-01T09:30+08:00。',
  'reply.date.date_format': '日付は月と日を 2 桁にして YYYY-MM-DD の形で書いてください。例：2026-01-05。',
  'reply.date.bare_number': '数字だけでは日付になりません。{examples}。',
  'reply.date.relative': '相対的な日付には対応していません。{examples}。',
  'reply.date.unreadable': '日付として読み取れません。{examples}。',
  'reply.value.max_chars': '{field} は最大 {max} 文字です。',
  'reply.value.number': '{field} は数値フィールドです：{reason}',
  'reply.number.separators': '{text} は桁区切りなしで書いてください：{fixed}。',
  'reply.number.decimal_point': '小数点にはピリオドを使ってください：{fixed}。',
  'reply.number.exponent': '指数表記を使わずに数値をすべて書いてください。',
  'reply.number.percent': '% 記号を付けずに数値を書いてください。',
  'reply.number.not_a_number': '"{text}" は数値ではありません。42、-3、12.5 のように書いてください。',
  'reply.value.number_digits':
    '{field} は数値フィールドです：{text} は Lark が正確に保存できる桁数（有効数字約 15 桁）を超えています。',
  'reply.value.max_options': '{field} の選択肢は最大 {max} 個です。',
  'reply.value.listed_twice': '{field}：{item} が 2 回指定されています。',
  'reply.option.case':
    '{field}："{text}" は大文字小文字だけが違う {count} 個の選択肢（{matches}）に一致します。どれか 1 つを正確に入力してください。',
  'reply.option.none_yet':
    '{field} にはまだ選択肢がありません。既存の選択肢しか選べないので、先に Lark で "{text}" を追加してください。',
  'reply.option.unknown':
    '{field} に選択肢 "{text}" はありません。選択肢：{options}。チャットから選択肢は作りません。新しい選択肢は先に Lark で追加してください。',
  'reply.option.unknown_hint':
    '{field} に選択肢 "{text}" はありません。{hint} のことですか？選択肢：{options}。チャットから選択肢は作りません。新しい選択肢は先に Lark で追加してください。',
  'reply.value.more': '（ほか {count} 個）',
  'reply.value.checkbox':
    '{field} はチェックボックスです：yes か no（true/false、1/0、on/off、✓/✗ も可）で書いてください。"{text}" は使えません。',
  'reply.value.max_people': '{field} は最大 {max} 人です。',
  'reply.value.person':
    '{field} はユーザーフィールドです：メッセージでその人を @メンションしてください（複数ならカンマ区切り）。"{text}" が誰かはわかりません。',
  'reply.value.person_twice': '{field}：同じ人が 2 回指定されています。',
  'reply.value.phone':
    '{field} は電話番号フィールドです：数字（先頭に + も可）で書いてください。例：+8613800000000。',
  'reply.value.url_scheme':
    '{field} は URL フィールドです：http と https のアドレスだけ使えます。{example} のように書くか、テキストを表示するなら {labelled} と書いてください。',
  'reply.value.url':
    '{field} は URL フィールドです："{text}" は Web アドレスではありません。{example} のように書くか、テキストを表示するなら {labelled} と書いてください。',
  'reply.value.max_links': '{field} がリンクできるレコードは最大 {max} 件です。',
  'reply.value.link':
    '{field} はレコードへのリンクです：recAbc123 のような record id をカンマ区切りで指定してください。"{text}" は record id ではありません。',
  'reply.value.read_only': '{field} は {type} 型のフィールドのため、書き込めません。',
  'reply.value.read_only_an': '{field} は {type} 型のフィールドのため、書き込めません。',
  'reply.value.unsupported': '{field} は {type} 型のフィールドです。この型はチャットから書き込めません。',
  'reply.value.unsupported_an': '{field} は {type} 型のフィールドです。この型はチャットから書き込めません。',
  'reply.value.unknown_type': '{field} は型 {type} のフィールドです。この型はチャットから書き込めません。',
  'reply.search.too_many':
    'この検索には {count} 個の条件が必要です（リストの各項目を 1 つと数えます）。 Lark の上限は {max} 個です。',
  'reply.search.too_long':
    'この検索は Lark には長すぎます（フィルター {length} 文字、上限 {max} 文字）。値を減らすか短くしてください。',
  'reply.search.unsearchable': '{field} は {type} 型のフィールドで、Lark はこの型では検索できません。',
  'reply.search.unsearchable_an': '{field} は {type} 型のフィールドで、Lark はこの型では検索できません。',
  'reply.search.empty_only':
    '{field} は {type} 型のフィールドです。この型は空かどうかしか検索できません（{field}=）。',
  'reply.search.empty_only_an':
    '{field} は {type} 型のフィールドです。この型は空かどうかしか検索できません（{field}=）。',
  'reply.search.mismatch':
    '{field} は {type} 型のフィールドです。{value} はこのフィールドに入る値ではありません。',
  'reply.search.mismatch_an':
    '{field} は {type} 型のフィールドです。{value} はこのフィールドに入る値ではありません。',
  'reply.search.no_field': 'フィールド "{field}" はありません。',
  'reply.search.no_field_hint': 'フィールド "{field}" はありません。{hint} のことですか？',
  'reply.schema.table_delete_stray': '{token} は不要です。 table-delete が取るのは <base>/<table> だけです。',
  'reply.schema.field_delete_missing': 'field-delete には削除するフィールドの名前が必要です。',
  'reply.schema.field_delete_stray': '{token} は不要です。 field-delete が取るフィールド名は 1 つです。',
  'reply.schema.not_schema': '{verb} はスキーマ変更のコマンドではありません。',
  'reply.schema.too_many_fields': 'フィールドが {count} 個あります。1 つのテーブルは最大 {max} 個です。',
  'reply.schema.field_twice': '{field} が 2 回出てきます。',
  'reply.schema.primary':
    '最初のフィールドはテーブルの主フィールドで、Lark が許可するのは {allowed} だけです。{field} は {type} です。 Name:text のようにテキストのフィールドを先頭に置いてください。',
  'reply.schema.other_type': '別の型のフィールド',
  'reply.schema.not_definition':
    '{token} はフィールドの定義ではありません。 Name:text や Stage:select=Open,Done のように <Field>:<type> と書いてください（空白を含む名前は引用符で囲みます："Due date":date）。',
  'reply.schema.options_after_eq':
    '{field} は {type} です。"=" の後に選択肢を書いてください。例：{field}:{type}=Open,Done。',
  'reply.schema.link_after_eq':
    '{field} はリンクです。"=" の後にリンク先のテーブルを書いてください。例：{field}:link=tmp_other。',
  'reply.schema.nothing_after_eq':
    '{field} は {type} 型のフィールドで、"=" の後には何も書けません（選択肢を取るのは選択型、テーブルを取るのはリンクだけです）。',
  'reply.schema.field_create_missing':
    'field-create には新しいフィールドの名前と型が必要です。例：Priority select options=Low,High。',
  'reply.schema.field_create_type': 'field-create ではフィールド名の後に型が必要です：{types}。',
  'reply.schema.options_needed': '{field} は {type} です。選択肢を指定してください。例：options=Low,High。',
  'reply.schema.options_only_select': 'options= は select と multi-select のフィールド専用です。',
  'reply.schema.link_table_needed':
    '{field} はリンクです。リンク先のテーブルを指定してください。例：table=tmp_other。',
  'reply.schema.table_only_link': 'table= はリンクのフィールド専用です。',
  'reply.schema.field_update_missing': 'field-update には変更するフィールドの名前が必要です。',
  'reply.schema.field_update_empty':
    'field-update には少なくとも 1 つの変更が必要です：name=<新しい名前>、type=<型>、options=a,b、table=<テーブル>。',
  'reply.schema.not_setting': '{token} は {allowed} のいずれでもありません。',
  'reply.schema.setting_twice': '{key}= が 2 回出てきます。',
  'reply.schema.setting_empty': '{key}= には値が必要です。',
  'reply.schema.options_empty': '選択肢を少なくとも 1 つ指定してください。例：options=Low,High。',
  'reply.schema.too_many_options': '選択肢が {count} 個あります。最大 {max} 個です。',
  'reply.schema.option_empty':
    '空の選択肢があります。 a,b,c のように、カンマとカンマの間を空けずに書いてください。',
  'reply.schema.option_twice': '選択肢 {option} が 2 回指定されています。',
  'reply.schema.unknown_type': 'フィールドの型 "{word}" はわかりません。型：{types}。',
  'reply.schema.unknown_type_hint':
    'フィールドの型 "{word}" はわかりません。{hint} のことですか？型：{types}。',
  'reply.schema.not_field_name':
    '{token} はフィールド名ではありません（"=" を含む名前は引用符で囲んでください）。',
  'reply.schema.field_name_empty': 'フィールド名は空にできません。',
  'reply.schema.field_name_long': 'フィールド名は最大 {max} 文字です。',
  'reply.toast.approved':
    '承認しました：変更はキューに入り、バックアップ、書き込み、検証の順に実行されます。',
  'reply.toast.withdrawn': '取り下げました。',
  'reply.toast.rejected': '却下しました：何も書き込まれません。',
  'reply.toast.vote_recorded': '投票を記録しました：承認 {count}/{needed} 件。',
  'reply.toast.preparing_rollback':
    '{id} のロールバックを準備中です：差分カードがこの後ここに表示され、承認が必要です。',
  'reply.toast.acked': '確認しました：エスカレーションを停止しました。',
  'reply.toast.already_acked': 'すでに確認済みです。',
  'reply.toast.alert_resolved': 'このアラートはすでに解消しています。',
  'reply.toast.ack_unrecorded':
    'Larkgate は今この Ack を記録できません（このレプリカから Redis に接続できません）：1 分後にもう一度 Ack を押してください。',
  'reply.toast.alert_closed': 'このアラートはもう開いていません。',
  'reply.toast.audit_down':
    'Larkgate は今クリックを記録できません（監査ログが使えません）。何も変更していません：1 分後にもう一度お試しください。',
  'reply.toast.store_down':
    'Larkgate は今クリックを記録できません（ストアに接続できません）。何も変更していません：1 分後にもう一度お試しください。',
  'reply.toast.already_handled': 'すでに処理済みです。',
  'reply.rollback.foreign_backup': 'バックアップ {backup} は {id} のものではありません',
  'reply.rollback.nothing_notes': 'ロールバックするものはありません：{notes}',
  'reply.rollback.nothing': 'ロールバックするものはありません：レコードはすでに以前の値です',
  'reply.rollback.record_gone': '{id} はもう存在しません：削除されたレコードに更新のロールバックはできません',
  'reply.toast.unreadable_click': 'Larkgate はこのクリックを読み取れませんでした。',
  'reply.plan.table_exists': '{base} にはすでに {table} という名前のテーブルがあります。',
  'reply.plan.table_name_long': 'テーブル名は最大 {max} 文字です。',
  'reply.plan.last_table':
    '{table} は {base} の唯一のテーブルで、Lark は少なくとも 1 つのテーブルを残します。',
  'reply.plan.field_exists': '{target} にはすでに {field} という名前のフィールドがあります。',
  'reply.plan.no_field': '{target} に {field} という名前のフィールドはありません。',
  'reply.plan.primary_delete': '{field} は {table} の主フィールドで、Lark では削除できません。',
  'reply.plan.no_change': '{field} はすでに指定どおりです：何も変わりません。',
  'reply.plan.name_taken': '{field} という名前のフィールドはすでにあります。',
  'reply.plan.primary_type': '{field} は主フィールドのため、{type} 型にはできません。',
  'reply.plan.options_needed': '{type} 型には選択肢が必要です：options=a,b。',
  'reply.plan.link_needed': 'リンクにはリンク先のテーブルが必要です：table=<テーブル>。',
  'reply.plan.no_link_table': 'リンク先のテーブル "{table}" はありません。',
  'reply.state.pending': '承認待ち',
  'reply.state.dry_run': 'ドライランのみ',
  'reply.state.approved': '承認済み',
  'reply.state.executing': '実行中',
  'reply.state.applied': '適用済み',
  'reply.state.verify_failed': '検証失敗',
  'reply.state.stale': 'データが古い',
  'reply.state.failed': '失敗',
  'reply.state.needs_review': '要確認',
  'reply.state.rejected': '却下',
  'reply.state.expired': '期限切れ',
  'reply.tier.L0': '検証用 / サンドボックスの Base',
  'reply.tier.L1': '社内・読み取り専用',
  'reply.tier.L2': '社内・限定操作',
  'reply.tier.L3': 'オーナー向け本番',
  'reply.tier.L4': '顧客向け',
  'reply.tier.L5': '規制対象',
  'reply.day': '1 日',
  'reply.days': '{count} 日',
  'reply.deny.ambiguous_target':
    '"{table}" は {base} の {count} 個のテーブル（{matches}）に該当します。目的のテーブルを table id で指定してください',
  'reply.deny.direct_messages_off':
    'ダイレクトメッセージは無効です。リクエスト用のチャットで依頼してください',
  'reply.deny.not_a_request_chat':
    'このチャットは Larkgate のリクエスト用チャットではありません。設定済みのリクエスト用チャットで依頼してください',
  'reply.deny.unknown_base': 'ポリシーに base "{base}" はありません（登録済み：{known}）',
  'reply.deny.unknown_table': '{base} ではテーブル "{table}" は許可されていません（許可：{allowed}）',
  'reply.deny.unknown_table_temp':
    '{base} ではテーブル "{table}" は許可されていません（許可：{allowed}、または {prefix}… という名前の一時テーブル）',
  'reply.deny.tier_forbids_writes': '{base} は {tier}（{meaning}）のため、書き込みは拒否されます',
  'reply.deny.read_only_stage':
    '{base} は read-only ステージです。読み取りのみで、書き込みリクエストは受け付けません',
  'reply.deny.requester_not_allowed': 'あなたは {base} の申請者リストに入っていません',
  'reply.deny.batch_over_ceiling':
    '{count} 件のレコードは一括処理の上限 {max}（lark-api-limits.yaml）を超えています。条件を絞り込んでください',
  'reply.deny.over_record_ceiling':
    '{count} 件のレコードは、{base} が 1 回のリクエストで許可する件数（{max}）を超えています',
  'reply.deny.marker_not_configured': '{base} にはマーカーが設定されていないため、一括削除はできません',
  'reply.deny.marker_missing':
    '一括削除するには、すべてのレコードに {marker} が必要です。次のレコードにはありません：{records}',
  'reply.deny.marker_missing_more':
    '一括削除するには、すべてのレコードに {marker} が必要です。次のレコードにはありません：{records} ほか {more} 件',
  'reply.deny.stage_limited_requester':
    '{base} は limited ステージです。書き込めるのはリストにある申請者だけです',
  'reply.deny.stage_limited_op':
    '{base} は limited ステージです。実行できるのは {ops} のみで、{op} はできません',
  'reply.deny.listed_record_ops': 'リストにあるレコード操作',
  'reply.deny.stage_limited_ceiling':
    '{base} は limited ステージです。1 回のリクエストは最大 {max} 件ですが、今回は {count} 件に及びます',
  'reply.deny.request_not_pending': 'このリクエストは「{state}」のため、投票は締め切られています',
  'reply.deny.request_expired': 'このリクエストは期限切れです。新しい差分を得るために改めて申請してください',
  'reply.deny.scope_mismatch':
    'このカードはリクエストの古い版を表示しています。実際の変更は、あなたが承認しようとしている内容と異なります',
  'reply.deny.base_gone': 'base "{base}" はもうポリシーにありません',
  'reply.deny.only_people_vote': '投票できるのは人だけです',
  'reply.deny.drill_request': '訓練自身のリクエストは人ではなく訓練ランナーが承認します',
  'reply.deny.self_approval_agent': 'この変更はあなたの代理の agent が申請したため、あなたは承認できません',
  'reply.deny.self_approval': 'この変更はあなたが申請したため、あなたは承認できません',
  'reply.deny.not_an_approver': 'あなたは {base} の承認者ではありません',
  'reply.deny.already_voted': 'このリクエストにはすでに投票済みです',
  'reply.deny.stage_no_approval': '{base} は {stage} ステージのため、何も承認できません',
  'reply.deny.schema_not_staging':
    '{base} は staging の base ではありません。スキーマ変更はサンドボックス（{sandboxes}）上の、{prefix}… という名前のテーブルでのみ行えます',
  'reply.deny.no_staging_base': 'staging の base が設定されていません',
  'reply.deny.schema_not_temp':
    'スキーマ変更は名前が {prefix} で始まる一時テーブルでのみ行えます。"{table}" は該当しません',
  'reply.deny.schema_over_ceiling':
    'この変更では {count} 件のレコードをバックアップまたは復元する必要があり、一括処理の上限 {max}（lark-api-limits.yaml）を超えています',
  'reply.deny.drill_unreadable':
    '{base} は {tier} です。書き込みには直近 {window}以内に合格したロールバック訓練が必要ですが、訓練の記録を読み取れませんでした。`larkgate drill --once` を実行してください',
  'reply.deny.drill_overdue':
    '直近 {window}以内に合格したロールバック訓練がありません。`larkgate drill --once` を実行してください',
  'reply.parse.with_usage': '{error}\n使い方：{usage}',
  'reply.parse.not_text': 'そのメッセージをテキストとして読み取れませんでした。',
  'reply.parse.too_long':
    'メッセージが長すぎます。読み取れるコマンドは {max} 文字までです。小さなリクエストに分けてください。',
  'reply.parse.unclosed_quote':
    '{at} から始まる引用符が閉じられていません。閉じる " を追加するか、引用符で囲んだ値の中の引用符は \\" と書いてください。',
  'reply.parse.get_stray': 'record id の後に {token} は不要です。 get は一度に 1 件のレコードを表示します。',
  'reply.parse.get_stray_pair':
    'record id の後に {token} は不要です。 get は 1 件のレコードを表示します（フィールドを変更するには update を使ってください）。',
  'reply.parse.create_with_id':
    'create は新しいレコードを作るため、record id は取りません。{id} を変更するには update {target} {id} Field=value を使ってください。',
  'reply.parse.create_empty':
    'create には新しいレコードの Field=value が少なくとも 1 つ必要です。例：Title="Call ACME"。',
  'reply.parse.update_empty': 'update には変更する Field=value が少なくとも 1 つ必要です。例：Status=Done。',
  'reply.parse.delete_empty': 'delete には少なくとも 1 件のレコードの id が必要です。例：recAbc123。',
  'reply.parse.delete_condition':
    'delete が取るのは record id で、{token} ではありません。条件に一致するレコードを削除するには batch-delete {target} {condition} を使ってください。',
  'reply.parse.delete_too_many':
    'record id が {count} 個あります。1 回の delete は最大 {max} 個です。分けてください。',
  'reply.parse.listed_twice': '{id} が 2 回指定されています。',
  'reply.parse.batch_with_id':
    'batch-delete が取るのは Field=value の条件 1 つで、record id ではありません。{id} を削除するには delete {target} {id} を使ってください。',
  'reply.parse.batch_empty': 'batch-delete には、削除するレコードを示す Field=value の条件が 1 つ必要です。',
  'reply.parse.batch_several':
    'batch-delete が取る Field=value の条件はちょうど 1 つですが、{count} 個ありました。複数の条件が必要なら、まず search で一致するレコードを確認してください。',
  'reply.parse.request_id_missing':
    '{verb} には request id が必要です。例：req_abcdefgh2345（リクエストのカードに表示されています）。',
  'reply.parse.not_request_id':
    '{token} は request id ではありません。 request id は req_abcdefgh2345 のような形式（req_ に英数字 12 文字）で、各リクエストのカードに表示されています。',
  'reply.parse.request_stray': 'request id の後に {token} は不要です。{verb} が取る request id は 1 つです。',
  'reply.parse.table_missing':
    '{verb} にはテーブルが必要です。<base>/<table> の形で書いてください。例：crm/Tasks。',
  'reply.parse.table_before_pairs':
    '{verb} では Field=value より前にテーブルが必要です。<base>/<table> の形で書いてください。例：crm/Tasks。',
  'reply.parse.table_before_id':
    '{verb} では record id より前にテーブルが必要です：{verb} crm/Tasks {id}（base とテーブルはご自身のものに）。',
  'reply.parse.not_a_table':
    '{token} はテーブルではありません。<base>/<table> の形で書き（例：crm/Tasks）、テーブル名に空白がある場合は引用符で囲んでください："crm/Open Deals"。',
  'reply.parse.no_base':
    '{token} には "/" の前に base がありません。<base>/<table> の形で書いてください。例：crm/Tasks。',
  'reply.parse.no_table':
    '{token} には "/" の後にテーブルがありません。<base>/<table> の形で書いてください。例：crm/Tasks。',
  'reply.parse.record_id_missing': '{verb} にはテーブルの後に record id が必要です。例：recAbc123。',
  'reply.parse.id_before_pairs':
    '{verb} では Field=value より前に record id が必要です：{verb} {target} recAbc123 {pair}。',
  'reply.parse.not_record_id':
    '{token} は record id ではありません。 record id は "rec" の後に英数字が続く形式です。例：recAbc123。',
  'reply.parse.too_many_conditions': '条件が {count} 個あります。1 回のリクエストは最大 {max} 個です。',
  'reply.parse.too_many_fields': 'フィールドが {count} 個あります。1 回のリクエストは最大 {max} 個です。',
  'reply.parse.no_field_name':
    '{token} には "=" の前にフィールド名がありません。"=" の前後に空白を入れずに Field=value と書き、空白を含む名前は引用符で囲んでください："Due Date"=2026-12-01。',
  'reply.parse.field_twice': '{field} が 2 回出てきます。各フィールドは 1 回だけ指定してください。',
  'reply.parse.not_pair':
    '{token} は Field=value の形ではありません。 Field=value と書き、空白を含む値は引用符で囲んでください：Title="Call ACME"。',
  'reply.parse.not_pair_space':
    '{token} は Field=value の形ではありません。{field}={next} のつもりなら、"=" の後の空白を削除してください。',
  'reply.parse.not_pair_people':
    '{token} は Field=value の形ではありません。複数の人を指定するには、空白を入れずにカンマで区切ってください：{field}={value},{next}。',
  'reply.parse.not_pair_quote':
    '{token} は Field=value の形ではありません。{name} の値の一部なら、値全体を引用符で囲んでください：{field}="{value} {next}"。',
  'reply.parse.unknown_verb_suggest': 'コマンド {token} はわかりません。{verb} のことですか？',
  'reply.parse.unknown_verb': 'コマンド {token} はわかりません。コマンド一覧は help と送ってください。',
  'reply.help.values': [
    '値の書き方：',
    '• 空白を含む値やフィールド名は引用符で囲みます：Title="Call ACME"、"Due Date"=2026-12-01。引用符の中では、引用符は \\"、バックスラッシュは \\\\ と書きます。',
    '• Field= または Field="" でフィールドを空にします。',
    '• 数値：42、-3、12.5（桁区切りは使いません）。',
    '• 日付：2026-12-01（UTC の 0 時）、または時刻とタイムゾーン付き：2026-12-01T09:30+08:00、2026-12-01T01:30Z。',
    '• チェックボックス：yes/no（true/false、1/0、on/off、✓/✗ も可）。',
    '• 単一選択：既存の選択肢（大文字小文字は区別しません）。複数選択：選択肢をカンマで区切ります：Tags=Urgent,Sales。新しい選択肢はチャットからではなく Lark で追加します。',
    '• ユーザー：@メンションします。複数なら：Owner=@Bob,@Alice。',
    '• レコードへのリンク：カンマ区切りの record id。 Web リンク：https://… または テキスト|https://…。',
    '• 数式、参照、作成/更新日時、自動採番のフィールドは Lark が計算するため設定できません。',
  ].join('\n'),
  'reply.help.schema': [
    'スキーマ変更（table-create、table-delete、field-create、field-update、field-delete）：',
    '• staging の base（サンドボックス）上で、名前が一時テーブルの接頭辞で始まるテーブル（例：tmp_trial）に限ります。一時テーブルはポリシーに記載する必要はありません。',
    '• どの変更もプレビューカードを表示し、承認が必要です。スキーマと、削除や型変更で失われるデータは先にバックアップされ、rollback <request_id> で元に戻せます。',
    '• フィールドの型：{types}。',
    '• 選択肢：table-create では Stage:select=Open,Done、field-create と field-update では options=Open,Done。リンクは同じ base のテーブルを指定します：Parent:link=tmp_other、または table=tmp_other。',
  ].join('\n'),
  'reply.help.type_alias': '{name}（または {alias}）',
  'reply.help.unknown_topic': '"{topic}" についてのヘルプはありません。',
  'reply.help.sentence': '{text}。',
  'reply.help.examples': '例：',
  'reply.help.aliases': '別名：{aliases}。',
  'reply.help.value_syntax': '値の書き方：help values。',
  'reply.help.no_bases': 'base はまだ設定されていません。',
  'reply.help.bases_title': 'base とテーブル（<base>/<table> の形で書きます）：',
  'reply.help.more_tables': '（ほか {count} 個）',
  'reply.help.no_tables': 'テーブルの指定なし',
  'reply.help.stage.dry-run': '差分カードのみ、何も実行しない',
  'reply.help.stage.read-only': '読み取りのみ',
  'reply.help.stage.limited': 'リストにある人と操作だけ書き込み可',
  'reply.help.stage.live': '読み取りと、承認後の書き込み',
  'reply.help.notes.get': '読み取りに承認は不要です。',
  'reply.help.notes.search': [
    '条件なしではレコードを一覧します。',
    'テキスト、数値、単一選択は完全一致が必要です。リスト（複数選択、ユーザー、リンク）では、指定した各値がセルに含まれている必要があります。',
    'Field= はそのフィールドが空のレコードを探します。条件は最大 50 個です。',
  ].join('\n'),
  'reply.help.notes.create': 'プレビューカードで返信します。承認されるまで何も書き込みません。',
  'reply.help.notes.update':
    '指定したフィールドだけが変わります。 Field=（または Field=""）でフィールドを空にします。',
  'reply.help.notes.delete': 'record id は最大 100 個。先にバックアップを取るので、ロールバックできます。',
  'reply.help.notes.batch-delete': [
    '一致するすべてのレコードに base のマーカーが必要です。ない場合は何も削除しません。',
    'Field=value の条件はちょうど 1 つ。先にバックアップを取るので、ロールバックできます。',
  ].join('\n'),
  'reply.help.notes.table-create': [
    'スキーマ変更は staging の base 上で、名前が一時テーブルの接頭辞（tmp_）で始まるテーブルに限ります。',
    '最初のフィールドが主フィールドです（text、number、date、phone、url のいずれか）。フィールドを指定しないと Name:text が作られます。',
    '選択肢は "=" の後に書きます：Stage:select=Open,Done。リンクはリンク先のテーブルを指定します：Parent:link=tmp_other。',
    '型：text、number、select、multi-select、date、checkbox、user、phone、url、link。',
  ].join('\n'),
  'reply.help.notes.table-delete':
    'フィールドとすべてのレコードを先にバックアップするので、ロールバックで作り直せます。',
  'reply.help.notes.field-create': [
    '型：text、number、select、multi-select、date、checkbox、user、phone、url、link。',
    '選択型には options=… が、リンクには table=<同じ base のテーブル> が必要です。',
  ].join('\n'),
  'reply.help.notes.field-update':
    '選択肢はリスト全体を置き換えます（書かなかった選択肢は削除されます）。型変更で失われる値はバックアップされ、ロールバックで書き戻されます。',
  'reply.help.notes.field-delete':
    '各レコードのそのフィールドの値を先にバックアップするので、ロールバックで値ごとフィールドを作り直せます。',
  'reply.help.notes.rollback':
    'request id はリクエストのカードに表示されています。ロールバックも他の書き込みと同じくプレビューと承認を経ます。',
};
