/**
 * Issue 11 item 6 on the whole system (emulator, bot, workers, private redis-server), at the default
 * per-requester limit (intake.per_requester: 20 at once, 10 a minute), two floods:
 * 1. the issue's: Alice posts 150 `get` messages one after another, then Bob asks for one record;
 * 2. Alice posts 1,000 (50 at a time) and Bob asks halfway through, while her pushes still arrive.
 * Prints how long Bob waited (emulator timestamps of his message and the bot's answer), when Alice's
 * admitted requests were all answered, and how many of hers were answered, skipped and noticed.
 * Run: npx tsx bench/intake-fairness.bench.ts
 */
import { startBenchDemo, waitUntil } from './bench-kit.js';

type Item = { message_id: string; parent_id: string | null; msg_type: string; create_time: number };

async function flood(total: number, batch: number, bobAfter: number): Promise<void> {
  const { demo, call } = await startBenchDemo({
    drill: false,
    intake: { per_requester: { burst: 20, per_minute: 10, notice_every: '5m' } },
  });
  const messages = async (): Promise<Item[]> =>
    (await call('GET', '/__emulator/chats/oc_requests/messages')).items;
  try {
    const started = Date.now();
    const alice = new Set<string>();
    let bob: { message_id: string } | undefined;
    const askBob = async () => {
      bob = await call('POST', '/__emulator/chats/oc_requests/messages', {
        from: 'ou_bob',
        text: '@Larkgate get crm/Tasks recTask0002',
      });
    };
    for (let posted = 0; posted < total; posted += batch) {
      if (posted === bobAfter) await askBob();
      const sent = await Promise.all(
        Array.from({ length: batch }, () =>
          call('POST', '/__emulator/chats/oc_requests/messages', {
            from: 'ou_alice',
            text: '@Larkgate get crm/Tasks recTask0001',
          }),
        ),
      );
      for (const message of sent) alice.add(message.message_id);
    }
    if (!bob) await askBob();
    const sentMs = Date.now() - started;
    const bobId = (bob as { message_id: string }).message_id;
    const items = await waitUntil(async () => {
      const all = await messages();
      const answered = all.filter((m) => m.parent_id !== null && alice.has(m.parent_id));
      const bobAnswered = all.some((m) => m.parent_id === bobId);
      // Settled: Bob answered and no new answer to Alice for a second.
      return bobAnswered &&
        answered.length > 0 &&
        Date.now() - Math.max(...answered.map((m) => m.create_time)) > 1_000
        ? all
        : undefined;
    });
    const asked = items.find((m) => m.message_id === bobId) as Item;
    const answer = items.find((m) => m.parent_id === bobId) as Item;
    const aliceReplies = items.filter((m) => m.parent_id !== null && alice.has(m.parent_id));
    const cards = aliceReplies.filter((m) => m.msg_type === 'interactive');
    const notices = aliceReplies.filter((m) => m.msg_type === 'text');
    const drained = Math.max(...cards.map((m) => m.create_time)) - started;
    console.log(
      `Alice: ${total} messages (${batch} at a time) posted in ${(sentMs / 1000).toFixed(1)} s; ${cards.length} answered, ` +
        `${total - cards.length} skipped, ${notices.length} over-limit reply; her answers done ${(drained / 1000).toFixed(1)} s after her first message`,
    );
    console.log(
      `  Bob's get, asked after Alice's ${bobAfter}th message: answered in ${answer.create_time - asked.create_time} ms`,
    );
  } finally {
    await demo.close();
  }
}

await flood(150, 1, 150);
await flood(1000, 50, 500);
