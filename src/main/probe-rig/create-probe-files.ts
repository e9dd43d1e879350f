import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBackupStore } from '../../backup/create-backup-store.js';
import { loadConfig, resolveFrom } from '../../config/load-config.js';
import type { ProbeRig } from '../../evidence/probe.js';
import { runAuditVerifyCommand } from '../audit-verify-command.js';
import type { Runtime } from '../create-runtime.js';

/**
 * The rig's files, for probes that break them: configs loaded through the real loader, files written into
 * the rig's folder, the audit file tampered with and checked by the real `audit verify`, a backup altered.
 */
export function createProbeFiles(
  runtime: Runtime,
  dir: string,
  configPath: string,
): Pick<ProbeRig, 'loadConfigText' | 'writeFile' | 'verifyTamperedAudit' | 'tamperBackup'> {
  let copies = 0;
  return {
    async loadConfigText(text) {
      copies += 1;
      const path = join(dir, `probe-config-${copies}.yaml`);
      await writeFile(path, text);
      return loadConfig(path);
    },
    async writeFile(name, text) {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    },
    async verifyTamperedAudit(tamper) {
      await runtime.auditLog.checkpoint();
      const lines = (await readFile(runtime.auditFile, 'utf8')).split('\n').filter((line) => line !== '');
      copies += 1;
      const copy = join(dir, `audit-copy-${copies}.jsonl`);
      await writeFile(copy, `${tamper(lines).join('\n')}\n`);
      const result = await runAuditVerifyCommand(['--config', configPath, '--file', copy, '--json'], {});
      let report: Record<string, unknown> | null = null;
      try {
        report = JSON.parse(result.out) as Record<string, unknown>;
      } catch {
        // Exit 2 prints no report: the probe sees a refusal without reasons.
      }
      return { code: result.code, report };
    },
    async tamperBackup(backupId) {
      const { loaded } = runtime;
      const path = createBackupStore({ dir: resolveFrom(loaded.dir, loaded.config.backup.dir) }).pathOf(
        backupId,
      );
      const bytes = await readFile(path);
      // A byte in the middle of the armour: still ASCII, so only the content hash can tell.
      const at = Math.floor(bytes.length / 2);
      bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
      await writeFile(path, bytes);
    },
  };
}
