import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createBackupReader } from '../backup/create-backup-reader.js';
import { createBackupStore } from '../backup/create-backup-store.js';
import { ConfigError } from '../config/config-error.js';
import { loadConfig, resolveFrom } from '../config/load-config.js';
import { BackupError } from '../ports/backup-error.js';
import { EXIT } from './exit-codes.js';
import { loadSecrets } from './load-secrets.js';

/**
 * `larkgate backup decrypt <backup_id> --config <file> [--key <file>] [--out <file>]`: prints a backup's
 * before-state (canonical JSON). The stored file must still hash to its id and pass OpenPGP's integrity
 * check: a tampered backup is refused (exit 1). The key is backup.private_key, or --key (an armored
 * private key file, e.g. an operator's). It needs no Redis and no Lark.
 */
export function registerBackupDecryptCommand(program: Command, setExit: (code: number) => void): void {
  const backup =
    program.commands.find((command) => command.name() === 'backup') ??
    program.command('backup').description('encrypted backups');
  backup
    .command('decrypt')
    .description("print a backup's before-state; refuses a tampered backup")
    .argument('<backup_id>', 'bk_ followed by 64 hex digits')
    .requiredOption('--config <file>', 'larkgate.yaml (for backup.dir and backup.private_key)')
    .option('--key <file>', 'an armored private key to decrypt with instead of backup.private_key')
    .option('--out <file>', 'write the plaintext here instead of stdout')
    .action(async (backupId: string, opts: { config: string; key?: string; out?: string }) => {
      try {
        const loaded = await loadConfig(opts.config);
        let privateKey: string;
        let passphrase: string | undefined;
        if (opts.key) {
          privateKey = await readFile(opts.key, 'utf8');
        } else {
          const secrets = await loadSecrets(loaded, process.env);
          if (!secrets.backupKey) {
            process.stderr.write(
              'larkgate backup decrypt: no backup.private_key in the config: pass --key <file>\n',
            );
            setExit(EXIT.usage);
            return;
          }
          privateKey = secrets.backupKey.reveal();
          passphrase = secrets.backupKeyPassphrase?.reveal();
        }
        const reader = createBackupReader({
          store: createBackupStore({ dir: resolveFrom(loaded.dir, loaded.config.backup.dir) }),
          privateKeys: [privateKey],
          ...(passphrase ? { passphrase } : {}),
        });
        const plaintext = await reader.decrypt(backupId);
        if (opts.out) await writeFile(opts.out, plaintext, { mode: 0o600 });
        else process.stdout.write(`${new TextDecoder().decode(plaintext)}\n`);
      } catch (error) {
        if (error instanceof ConfigError) {
          process.stderr.write(`larkgate backup decrypt: config error: ${error.message}\n`);
          setExit(EXIT.usage);
          return;
        }
        if (error instanceof BackupError) {
          const usage = error.code === 'backup_id_invalid';
          process.stderr.write(`larkgate backup decrypt: ${error.message}\n`);
          setExit(usage ? EXIT.usage : EXIT.failure);
          return;
        }
        throw error;
      }
    });
}
