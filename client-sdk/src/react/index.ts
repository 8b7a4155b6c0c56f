import {
  createContext,
  createElement,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import type {
  Attempt,
  AttemptSnapshot,
  ConnectionState,
  ExamClient,
  SessionSnapshot,
  SessionWatch,
} from "../index.ts";

/**
 * React bindings for the SDK: each hook reads an immutable snapshot through useSyncExternalStore
 * (attempts and session watches alike), so a render never mixes two states.
 */
const ClientContext = createContext<ExamClient | null>(null);

/**
 * @example
 * <ExamClientProvider client={client}><App /></ExamClientProvider>
 */
export function ExamClientProvider(props: { client: ExamClient; children?: ReactNode }) {
  return createElement(ClientContext.Provider, { value: props.client }, props.children);
}

export function useExamClient(): ExamClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error("useExamClient() outside <ExamClientProvider>");
  return client;
}

function useClient(given: ExamClient | undefined): ExamClient {
  const fromContext = useContext(ClientContext);
  const client = given ?? fromContext;
  if (!client) throw new Error("no ExamClient: pass one or render inside <ExamClientProvider>");
  return client;
}

/** "connecting" | "connected" | "reconnecting" | "offline", live. */
export function useConnection(given?: ExamClient): ConnectionState {
  const client = useClient(given);
  const store = useMemo(
    () => ({
      subscribe: (fn: () => void) => {
        const off = client.on("connection", fn);
        return () => void off();
      },
      get: () => client.connection,
    }),
    [client],
  );
  return useSyncExternalStore(store.subscribe, store.get);
}

/**
 * The attempt's immutable snapshot (answers, save states, status, deadline, pause), a new object
 * after every change: render from it, it never tears under concurrent rendering.
 */
export function useAttempt(attempt: Attempt): AttemptSnapshot;
export function useAttempt(attempt: Attempt | null | undefined): AttemptSnapshot | undefined;
export function useAttempt(attempt: Attempt | null | undefined): AttemptSnapshot | undefined {
  const subscribe = useMemo(
    () => (onChange: () => void) => (attempt ? attempt.subscribe(onChange) : () => {}),
    [attempt],
  );
  return useSyncExternalStore(subscribe, attempt ? attempt.getSnapshot : NO_SNAPSHOT);
}

const NO_SNAPSHOT = () => undefined;

/**
 * The watch's snapshot (session, roster, integrity), re-rendering at most once per animation frame:
 * a session of 1,000 students sends many small roster updates.
 */
export function useSessionWatch(watch: SessionWatch | null | undefined): SessionSnapshot | undefined {
  const subscribe = useMemo(
    () => (onChange: () => void) => (watch ? watch.subscribe(perFrame(onChange)) : () => {}),
    [watch],
  );
  return useSyncExternalStore(subscribe, watch ? watch.getSnapshot : NO_SNAPSHOT);
}

function perFrame(fn: () => void): () => void {
  let scheduled = false;
  const schedule =
    typeof requestAnimationFrame === "function"
      ? requestAnimationFrame
      : (f: () => void) => setTimeout(f, 16);
  return () => {
    if (scheduled) return;
    scheduled = true;
    schedule(() => {
      scheduled = false;
      fn();
    });
  };
}

/** Milliseconds left by the server's clock, refreshed every `intervalMs`; null while in a lobby. */
export function useTimeLeft(attempt: Attempt | null | undefined, intervalMs = 250): number | null {
  useAttempt(attempt);
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!attempt) return;
    const id = setInterval(() => setTick((t) => t + 1), intervalMs);
    const off = attempt.on("time", () => setTick((t) => t + 1));
    return () => {
      clearInterval(id);
      off();
    };
  }, [attempt, intervalMs]);
  return attempt ? attempt.timeLeftMs() : null;
}

/** The server clock estimate, refreshed every `intervalMs` (for countdowns of many deadlines). */
export function useServerNow(given?: ExamClient, intervalMs = 1000): number {
  const client = useClient(given);
  const [now, setNow] = useState(() => client.serverNow());
  useEffect(() => {
    const id = setInterval(() => setNow(client.serverNow()), intervalMs);
    return () => clearInterval(id);
  }, [client, intervalMs]);
  return now;
}
