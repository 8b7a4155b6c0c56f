import "./error-reporting.ts";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { AuthProvider } from "./auth/auth-context.tsx";
import { AuthStore } from "./auth/auth-store.ts";
import { I18nProvider } from "./i18n/i18n.tsx";
import "./styles.css";

const auth = new AuthStore();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nProvider>
      <AuthProvider store={auth}>
        <App />
      </AuthProvider>
    </I18nProvider>
  </StrictMode>,
);
