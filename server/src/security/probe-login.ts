import { percentile, post, startProbeNode } from "./probe-node.ts";

// Issue 17 probe, defects 1 and 5: `npx node server/src/security/probe-login.ts`. Prints figures only.
// (1) a burst of 150 parallel guesses at one account from one address, the right password at #60, #90,
// #120, #149: how many got through; (2) 400 parallel failed logins from one address while a legitimate
// user signs in from another, repeatedly: that user's latency; (3) 60 made-up emails from a hall's
// address, then a correct login from it.
const node = await startProbeNode();
try {
  const password = "probe-student-pass-1";
  const users: { email: string; password: string }[] = [];
  for (let i = 0; i < 4; i++) {
    const email = `probe-${i}@probe.local`;
    const r = await post(node.url, "/auth/register", { email, password, fullName: "P" }, `10.99.0.${i + 1}`);
    if (r.status !== 201) throw new Error(`register ${r.status}`);
    users.push({ email, password });
  }

  const right = new Set([59, 89, 119, 148]);
  const burst = await Promise.all(
    Array.from({ length: 150 }, (_, i) =>
      post(
        node.url,
        "/auth/login",
        { email: users[0]!.email, password: right.has(i) ? password : `g-${i}` },
        "203.0.113.9",
      ),
    ),
  );
  const ok = burst.flatMap((r, i) => (r.status === 200 ? [i + 1] : []));
  const count = (s: number) => burst.filter((r) => r.status === s).length;
  console.log(
    `burst of 150 guesses: right password accepted at ${ok.length ? ok.map((n) => `#${n}`).join(", ") : "none"}; ` +
      `${count(401)} × 401 (each one scrypt), ${count(429)} × 429, ${count(503)} × 503`,
  );

  // Legitimate logins one after another while the flood runs.
  const flood = Promise.all(
    Array.from({ length: 400 }, (_, i) =>
      post(node.url, "/auth/login", { email: `nobody-${i}@nowhere.uz`, password: "x" }, "203.0.113.10"),
    ),
  );
  let done = false;
  const legit: number[] = [];
  const floodStart = performance.now();
  void flood.then(() => (done = true));
  while (!done || legit.length === 0) {
    const t = performance.now();
    const r = await post(node.url, "/auth/login", users[1], "198.51.100.1");
    legit.push(performance.now() - t);
    if (r.status !== 200) console.log(`legitimate login answered ${r.status}`);
  }
  const floodRes = await flood;
  const fc = (s: number) => floodRes.filter((r) => r.status === s).length;
  console.log(
    `400 parallel failed logins from one address: ${fc(401)} × 401 (scrypt), ${fc(429)} × 429, ${fc(503)} × 503 ` +
      `in ${((performance.now() - floodStart) / 1000).toFixed(1)} s; legitimate login meanwhile: ` +
      `${legit.length} done, median ${percentile(legit, 50).toFixed(0)} ms, max ${Math.max(...legit).toFixed(0)} ms`,
  );

  const hall = "100.64.9.9";
  for (let b = 0; b < 6; b++)
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(node.url, "/auth/login", { email: `made-up-${b}-${i}@nowhere.uz`, password: "x" }, hall),
      ),
    );
  const after = await post(node.url, "/auth/login", users[2], hall);
  console.log(`60 made-up emails from a hall's address, then a correct login from it: ${after.status}`);
} finally {
  await node.stop();
}
