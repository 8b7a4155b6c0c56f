import { check } from "k6";
import http from "k6/http";
import exec from "k6/execution";
import { adminToken, createExam, studentTokens, url } from "./lib/fixtures.ts";
import { routes } from "./lib/protocol.gen.ts";

// The `http` scenario in k6: catalogue reads (GET /directions, /exams) by many VUs, and logins at
// a fixed arrival rate (scrypt makes a login ~80 ms of CPU by design; the per-IP login limit of 50 per
// 15 minutes means one k6 host measures the limiter beyond that: see k6/README.md).
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e ADMIN_EMAIL=... -e ADMIN_PASSWORD=... k6/http.ts

const VUS = Number(__ENV.VUS || 64);
const DURATION = __ENV.DURATION || "30s";
const LOGIN_RATE = Number(__ENV.LOGIN_RATE || 0);
const tokensFile = __ENV.TOKENS_FILE ? open(__ENV.TOKENS_FILE) : undefined;

export const options = {
  setupTimeout: "5m",
  scenarios: {
    catalogue: { executor: "constant-vus", vus: VUS, duration: DURATION, exec: "catalogue" },
    ...(LOGIN_RATE > 0
      ? {
          login: {
            executor: "constant-arrival-rate",
            rate: LOGIN_RATE,
            timeUnit: "1s",
            duration: DURATION,
            preAllocatedVUs: 20,
            exec: "login",
          },
        }
      : {}),
  },
  thresholds: {
    "http_req_duration{scenario:catalogue}": ["p(99)<200"],
    "http_req_failed{scenario:catalogue}": ["rate<0.001"],
  },
};

interface Data {
  tokens: string[];
  logins: { email: string; password: string }[];
}

export function setup(): Data {
  createExam(adminToken());
  const logins: Data["logins"] = [];
  const emailPrefix = __ENV.LOGIN_EMAIL_PREFIX;
  // Accounts to log in with: LOGIN_EMAIL_PREFIX + n + "@" + LOGIN_EMAIL_DOMAIN, all with LOGIN_PASSWORD.
  if (emailPrefix) {
    for (let i = 1; i <= Number(__ENV.LOGIN_ACCOUNTS || 1000); i++) {
      logins.push({
        email: `${emailPrefix}${i}@${__ENV.LOGIN_EMAIL_DOMAIN || "load.local"}`,
        password: __ENV.LOGIN_PASSWORD || "",
      });
    }
  }
  return { tokens: studentTokens(Math.min(VUS, 32), tokensFile), logins };
}

export function catalogue(data: Data): void {
  const token = data.tokens[exec.vu.idInTest % data.tokens.length]!;
  const params = { headers: { Authorization: `Bearer ${token}` } };
  const dirs = http.get(url("directions"), params);
  check(dirs, { "directions 200": (r) => r.status === routes.directions.status });
  const exams = http.get(url("exams"), params);
  check(exams, { "exams 200": (r) => r.status === routes.exams.status });
}

export function login(data: Data): void {
  if (data.logins.length === 0) throw new Error("LOGIN_RATE needs LOGIN_EMAIL_PREFIX and LOGIN_PASSWORD");
  const who = data.logins[exec.scenario.iterationInTest % data.logins.length]!;
  const res = http.post(url("login"), JSON.stringify(who), {
    headers: { "Content-Type": "application/json" },
  });
  check(res, { "login 200": (r) => r.status === routes.login.status });
}
