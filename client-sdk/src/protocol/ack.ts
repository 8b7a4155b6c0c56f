import type { ErrorBody } from "./errors.ts";

/** The one envelope every client -> server event is acknowledged with. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorBody };
export type AckCallback<T extends object = object> = (ack: Ack<T>) => void;
