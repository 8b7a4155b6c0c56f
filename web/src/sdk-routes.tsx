import type { Route } from "./app.tsx";
import { ExamRoomPage } from "./exam-room/exam-room-page.tsx";
import { SessionPage } from "./pages/proctor/session-page.tsx";
import { SdkProvider } from "./sdk-provider.tsx";

/** Pages that run on the realtime SDK: the socket opens when one of them is first shown. */
export const sdkRoutes: Route[] = [
  {
    pattern: "/exam/:examId",
    render: (p) => (
      <SdkProvider>
        <ExamRoomPage target={{ examId: p.examId! }} />
      </SdkProvider>
    ),
  },
  {
    pattern: "/join/:sessionId",
    render: (p) => (
      <SdkProvider>
        <ExamRoomPage target={{ sessionId: p.sessionId! }} />
      </SdkProvider>
    ),
  },
  {
    pattern: "/proctor/sessions/:id",
    roles: ["proctor", "admin"],
    render: (p) => (
      <SdkProvider>
        <SessionPage sessionId={p.id!} />
      </SdkProvider>
    ),
  },
];
