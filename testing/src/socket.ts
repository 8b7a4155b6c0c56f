import type {
  Ack,
  AckData,
  ClientEventName,
  ClientToServerEvents,
  ServerToClientEvents,
} from "@imtihon/client-sdk/protocol";
import { io, type Socket } from "socket.io-client";

export type RawSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A plain Socket.IO client speaking the contract directly (no SDK), for protocol-level tests. */
export async function connectRaw(
  url: string,
  token: string | undefined,
  extra: { headers?: Record<string, string> } = {},
): Promise<RawSocket> {
  const socket: RawSocket = io(url, {
    auth: token === undefined ? {} : { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: extra.headers,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (err) => reject(err));
  });
  return socket;
}

/** Emits an event with an ack and resolves with the envelope (any payload, valid or not). */
export function call<E extends ClientEventName>(
  socket: RawSocket,
  event: E,
  payload: unknown,
  timeoutMs = 10_000,
): Promise<Ack<AckData[E]>> {
  return (
    socket.timeout(timeoutMs) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack<AckData[E]>> }
  ).emitWithAck(event, payload);
}

/** Resolves with the next `event` (optionally matching `where`), or rejects after `timeoutMs`. */
export function next<E extends keyof ServerToClientEvents>(
  socket: RawSocket,
  event: E,
  where: (p: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (p: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!where(p)) return;
      clearTimeout(timer);
      socket.off(event, handler as never);
      resolve(p);
    };
    socket.on(event, handler as never);
  });
}
