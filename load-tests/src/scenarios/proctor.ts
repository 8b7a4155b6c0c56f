import type { RosterUpdate } from "@imtihon/client-sdk/protocol";
import { latency, newHistogram } from "../report/collector.ts";
import type { RunSection } from "../report/report.ts";
import { defaultProcesses, makeStudents, openImtihon, withBench } from "./bench.ts";
import { openLiveSession, startSession } from "./live-session.ts";
import { DEFAULTS, type RunOptions } from "./options.ts";
import { lostTarget, type ScenarioResult } from "./result.ts";

/**
 * One proctor watching a 1,000-student live session: students answer with a think time; the proctor
 * receives `roster:update` batches. Roster lag = when the proctor first sees an attempt's `answered`
 * count reach k, minus when its student sent the save that made it k.
 */
export async function proctor(o: RunOptions, runDir: string): Promise<ScenarioResult> {
  const students = o.students ?? DEFAULTS.proctor.students;
  const durationMs = (o.durationS ?? DEFAULTS.proctor.durationS) * 1000;
  const processes = defaultProcesses(o, students);
  const sections: RunSection[] = [];
  const sut = await openImtihon(o, runDir);
  let integrity: ScenarioResult["integrity"] = { skipped: "run did not reach verification" };
  const seen = new Map<string, { answered: number; at: number }[]>();
  let messages = 0;
  let updates = 0;
  let watchMs = 0;
  let rosterSize = 0;
  const lag = newHistogram();
  let missing = 0;
  try {
    const live = await openLiveSession(sut, { examSeconds: 3600, questions: 20, title: "Load: proctor" });
    live.proctor.on("roster:update", (e) => {
      const at = Date.now();
      messages++;
      const list: RosterUpdate[] = "updates" in e ? e.updates : [e];
      for (const u of list) {
        updates++;
        if (u.answered === undefined) continue;
        let l = seen.get(u.attemptId);
        if (!l) seen.set(u.attemptId, (l = []));
        l.push({ answered: u.answered, at });
      }
    });
    const users = await makeStudents(sut, students);
    try {
      await withBench(
        sut.target,
        { processes, students: users, jwtSecret: sut.jwtSecret },
        o.quiet,
        async (bench) => {
          await bench.phase(
            "connect",
            { t: "connect", concurrency: 200, timeoutMs: 30_000 },
            { rateLabel: "connects/s" },
          );
          await bench.phase(
            "join the lobby",
            { t: "start", sessionId: live.sessionId, windowMs: 2000 },
            { rateLabel: "joins/s" },
          );
          const t0 = performance.now();
          const watch = await live.proctor.emitWithAck("session:watch", { sessionId: live.sessionId });
          watchMs = Math.round(performance.now() - t0);
          rosterSize = watch.ok ? watch.roster.length : 0;
          await startSession(live);
          await bench.phase(
            "resume after session:start",
            { t: "start", sessionId: live.sessionId, windowMs: 500 },
            { rateLabel: "starts/s" },
          );
          const answers = await bench.phase(
            "answers, think 1 s, proctor watching",
            { t: "answer", durationMs, thinkMs: 1000, maxAnswers: 20, recordSends: true },
            { rateLabel: "answers/s", durationMs },
          );
          // The roster hub batches per window: give the last batch time to arrive.
          await new Promise((r) => setTimeout(r, 2000));
          for (const s of answers.results.flatMap((r) => r.sends ?? [])) {
            const hit = seen.get(s.attemptId)?.find((x) => x.answered >= s.answered && x.at >= s.at);
            if (hit) lag.recordValue(Math.max(1, (hit.at - s.at) * 1000));
            else missing++;
          }
          answers.section.extra = {
            ...answers.section.extra,
            "session:watch ack (roster of the whole session)": `${watchMs} ms, ${rosterSize} entries`,
            "roster:update messages to the proctor": messages,
            "roster entries carried": updates,
          };
          sections.push(answers.section, {
            label: bench.target.label,
            phase: "roster lag seen by the proctor",
            rateLabel: "updates/s",
            connections: 1,
            durationS: durationMs / 1000,
            perSecond: Math.round(updates / (durationMs / 1000)),
            latency: latency(lag),
            errors: missing ? { "answer never reflected in the roster": missing } : {},
            processes: [],
            series: [],
          });
          integrity = await bench.verify(sut.databaseUrl);
        },
      );
    } finally {
      live.close();
    }
  } finally {
    await sut.target.stop();
  }
  const l = latency(lag);
  return {
    sections,
    comparisons: [],
    targets: [
      {
        name: "proctor sees each answer in the roster",
        target: "p99 < 1,000 ms, none missing",
        measured: `p99 ${l.p99} ms, max ${l.max} ms, ${missing} missing`,
        met: l.count > 0 && l.p99 < 1000 && missing === 0,
      },
      lostTarget(integrity),
    ],
    integrity,
    notes: [
      "Roster lag includes the answer's durable write and the hub's batching window (250 ms), by design: the proctor gets a few messages per second, not one per answer.",
    ],
  };
}
