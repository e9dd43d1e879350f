import type { ProbeRig } from '../../evidence/probe.js';
import { loadRecipients } from '../create-live-op-deps.js';
import { createOutageDrillDeps } from '../create-outage-drill-deps.js';
import type { Runtime } from '../create-runtime.js';
import { selectAppSecret } from '../select-app-secret.js';
import { startMonitoring } from '../start-monitoring.js';

/** The composition roots' start-up checks, run for real on a loaded config (see ProbeRig.preflight). */
export function createProbePreflight(runtime: Runtime): ProbeRig['preflight'] {
  return {
    async backupRecipients(loaded) {
      await loadRecipients({ loaded });
    },
    async monitoring(loaded) {
      const monitoring = await startMonitoring(
        { ...runtime, loaded, monitoring: { ...runtime.monitoring, enabled: true } },
        { queues: [] },
      );
      await monitoring.close();
    },
    async outageDrill(loaded) {
      // Building the drill's world is where a config that cannot run it is refused (a ConfigError).
      createOutageDrillDeps({ ...runtime, loaded });
    },
    async appSecret(loaded, accepts) {
      await selectAppSecret({
        current: runtime.secrets.appSecret,
        previous: null,
        validUntilMs: 0,
        now: runtime.clock(),
        accepts,
        file: loaded.path,
      });
    },
  };
}
