/** Someone clicked Ack on an alert card: which alert episode, who, and on which message. */
export type AlertAckInput = { key: string; incident: string; by: string; messageId: string; chatId: string };

/**
 * What became of it. `unrecorded`: the Ack reached a replica that does not lead, and Redis did not answer to
 * relay it. `card`: the alert card as it stands now, when there is one to show.
 */
export type AlertAckAnswer = {
  kind: 'acked' | 'already_acked' | 'resolved' | 'unknown' | 'unrecorded';
  card?: object | undefined;
};

/** Records an Ack (the leader's monitor, or the relay to it: src/monitoring/create-ack-relay.ts). */
export type AlertAck = (input: AlertAckInput) => Promise<AlertAckAnswer>;
