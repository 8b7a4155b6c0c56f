import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import type { UserDto } from "@imtihon/client-sdk/protocol";
import type { AuthStore } from "./auth-store.ts";

const AuthContext = createContext<AuthStore | null>(null);

export function AuthProvider({ store, children }: { store: AuthStore; children: ReactNode }) {
  return <AuthContext.Provider value={store}>{children}</AuthContext.Provider>;
}

/** The auth store and the signed-in user (null when signed out); re-renders on sign in/out. */
export function useAuth(): { auth: AuthStore; user: UserDto | null } {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  const user = useSyncExternalStore(auth.subscribe, auth.getUser);
  return { auth, user };
}
