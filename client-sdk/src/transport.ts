import type { AckData, ClientEventName, ClientPayload } from "./protocol/index.ts";

/** What an Attempt or SessionWatch needs from the connection. */
export interface Transport {
  readonly connected: boolean;
  /** Emits with an ack; resolves with the ack's data or throws SdkError with the error's code. */
  request<E extends ClientEventName>(
    event: E,
    payload: ClientPayload<E>,
    timeoutMs?: number,
  ): Promise<AckData[E]>;
}
