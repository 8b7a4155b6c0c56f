import { Signal } from "../infra/signal.ts";

/**
 * "This user's sessions end now": a user was disabled, changed their password or had it reset. The
 * account code publishes a user id; the realtime layer subscribes when it starts and cuts the user's
 * sockets on every node. A feed built with the context, so the context needs no field patched in
 * afterwards by the layer that happens to start later. `publish` resolves when every subscriber has
 * acted (no subscriber: nothing to cut, e.g. HTTP-only tests).
 */
export class Revocations extends Signal<string> {}
