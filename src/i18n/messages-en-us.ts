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
  'progress.line': '**{step}** · {done} of {total} records · chunk {chunk} of {chunks} · {left}',
  'progress.left': 'about {seconds} s left',
  'progress.done': 'done',
  'progress.step.reread': 'Re-reading',
  'progress.step.backup': 'Backing up',
  'progress.step.write': 'Writing',
  'progress.step.readback': 'Reading back',
} as const;

export type MessageKey = keyof typeof messagesEnUs;
export type Messages = Readonly<Record<MessageKey, string>>;
