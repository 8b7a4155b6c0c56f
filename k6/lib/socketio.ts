import { WebSocket } from "k6/websockets";
import type { CLIENT_EVENTS, SERVER_EVENTS } from "./protocol.gen.ts";

// Socket.IO v4 spoken over k6 WebSockets: Engine.IO open packet `0{...}`, namespace connect
// `40{auth}` answered `40{sid}` (or `44{message}`), events `42<id>[name, payload]`, acks `43<id>[data]`,
// and the server's ping `2` answered with pong `3`. Event names are typed by the lists generated
// from client-sdk/src/protocol/events.ts into protocol.gen.ts (k6 cannot import the protocol module).

export type Ack = { ok: true; [k: string]: any } | { ok: false; error: { code: string; message: string } };

export type ClientEvent = (typeof CLIENT_EVENTS)[number];
export type ServerEvent = (typeof SERVER_EVENTS)[number];

export interface SocketIo {
  emit(event: ClientEvent, payload: unknown, onAck: (ack: Ack) => void): void;
  close(): void;
}

export function connectSocketIo(
  baseUrl: string,
  token: string,
  handlers: {
    onConnect: (io: SocketIo) => void;
    onError: (reason: string) => void;
    onEvent?: (event: ServerEvent, data: unknown) => void;
  },
): void {
  const url = `${baseUrl.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(url);
  const acks = new Map<number, (ack: Ack) => void>();
  let nextId = 0;
  const io: SocketIo = {
    emit(event, payload, onAck) {
      const id = nextId++;
      acks.set(id, onAck);
      ws.send(`42${id}${JSON.stringify([event, payload])}`);
    },
    close() {
      ws.close();
    },
  };
  ws.addEventListener("error", (e) =>
    handlers.onError(String((e as { error?: string }).error ?? "websocket error")),
  );
  ws.addEventListener("message", (e) => {
    const msg = String((e as { data: unknown }).data);
    const type = msg[0];
    if (type === "0") ws.send(`40${JSON.stringify({ token })}`);
    else if (type === "2") ws.send("3");
    else if (type === "4") {
      const sio = msg[1];
      if (sio === "0") handlers.onConnect(io);
      else if (sio === "4") handlers.onError((JSON.parse(msg.slice(2)) as { message: string }).message);
      else if (sio === "3") {
        const open = msg.indexOf("[");
        const id = Number(msg.slice(2, open));
        const cb = acks.get(id);
        acks.delete(id);
        cb?.((JSON.parse(msg.slice(open)) as Ack[])[0]!);
      } else if (sio === "2" && handlers.onEvent) {
        const [event, data] = JSON.parse(msg.slice(msg.indexOf("["))) as [ServerEvent, unknown];
        handlers.onEvent(event, data);
      }
    }
  });
}
