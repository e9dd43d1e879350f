/**
 * The English catalogue: the source of the message keys. Placeholders are `{name}`; every other catalogue
 * has the same keys with the same placeholders (test/i18n/catalogues.test.ts).
 */
export const messagesEnUs = {
  'state.pending': 'Approval needed',
  'state.dry_run': 'Dry run only',
  'state.approved': 'Approved, queued',
  'state.executing': 'Running',
  'state.applied': 'Applied and verified',
  'state.verify_failed': 'Applied, verification FAILED',
  'state.stale': 'Not applied: stale',
  'state.failed': 'Failed',
  'state.needs_review': 'Needs a human',
  'state.rejected': 'Rejected',
  'state.expired': 'Expired',
  'state.rolled_back': 'Rolled back by {id}',
  'verb.create': 'Create',
  'verb.update': 'Update',
  'verb.delete': 'Delete',
  'verb.batch-delete': 'Batch delete',
  'verb.table.create': 'Create table',
  'verb.table.delete': 'Delete table',
  'verb.field.create': 'Create field',
  'verb.field.update': 'Update field',
  'verb.field.delete': 'Delete field',
  'request.title.rollback': 'Rollback of {id} · {target}',
  'request.what.schema': '{verb} in {target}',
  'request.what.rollback': 'Rollback of {id}: {what}',
  'request.column.record': 'Record',
  'request.column.item': 'Item',
  'request.column.field': 'Field',
  'request.column.property': 'Property',
  'request.column.before': 'Before',
  'request.column.after': 'After',
  'request.button.approve': 'Approve',
  'request.button.reject': 'Reject',
  'request.button.rollback': 'Roll back',
  'request.confirm.approve': 'Approve this change?',
  'request.confirm.rollback': 'Prepare a rollback?',
  'request.confirm.rollback_text':
    'A rollback is a new request: you will see its diff and it needs approval.',
  'request.drill_note':
    'The drill runner approves this itself (an audited approval artefact): no button to click.',
  'request.snapshot.pending': 'A status snapshot: approve or reject on the request’s own card.',
  'request.snapshot': 'A status snapshot, as of now.',
  'request.ask_again': 'Ask again for a fresh diff.',
  'request.what.records': '{verb} {count} records in {target}',
  'request.what.record': '{verb} 1 record in {target}',
  'request.subject.records': '**{verb}** {count} records in **{target}**',
  'request.subject.record': '**{verb}** 1 record in **{target}**',
  'request.subject.schema': '**{verb}** in **{target}** (sandbox schema change)',
  'request.asked_by': '{subject}, asked by {user}',
  'request.hidden_rows_one':
    'Showing {shown} of {total} field changes ({hidden} more in 1 more record not shown). The scope hash covers all of them; `status {id}` lists the rest.',
  'request.hidden_rows':
    'Showing {shown} of {total} field changes ({hidden} more in {hiddenRecords} more records not shown). The scope hash covers all of them; `status {id}` lists the rest.',
  'request.footer_scope': 'scope',
  'help.summary.get': 'show one record',
  'help.summary.search': 'find records where every given field has the value',
  'help.summary.create': 'add a record (needs approval)',
  'help.summary.update': 'change fields of one record (needs approval)',
  'help.summary.delete': 'delete records by id (needs approval)',
  'help.summary.batch-delete': 'delete every record matching one condition (needs approval)',
  'help.summary.table-create': 'create a temp table on the sandbox (needs approval)',
  'help.summary.table-delete': 'delete a temp table on the sandbox (needs approval)',
  'help.summary.field-create': 'add a field to a temp table on the sandbox (needs approval)',
  'help.summary.field-update': 'rename a temp table’s field or change its type or options (needs approval)',
  'help.summary.field-delete': 'delete a temp table’s field (needs approval)',
  'help.summary.rollback': 'undo an applied request from its backup (needs approval)',
  'help.summary.status': 'show where a request is (pending, approved, applied …)',
  'help.summary.help': 'this reference, or more about one command',
  'help.title': 'Larkgate commands (mention me in a group, or message me directly):',
  'help.also': 'Also understood:',
  'help.quote':
    'Quote values with spaces (Title="Call ACME"); Field= clears a field; @mention people. More: help values.',
  'help.writes': 'Writes show a preview card first and run only after approval. Schema changes: help schema.',
  'help.details': 'Details of one command: help <command>, e.g. help update.',
  'help.example': 'e.g.',
  'alert.label.resolved': 'Resolved',
  'alert.label.acked': 'Firing, acknowledged',
  'alert.label.firing': 'Firing',
  'alert.what': '**What is wrong:** {text}',
  'alert.since': '**Since:** {time} ({relative})',
  'alert.check': '**Check first:** {text}',
  'alert.runbook': '**Runbook:** {link}',
  'alert.flaps':
    'Failed again {count} times soon after clearing: this card is reused instead of paging again.',
  'alert.flaps_one': 'Failed again 1 time soon after clearing: this card is reused instead of paging again.',
  'alert.for': 'For {people}',
  'alert.escalated': 'Escalated {time} to {people}',
  'alert.acked_by': 'Acknowledged by {person} at {time}: no further escalation.',
  'alert.resolved': '**Resolved** {time}, after {duration}.',
  'alert.unreachable':
    'Larkgate could not reach this chat while it was failing; this card was sent once it could.',
  'alert.button.ack': 'Ack',
  'record.more_fields': '{count} more fields not shown (card size limit).',
  'record.subtitle': 'Read only · stage {stage}',
  'search.title': 'Search · {target}',
  'search.read_only': 'Read only',
  'search.matches': '**{count}** records match {query}',
  'search.matches_one': '**1** record matches {query}',
  'search.first': 'Showing the first {shown}. Narrow the search to see others.',
  'search.columns': 'Showing {shown} of {total} fields; `get` a record for all.',
  'search.summary': '{count} records in {target}',
  'request.approvals': '**Approvals** {count} of {needed} needed',
  'request.expires': '· **Expires** {time} ({relative})',
  'request.approved_by': 'Approved by {people}',
  'request.rejected_by': 'Rejected by {people}',
  'request.withdrawn': 'Withdrawn by the requester',
  'outcome.backup': '**Backup** {id} (OpenPGP-encrypted before-state)',
  'outcome.verified_records':
    '**Verified** read back after the write: every field matches the approved after-state',
  'outcome.verified_schema':
    '**Verified** read the schema back after the write: it matches the approved after-state',
  'outcome.verify_failed': '**Verification failed**: {mismatches}',
  'outcome.applied': '**Applied** {time}',
  'outcome.stale': '**Stale** {problem}',
  'outcome.problem': '**Problem** {problem}',
  'outcome.rolled_back': '**Rolled back** by {id} (`status {id}` shows what it restored)',
  'progress.line': '**{step}** · {done} of {total} records · chunk {chunk} of {chunks} · {left}',
  'progress.left': 'about {seconds} s left',
  'progress.done': 'done',
  'progress.step.reread': 'Re-reading',
  'progress.step.backup': 'Backing up',
  'progress.step.write': 'Writing',
  'progress.step.readback': 'Reading back',
  // replies: text replies (errors, refusals, help) in the reader's language (helper i18ntext)
  'reply.refused': 'Refused: {reasons}',
  'reply.nontext': 'I only read text commands. Send "help" to see them.',
  'reply.no_request': 'No request {id}.',
  'reply.no_table': 'There is no table "{table}" in {base}.',
  'reply.no_record': 'No record {id} in {target}.',
  'reply.no_field': '{target} has no field "{field}".',
  'reply.no_field_hint': '{target} has no field "{field}" (did you mean "{hint}"?).',
  'reply.nothing_to_change': 'Nothing to change: {id} already has those values.',
  'reply.unwritable': '{field} is a {type} field and cannot be written.',
  'reply.no_match': 'No record in {target} has {condition}.',
  'reply.no_match_empty': 'No record in {target} has {field}=(empty).',
  'reply.no_schema': 'Schema changes are not available in this worker.',
  'reply.unknown_person':
    '{people} is nobody Lark knows in this organisation. @mention the person in your message instead; nothing was asked for.',
  'reply.unknown_people':
    '{people} are nobody Lark knows in this organisation. @mention the person in your message instead; nothing was asked for.',
  'reply.duplicate':
    'Not opened: {id} already asks for exactly this change and is waiting for approval. Approve or reject it on its card (status {id} shows it); ask again once it is settled if it is still needed.',
  'reply.rollback.not_applied': 'Only an applied change can be rolled back; {id} is {state}.',
  'reply.rollback.already': '{id} was already rolled back by {by}; to undo that rollback, roll back {by}.',
  'reply.rollback.no_backup': '{id} has no backup, so it cannot be rolled back.',
  'reply.rollback.not_a_change': '{id} is not a change Larkgate can roll back.',
  'reply.rollback.no_key':
    'Rollbacks need backup.private_key in the config (Larkgate decrypts its own backup to build the inverse).',
  'reply.rollback.cannot': 'Cannot roll back {id}: {why}',
  'reply.rollback.cannot_backup': 'Cannot roll back {id}: {why}. Nothing was changed.',
  'reply.backup.integrity':
    'backup {backup} failed its integrity check and must not be restored. Find a copy whose SHA-256 matches the id in the audit log (backup.created) and follow {runbook}',
  'reply.backup.missing':
    'backup {backup} is not in the backup store. Put back a copy whose SHA-256 matches the id in the audit log ({runbook})',
  'reply.backup.key':
    "backup {backup} cannot be decrypted with Larkgate's backup key. Check backup.private_key, or decrypt it by hand with a recipient's key ({runbook})",
  'reply.toast.foreign_button': 'This button does not belong to this request’s card.',
  'reply.toast.expired': 'This request has expired: ask again for a fresh diff.',
  'reply.toast.base_gone': 'This base is no longer in policy.',
  'reply.toast.busy': 'Too many people clicked at once: please try again.',
  'reply.limit_notice':
    'You have sent more requests than I take from one person at once ({burst} at once, then {perMinute} a minute), so I skipped this message. For the next {minutes} min I skip messages over that limit without replying to each. Wait for the answers to your earlier requests, then send again anything that got no answer.',
  'reply.intake.failed':
    'Sorry, I could not handle this request: {happened} (gave up after {tries}). Nothing was changed. Send it again in a few minutes; if it keeps failing, tell the Larkgate on-call.',
  'reply.intake.failed_rollback':
    'Sorry, I could not prepare the rollback of {id}: {happened} (gave up after {tries}). Nothing was changed. Send it again in a few minutes; if it keeps failing, tell the Larkgate on-call.',
  'reply.try': '1 try',
  'reply.tries': '{count} tries',
  'reply.intake.cause.base_unavailable': 'Lark Base did not answer',
  'reply.intake.cause.base_rate_limited': 'Lark Base kept rate-limiting Larkgate',
  'reply.intake.cause.lark_unavailable': 'Lark did not answer',
  'reply.intake.cause.lark_refused': "Lark refused Larkgate's access (its app permissions or credentials)",
  'reply.intake.cause.audit_unavailable': 'Larkgate could not write its audit log, so it did nothing',
  'reply.intake.cause.policy_unavailable': 'Larkgate had no policy loaded',
  'reply.intake.cause.worker_stopped': "Larkgate's worker kept stopping while handling it",
  'reply.intake.cause.internal': 'Larkgate hit an internal error',
  'reply.value.date': '{field} is a date field: {reason}',
  'reply.date.examples':
    'write 2026-12-01, or a time with its zone: 2026-12-01T09:30Z or 2026-12-01T09:30+08:00',
  'reply.date.no_zone':
    '{input} has no time zone; add Z for UTC or an offset like +08:00 (2026-12-01T09:30+08:00).',
  'reply.date.bad_offset': '{input} has an impossible time-zone offset; offsets run from -14:00 to +14:00.',
  'reply.date.year': 'the year {year} is out of range; use a four-digit year from 1000.',
  'reply.date.month': 'there is no month {month}; months run from 01 to 12.',
  'reply.date.day': '{month} has no day {day}; it has {days} days.',
  'reply.date.time': '{time} is not a time of day.',
  'reply.date.ambiguous': '{input} is ambiguous (day or month first?); {examples}.',
  'reply.date.time_format':
    'write the time as HH:MM (or HH:MM:SS) followed by Z or an offset, like 2026-12-01T09:30+08:00.',
  'reply.date.date_format': 'write the date as YYYY-MM-DD with two-digit months and days, like 2026-01-05.',
  'reply.date.bare_number': 'a bare number is not a date; {examples}.',
  'reply.date.relative': 'relative dates are not supported; {examples}.',
  'reply.date.unreadable': 'that is not a date I can read; {examples}.',
  'reply.value.max_chars': '{field} holds at most {max} characters.',
  'reply.value.number': '{field} is a number field: {reason}',
  'reply.number.separators': 'write {text} without thousands separators: {fixed}.',
  'reply.number.decimal_point': 'use a point for decimals: {fixed}.',
  'reply.number.exponent': 'write the number out in full, without an exponent.',
  'reply.number.percent': 'write the number without the % sign.',
  'reply.number.not_a_number': '"{text}" is not a number; write it like 42, -3 or 12.5.',
  'reply.value.number_digits':
    '{field} is a number field: {text} has more digits than Lark stores exactly (about 15 significant digits).',
  'reply.value.max_options': '{field} holds at most {max} options.',
  'reply.value.listed_twice': '{field}: {item} is listed twice.',
  'reply.option.case':
    '{field}: "{text}" matches {count} options that differ only in case ({matches}); type one exactly.',
  'reply.option.none_yet':
    '{field} has no options yet. I only pick existing options; add "{text}" in Lark first.',
  'reply.option.unknown':
    '{field} has no option "{text}". Options: {options}. I don\'t create options from chat; add new ones in Lark first.',
  'reply.option.unknown_hint':
    '{field} has no option "{text}". Did you mean {hint}? Options: {options}. I don\'t create options from chat; add new ones in Lark first.',
  'reply.value.more': '(+{count} more)',
  'reply.value.checkbox':
    '{field} is a checkbox field: write yes or no (also true/false, 1/0, on/off, ✓/✗), not "{text}".',
  'reply.value.max_people': '{field} holds at most {max} people.',
  'reply.value.person':
    '{field} is a person field: @mention people in your message (and separate several with commas); "{text}" is not someone I can recognise.',
  'reply.value.person_twice': '{field}: the same person is listed twice.',
  'reply.value.phone':
    '{field} is a phone field: use digits with an optional leading +, like +8613800000000.',
  'reply.value.url_scheme':
    '{field} is a URL field: only http and https addresses are allowed; write a web address like https://example.com, or Text|https://example.com to show text.',
  'reply.value.url':
    '{field} is a URL field: "{text}" is not a web address; write a web address like https://example.com, or Text|https://example.com to show text.',
  'reply.value.max_links': '{field} links at most {max} records.',
  'reply.value.link':
    '{field} links to records: give record ids like recAbc123, separated by commas; "{text}" is not one.',
  'reply.value.read_only': '{field} is a {type} field and cannot be written.',
  'reply.value.read_only_an': '{field} is an {type} field and cannot be written.',
  'reply.value.unsupported': '{field} is a {type} field; I cannot write those from chat.',
  'reply.value.unsupported_an': '{field} is an {type} field; I cannot write those from chat.',
  'reply.value.unknown_type': '{field} is a field of type {type}; I cannot write those from chat.',
  'reply.search.too_many':
    'That search needs {count} conditions (each item of a list counts as one); Lark allows {max}.',
  'reply.search.too_long':
    'That search is too long for Lark ({length} characters of filter, at most {max}); use fewer or shorter values.',
  'reply.search.unsearchable': '{field} is a {type} field, and Lark cannot search by those.',
  'reply.search.unsearchable_an': '{field} is an {type} field, and Lark cannot search by those.',
  'reply.search.empty_only': '{field} is a {type} field; I can only search those for being empty ({field}=).',
  'reply.search.empty_only_an':
    '{field} is an {type} field; I can only search those for being empty ({field}=).',
  'reply.search.mismatch': '{field} is a {type} field; {value} is not a value it can hold.',
  'reply.search.mismatch_an': '{field} is an {type} field; {value} is not a value it can hold.',
  'reply.search.no_field': 'There is no field "{field}".',
  'reply.search.no_field_hint': 'There is no field "{field}". Did you mean {hint}?',
  'reply.schema.table_delete_stray': 'Unexpected {token}: table-delete takes only <base>/<table>.',
  'reply.schema.field_delete_missing': 'field-delete needs the name of the field to delete.',
  'reply.schema.field_delete_stray': 'Unexpected {token}: field-delete takes one field name.',
  'reply.schema.not_schema': '{verb} is not a schema command.',
  'reply.schema.too_many_fields': 'That is {count} fields; a table holds at most {max}.',
  'reply.schema.field_twice': '{field} appears twice.',
  'reply.schema.primary':
    "The first field is the table's primary field, and Lark allows only {allowed} there; {field} is a {type}. Put a text field first, e.g. Name:text.",
  'reply.schema.other_type': 'field of another type',
  'reply.schema.not_definition':
    '{token} is not a field definition: write <Field>:<type>, like Name:text or Stage:select=Open,Done (quote names with spaces: "Due date":date).',
  'reply.schema.options_after_eq':
    '{field} is a {type}: give its options after "=", like {field}:{type}=Open,Done.',
  'reply.schema.link_after_eq':
    '{field} is a link: name the table it links to after "=", like {field}:link=tmp_other.',
  'reply.schema.nothing_after_eq':
    '{field} is a {type} field, which takes nothing after "=" (only select kinds take options, and links a table).',
  'reply.schema.field_create_missing':
    'field-create needs the new field’s name and type, like Priority select options=Low,High.',
  'reply.schema.field_create_type': 'field-create needs the type after the field name: {types}.',
  'reply.schema.options_needed': '{field} is a {type}: give its options, like options=Low,High.',
  'reply.schema.options_only_select': 'options= is only for select and multi-select fields.',
  'reply.schema.link_table_needed': '{field} is a link: name the table it links to, like table=tmp_other.',
  'reply.schema.table_only_link': 'table= is only for link fields.',
  'reply.schema.field_update_missing': 'field-update needs the name of the field to change.',
  'reply.schema.field_update_empty':
    'field-update needs at least one change: name=<new name>, type=<type>, options=a,b or table=<table>.',
  'reply.schema.not_setting': '{token} is not one of {allowed}.',
  'reply.schema.setting_twice': '{key}= appears twice.',
  'reply.schema.setting_empty': '{key}= needs a value.',
  'reply.schema.options_empty': 'Give at least one option, like options=Low,High.',
  'reply.schema.too_many_options': 'That is {count} options; give at most {max}.',
  'reply.schema.option_empty': 'An option is empty: write options as a,b,c with nothing between two commas.',
  'reply.schema.option_twice': 'The option {option} is listed twice.',
  'reply.schema.unknown_type': 'I don\'t know the field type "{word}". Types: {types}.',
  'reply.schema.unknown_type_hint':
    'I don\'t know the field type "{word}". Did you mean {hint}? Types: {types}.',
  'reply.schema.not_field_name': '{token} is not a field name (quote a name that holds "=").',
  'reply.schema.field_name_empty': 'A field name cannot be empty.',
  'reply.schema.field_name_long': 'A field name has at most {max} characters.',
  'reply.state.pending': 'pending',
  'reply.state.dry_run': 'dry run',
  'reply.state.approved': 'approved',
  'reply.state.executing': 'executing',
  'reply.state.applied': 'applied',
  'reply.state.verify_failed': 'verify failed',
  'reply.state.stale': 'stale',
  'reply.state.failed': 'failed',
  'reply.state.needs_review': 'needs review',
  'reply.state.rejected': 'rejected',
  'reply.state.expired': 'expired',
  'reply.tier.L0': 'lab / sandbox Base',
  'reply.tier.L1': 'internal read-only',
  'reply.tier.L2': 'internal limited action',
  'reply.tier.L3': 'owner-facing production',
  'reply.tier.L4': 'client-facing',
  'reply.tier.L5': 'regulated',
  'reply.day': '1 day',
  'reply.days': '{count} days',
  'reply.deny.ambiguous_target':
    '"{table}" names {count} tables on {base} ({matches}): give the one you mean by its table id',
  'reply.deny.direct_messages_off': 'direct messages are turned off: ask in a requests chat',
  'reply.deny.not_a_request_chat':
    'this chat is not a Larkgate requests chat: ask in one of the configured requests chats',
  'reply.deny.unknown_base': 'no base "{base}" in policy (known: {known})',
  'reply.deny.unknown_table': 'table "{table}" is not allowed on {base} (allowed: {allowed})',
  'reply.deny.unknown_table_temp':
    'table "{table}" is not allowed on {base} (allowed: {allowed}, or a temp table named {prefix}…)',
  'reply.deny.tier_forbids_writes': '{base} is {tier} ({meaning}): writes are refused',
  'reply.deny.read_only_stage': '{base} is in the read-only stage: reads only, no write requests',
  'reply.deny.requester_not_allowed': "you are not on {base}'s list of requesters",
  'reply.deny.batch_over_ceiling':
    '{count} records is more than the batch ceiling of {max} (lark-api-limits.yaml): narrow the match',
  'reply.deny.over_record_ceiling': '{count} records is more than {base} allows in one request ({max})',
  'reply.deny.marker_not_configured': '{base} has no marker configured, so batch deletes are refused there',
  'reply.deny.marker_missing':
    'every record must carry {marker} to be batch-deleted; these do not: {records}',
  'reply.deny.marker_missing_more':
    'every record must carry {marker} to be batch-deleted; these do not: {records} and {more} more',
  'reply.deny.stage_limited_requester':
    '{base} is in the limited stage: only its listed requesters may write',
  'reply.deny.stage_limited_op': '{base} is in the limited stage: only {ops} may run, not {op}',
  'reply.deny.listed_record_ops': 'listed record ops',
  'reply.deny.stage_limited_ceiling':
    '{base} is in the limited stage: at most {max} record(s) per request, this touches {count}',
  'reply.deny.request_not_pending': 'this request is {state}: votes are closed',
  'reply.deny.request_expired': 'this request has expired: ask again for a fresh diff',
  'reply.deny.scope_mismatch':
    'this card shows an older version of the request: the change is not what you would approve',
  'reply.deny.base_gone': 'base "{base}" is no longer in policy',
  'reply.deny.only_people_vote': 'only people can vote',
  'reply.deny.drill_request': "a drill's own requests are approved by the drill runner, not by people",
  'reply.deny.self_approval_agent':
    'an agent acting on your behalf asked for this change, so you cannot approve it',
  'reply.deny.self_approval': 'you asked for this change, so you cannot approve it',
  'reply.deny.not_an_approver': 'you are not an approver for {base}',
  'reply.deny.already_voted': 'you have already voted on this request',
  'reply.deny.stage_no_approval': '{base} is in the {stage} stage: nothing can be approved',
  'reply.deny.schema_not_staging':
    '{base} is not a staging base: schema changes run only on the sandbox ({sandboxes}), on tables named {prefix}…',
  'reply.deny.no_staging_base': 'no staging base is configured',
  'reply.deny.schema_not_temp':
    'schema changes run only on temp tables, whose name starts with {prefix}; "{table}" does not',
  'reply.deny.schema_over_ceiling':
    'the change backs up or restores {count} records, more than the batch ceiling of {max} (lark-api-limits.yaml)',
  'reply.deny.drill_unreadable':
    '{base} is {tier}: writes need a rollback drill that passed in the last {window}, and no drill evidence could be read: run `larkgate drill --once`',
  'reply.deny.drill_overdue':
    'no rollback drill has passed in the last {window}: run `larkgate drill --once`',
  'reply.parse.with_usage': '{error}\nUsage: {usage}',
  'reply.parse.not_text': 'I could not read that message as text.',
  'reply.parse.too_long':
    'That message is too long: I read commands of up to {max} characters. Split it into smaller requests.',
  'reply.parse.unclosed_quote':
    'The quote that starts at {at} is never closed. Add the closing ", or write \\" for a quote inside a quoted value.',
  'reply.parse.get_stray': 'Unexpected {token} after the record id: get shows one record at a time.',
  'reply.parse.get_stray_pair':
    'Unexpected {token} after the record id: get shows one record (to change fields use update).',
  'reply.parse.create_with_id':
    'create makes a new record, so it takes no record id; to change {id} use update {target} {id} Field=value.',
  'reply.parse.create_empty':
    'create needs at least one Field=value for the new record, e.g. Title="Call ACME".',
  'reply.parse.update_empty': 'update needs at least one Field=value to change, e.g. Status=Done.',
  'reply.parse.delete_empty': 'delete needs the id of at least one record, like recAbc123.',
  'reply.parse.delete_condition':
    'delete takes record ids, not {token}; to delete the records matching a condition use batch-delete {target} {condition}.',
  'reply.parse.delete_too_many': 'That is {count} record ids; one delete takes at most {max}. Split it up.',
  'reply.parse.listed_twice': '{id} is listed twice.',
  'reply.parse.batch_with_id':
    'batch-delete takes one Field=value condition, not record ids; to delete {id} use delete {target} {id}.',
  'reply.parse.batch_empty': 'batch-delete needs one Field=value condition saying which records to delete.',
  'reply.parse.batch_several':
    'batch-delete takes exactly one Field=value condition, and got {count}. Preview the matches with search first if you need several conditions.',
  'reply.parse.request_id_missing':
    '{verb} needs a request id, like req_abcdefgh2345 (it is on the request’s card).',
  'reply.parse.not_request_id':
    '{token} is not a request id: request ids look like req_abcdefgh2345 (req_ and 12 more letters or digits), and each request’s card shows its id.',
  'reply.parse.request_stray': 'Unexpected {token} after the request id: {verb} takes one request id.',
  'reply.parse.table_missing': '{verb} needs a table, written <base>/<table>, like crm/Tasks.',
  'reply.parse.table_before_pairs':
    '{verb} needs a table before any Field=value, written <base>/<table>, like crm/Tasks.',
  'reply.parse.table_before_id':
    '{verb} needs the table before the record id: {verb} crm/Tasks {id} (with your base and table).',
  'reply.parse.not_a_table':
    '{token} is not a table: write <base>/<table>, like crm/Tasks, and quote it if the table name has spaces: "crm/Open Deals".',
  'reply.parse.no_base': '{token} has no base before the "/": write <base>/<table>, like crm/Tasks.',
  'reply.parse.no_table': '{token} has no table after the "/": write <base>/<table>, like crm/Tasks.',
  'reply.parse.record_id_missing': '{verb} needs a record id after the table, like recAbc123.',
  'reply.parse.id_before_pairs':
    '{verb} needs the record id before the Field=value pairs: {verb} {target} recAbc123 {pair}.',
  'reply.parse.not_record_id':
    '{token} is not a record id: record ids are "rec" followed by letters and digits, like recAbc123.',
  'reply.parse.too_many_conditions': 'That is {count} conditions; one request takes at most {max}.',
  'reply.parse.too_many_fields': 'That is {count} fields; one request takes at most {max}.',
  'reply.parse.no_field_name':
    '{token} has no field name before the "=". Write Field=value with no spaces around "=", and quote names with spaces: "Due Date"=2026-12-01.',
  'reply.parse.field_twice': '{field} appears twice; give each field once.',
  'reply.parse.not_pair':
    '{token} is not a Field=value pair. Write Field=value, and quote values with spaces: Title="Call ACME".',
  'reply.parse.not_pair_space':
    '{token} is not a Field=value pair. If you meant {field}={next}, remove the space after "=".',
  'reply.parse.not_pair_people':
    '{token} is not a Field=value pair. To name several people, separate them with commas and no spaces: {field}={value},{next}.',
  'reply.parse.not_pair_quote':
    '{token} is not a Field=value pair. If it belongs to {name}, quote the whole value: {field}="{value} {next}".',
  'reply.parse.unknown_verb_suggest': "I don't know the command {token}. Did you mean {verb}?",
  'reply.parse.unknown_verb': "I don't know the command {token}. Say help for the list of commands.",
  'reply.help.values': [
    'Values:',
    '• Quote values or field names with spaces: Title="Call ACME", "Due Date"=2026-12-01. Inside quotes write \\" for a quote and \\\\ for a backslash.',
    '• Field= or Field="" clears the field.',
    '• Numbers: 42, -3, 12.5 (no thousands separators).',
    '• Dates: 2026-12-01 (midnight UTC) or with a time and zone: 2026-12-01T09:30+08:00, 2026-12-01T01:30Z.',
    '• Checkboxes: yes/no (also true/false, 1/0, on/off, ✓/✗).',
    '• Single select: an existing option (case does not matter). Multi select: options separated by commas: Tags=Urgent,Sales. New options are added in Lark, not from chat.',
    '• People: @mention them; several: Owner=@Bob,@Alice.',
    '• Links to records: record ids separated by commas. Web links: https://… or text|https://….',
    '• Formula, lookup, created/modified and auto-number fields are computed by Lark and cannot be set.',
  ].join('\n'),
  'reply.help.schema': [
    'Schema changes (table-create, table-delete, field-create, field-update, field-delete):',
    '• Only on a staging base (the sandbox), and only on tables whose name starts with its temp prefix, like tmp_trial. Temp tables need no listing in policy.',
    '• Each shows a preview card and needs approval. The schema, and the data a delete or a type change destroys, is backed up first; rollback <request_id> undoes it.',
    '• Field types: {types}.',
    '• Select options: Stage:select=Open,Done in table-create, options=Open,Done in field-create and field-update. Links name a table of the same base: Parent:link=tmp_other, or table=tmp_other.',
  ].join('\n'),
  'reply.help.type_alias': '{name} (or {alias})',
  'reply.help.unknown_topic': 'I have no help on "{topic}".',
  'reply.help.sentence': '{text}.',
  'reply.help.examples': 'Examples:',
  'reply.help.aliases': 'Also: {aliases}.',
  'reply.help.value_syntax': 'Value syntax: help values.',
  'reply.help.no_bases': 'No bases are configured yet.',
  'reply.help.bases_title': 'Bases and tables (write them as <base>/<table>):',
  'reply.help.more_tables': '(+{count} more)',
  'reply.help.no_tables': 'no tables listed',
  'reply.help.stage.dry-run': 'diff cards only, nothing runs',
  'reply.help.stage.read-only': 'reads only',
  'reply.help.stage.limited': 'writes for listed people and ops only',
  'reply.help.stage.live': 'reads and approved writes',
  'reply.help.notes.get': 'Reads need no approval.',
  'reply.help.notes.search': [
    'With no conditions it lists records.',
    'Text, numbers and single selects must match exactly; for lists (multi select, people, links) each value you give must be in the cell.',
    'Field= finds records where the field is empty. At most 50 conditions.',
  ].join('\n'),
  'reply.help.notes.create': 'I reply with a preview card; nothing is written until it is approved.',
  'reply.help.notes.update': 'Only the fields you name change. Field= (or Field="") clears a field.',
  'reply.help.notes.delete': 'Up to 100 record ids. A backup is taken first, so it can be rolled back.',
  'reply.help.notes.batch-delete': [
    "Every matching record must carry the base's marker, or nothing is deleted.",
    'Exactly one Field=value condition. A backup is taken first, so it can be rolled back.',
  ].join('\n'),
  'reply.help.notes.table-create': [
    'Schema changes run only on a staging base, and only on tables whose name starts with its temp prefix (tmp_).',
    'The first field is the primary one (text, number, date, phone or url); with no fields the table gets Name:text.',
    'Options of a select follow "=": Stage:select=Open,Done. A link names its table: Parent:link=tmp_other.',
    'Types: text, number, select, multi-select, date, checkbox, user, phone, url, link.',
  ].join('\n'),
  'reply.help.notes.table-delete':
    'Its fields and every record are backed up first, so a rollback re-creates them.',
  'reply.help.notes.field-create': [
    'Types: text, number, select, multi-select, date, checkbox, user, phone, url, link.',
    'A select needs options=…; a link needs table=<table of the same base>.',
  ].join('\n'),
  'reply.help.notes.field-update':
    'Options replace the list (an option you leave out is removed). Values a type change destroys are backed up, and a rollback writes them back.',
  'reply.help.notes.field-delete':
    'Its value in every record is backed up first, so a rollback re-creates the field with them.',
  'reply.help.notes.rollback':
    'The request id is on the request’s card. The rollback is previewed and approved like any write.',
} as const;

export type MessageKey = keyof typeof messagesEnUs;
export type Messages = Readonly<Record<MessageKey, string>>;
