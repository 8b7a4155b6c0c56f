import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type Metrics = ReturnType<typeof createMetrics>;

/** One registry per server instance, so several in-process test servers do not collide. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const ms = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
  return {
    registry,
    httpDuration: new Histogram({
      name: "imtihon_http_request_duration_seconds",
      help: "HTTP request duration by route and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    socketsConnected: new Gauge({
      name: "imtihon_sockets_connected",
      help: "Socket.IO connections on this node",
      registers: [registry],
    }),
    socketEvents: new Counter({
      name: "imtihon_socket_events_total",
      help: "Client socket events by event and outcome (ok or error code)",
      labelNames: ["event", "outcome"],
      registers: [registry],
    }),
    answerAckMs: new Histogram({
      name: "imtihon_answer_ack_milliseconds",
      help: "Time from answer:save received to its ack",
      buckets: ms,
      registers: [registry],
    }),
    flushBatchSize: new Histogram({
      name: "imtihon_answer_flush_batch_size",
      help: "Answers per flushed batch",
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers: [registry],
    }),
    flushMs: new Histogram({
      name: "imtihon_answer_flush_milliseconds",
      help: "Duration of one batch upsert",
      buckets: ms,
      registers: [registry],
    }),
    answerQueueDepth: new Gauge({
      name: "imtihon_answer_queue_depth",
      help: "Answers waiting to be written",
      registers: [registry],
    }),
    answerAcks: new Counter({
      name: "imtihon_answer_acks_total",
      help: "Answer acks by outcome",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    examContentLoads: new Counter({
      name: "imtihon_exam_content_loads_total",
      help: "Published exams read from Postgres into this node's content cache",
      registers: [registry],
    }),
    dependencyUp: new Gauge({
      name: "imtihon_dependency_up",
      help: "1 when this node reached the dependency (postgres, redis) when last scraped, else 0",
      labelNames: ["dependency"],
      registers: [registry],
    }),
    walArchivedAt: new Gauge({
      name: "imtihon_pg_wal_archived_timestamp_seconds",
      help: "When Postgres last archived a WAL segment (pg_stat_archiver, 0: never); absent when archive_mode is off",
      labelNames: ["archive_mode"],
      registers: [registry],
    }),
    walArchiveFailures: new Gauge({
      name: "imtihon_pg_wal_archive_failures",
      help: "Failed WAL archive attempts since the Postgres statistics were reset (pg_stat_archiver)",
      labelNames: ["archive_mode"],
      registers: [registry],
    }),
    socketGuard: new Counter({
      name: "imtihon_socket_guard_total",
      help: "Sockets refused or cut by the flood guards, by reason",
      labelNames: ["reason"],
      registers: [registry],
    }),
    eventLoopLag: new Gauge({
      name: "imtihon_event_loop_lag_milliseconds",
      help: "How late a 100 ms timer fired last (load shedding while above LOAD_SHED_LAG_MS)",
      registers: [registry],
    }),
    shed: new Counter({
      name: "imtihon_load_shed_total",
      help: "Requests and socket events refused while the event loop lagged, by transport",
      labelNames: ["transport"],
      registers: [registry],
    }),
    attemptsClosed: new Counter({
      name: "imtihon_attempts_closed_total",
      help: "Attempts closed, by final status and by whom",
      labelNames: ["status", "by"],
      registers: [registry],
    }),
    // Tests wait on it ("two more sweeps ran") instead of sleeping; it also shows a stuck sweeper.
    sweeps: new Counter({
      name: "imtihon_sweeps_total",
      help: "Overdue-attempt sweeps finished by this node (successful or not)",
      registers: [registry],
    }),
  };
}
