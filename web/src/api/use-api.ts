import { useCallback, useEffect, useState } from "react";
import { useAuth } from "../auth/auth-context.tsx";
import { ApiError } from "./http.ts";

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (when not null) with the signed-in user's token; `reload()` fetches again. */
export function useApi<T>(path: string | null): Loaded<T> {
  const { auth } = useAuth();
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: !!path });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    auth.api<T>(path).then(
      (data) => live && setState({ data, loading: false }),
      (err: unknown) =>
        live &&
        setState({
          loading: false,
          error: err instanceof ApiError ? err : new ApiError(0, "unavailable", String(err)),
        }),
    );
    return () => {
      live = false;
    };
  }, [auth, path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
