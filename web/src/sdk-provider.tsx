import { createExamClient, type ExamClient } from "@imtihon/client-sdk";
import { ExamClientProvider } from "@imtihon/client-sdk/react";
import { useEffect, type ReactNode } from "react";
import { useAuth } from "./auth/auth-context.tsx";
import type { AuthStore } from "./auth/auth-store.ts";

let current: { userId: string; client: ExamClient } | null = null;

/**
 * One realtime client per signed-in user for the whole tab (StrictMode remounts must not open a
 * second socket); closed on sign-out. Unsent answers persist in localStorage across reloads.
 */
function clientFor(auth: AuthStore, userId: string): ExamClient {
  if (current?.userId === userId) return current.client;
  current?.client.close();
  const client = createExamClient({
    url: location.origin,
    getToken: auth.getAccessToken,
    storage: localStorage,
  });
  current = { userId, client };
  return client;
}

export function SdkProvider({ children }: { children: ReactNode }) {
  const { auth, user } = useAuth();
  useEffect(
    () =>
      auth.subscribe(() => {
        if (!auth.user && current) {
          current.client.close();
          current = null;
        }
      }),
    [auth],
  );
  if (!user) return <>{children}</>;
  return <ExamClientProvider client={clientFor(auth, user.id)}>{children}</ExamClientProvider>;
}
