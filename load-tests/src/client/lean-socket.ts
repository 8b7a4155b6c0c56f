import type {
  Ack,
  AckData,
  ClientEventName,
  ClientPayload,
  ServerToClientEvents,
} from "@imtihon/client-sdk/protocol";
import WebSocket from "ws";

/**
 * A minimal Socket.IO v4 client (Engine.IO v4, websocket transport only, default namespace) over `ws`.
 * It speaks exactly what the load needs: open packet, `40` connect with auth, `42` events with ack ids,
 * `43` acks, ping/pong. Per socket it keeps one `ws` and two small maps, about a fifth of what
 * socket.io-client holds (manager, engine, reconnection timers, buffers), which is what lets one
 * generator process hold tens of thousands of sockets.
 */
export interface LeanSocketOptions {
  /** `http://host:port` of a node or of the proxy. */
  url: string;
  auth: Record<string, unknown>;
  /** Loopback source address to bind, so the ephemeral-port range is per address. */
  localAddress?: string;
  /** Give up on the handshake after this long. */
  timeoutMs?: number;
}

type ServerEvent = keyof ServerToClientEvents;
type EventListener = (data: unknown) => void;

export class LeanSocketError extends Error {
  override name = "LeanSocketError";
}

export class LeanSocket {
  connected = false;
  private ws: WebSocket | undefined;
  private nextAckId = 0;
  private readonly acks = new Map<number, (data: unknown) => void>();
  private listeners: Map<string, EventListener> | undefined;
  onClose: ((reason: string) => void) | undefined;

  /** Resolves once the namespace connect succeeded; rejects with the server's connect_error message. */
  connect(o: LeanSocketOptions): Promise<void> {
    const base = o.url.replace(/^http/, "ws").replace(/\/$/, "");
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (reason: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.ws?.terminate();
        reject(new LeanSocketError(reason));
      };
      const timer = setTimeout(() => fail("connect timeout"), o.timeoutMs ?? 20_000);
      const ws = new WebSocket(`${base}/socket.io/?EIO=4&transport=websocket`, {
        perMessageDeflate: false,
        localAddress: o.localAddress,
        handshakeTimeout: o.timeoutMs ?? 20_000,
      });
      this.ws = ws;
      ws.on("error", (err) => fail(err.message));
      ws.on("close", () => {
        const was = this.connected;
        this.connected = false;
        fail("closed during handshake");
        this.failPendingAcks();
        if (was) this.onClose?.("transport close");
      });
      ws.on("message", (raw) => {
        const msg = raw.toString();
        const type = msg.charCodeAt(0);
        if (type === 50 /* 2 ping */) {
          ws.send("3");
        } else if (type === 48 /* 0 open */) {
          ws.send(`40${JSON.stringify(o.auth)}`);
        } else if (type === 52 /* 4 message */) {
          this.onPacket(
            msg,
            () => {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              this.connected = true;
              resolve();
            },
            fail,
          );
        } else if (type === 49 /* 1 close */) {
          ws.close();
        }
      });
    });
  }

  /** Emits an event and resolves with its ack (or rejects when the socket closes first). */
  emitWithAck<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<Ack<AckData[E]>> {
    return new Promise((resolve, reject) => {
      const ws = this.ws;
      if (!ws || !this.connected) return reject(new LeanSocketError("not connected"));
      const id = this.nextAckId++;
      this.acks.set(id, (data) =>
        data instanceof LeanSocketError ? reject(data) : resolve(data as Ack<AckData[E]>),
      );
      ws.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  on<E extends ServerEvent>(
    event: E,
    listener: (...args: Parameters<ServerToClientEvents[E]>) => void,
  ): void {
    (this.listeners ??= new Map()).set(event, listener as EventListener);
  }

  close(): void {
    this.connected = false;
    this.ws?.close();
  }

  /** Closes without the closing handshake; cheapest for tens of thousands of sockets at teardown. */
  terminate(): void {
    this.connected = false;
    this.ws?.terminate();
  }

  private onPacket(msg: string, connected: () => void, fail: (reason: string) => void) {
    const sio = msg.charCodeAt(1);
    if (sio === 48 /* 0 CONNECT */) {
      connected();
    } else if (sio === 52 /* 4 CONNECT_ERROR */) {
      let reason = "connect_error";
      try {
        reason = (JSON.parse(msg.slice(2)) as { message?: string }).message ?? reason;
      } catch {
        // keep the generic reason
      }
      fail(reason);
    } else if (sio === 51 /* 3 ACK */) {
      const open = msg.indexOf("[", 2);
      const id = Number(msg.slice(2, open));
      const cb = this.acks.get(id);
      if (!cb) return;
      this.acks.delete(id);
      cb((JSON.parse(msg.slice(open)) as unknown[])[0]);
    } else if (sio === 50 /* 2 EVENT */) {
      if (!this.listeners) return;
      const [event, data] = JSON.parse(msg.slice(msg.indexOf("["))) as [string, unknown];
      this.listeners.get(event)?.(data);
    } else if (sio === 49 /* 1 DISCONNECT */) {
      this.ws?.close();
    }
  }

  private failPendingAcks() {
    if (this.acks.size === 0) return;
    const err = new LeanSocketError("disconnected before ack");
    for (const cb of this.acks.values()) cb(err);
    this.acks.clear();
  }
}
