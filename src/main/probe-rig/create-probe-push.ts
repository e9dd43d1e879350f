import { encryptPayload, sealPush, signPushBody } from '../../../emulator/events/seal-push.js';
import type { EmulatorSeed } from '../../../emulator/seed.js';
import type { ProbeRig } from '../../evidence/probe.js';
import { BODY_LIMIT_BYTES } from '../../http/create-http-app.js';
import { receiveLarkPush } from '../../http/receive-lark-push.js';
import type { Runtime } from '../create-runtime.js';

/**
 * What probes that forge pushes need: the embedded organisation's throwaway keys, Lark's way of sealing a
 * push (the emulator's), and the bot's own verification and body limit. Passed in from here so that
 * src/evidence needs neither the emulator nor the HTTP app at run time.
 */
export function createProbePush(runtime: Runtime, seed: EmulatorSeed): ProbeRig['push'] {
  return {
    encryptKey: runtime.secrets.encryptKey,
    verificationToken: runtime.secrets.verificationToken,
    appId: seed.app.app_id,
    botOpenId: seed.app.bot_open_id,
    seal: sealPush,
    encrypt: (plaintext, encryptKey) => encryptPayload(plaintext, encryptKey),
    sign: signPushBody,
    verify: receiveLarkPush,
    bodyLimitBytes: BODY_LIMIT_BYTES,
  };
}
