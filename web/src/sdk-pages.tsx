import type { StartTarget } from "@imtihon/client-sdk";
import { ExamRoomPage } from "./exam-room/exam-room-page.tsx";
import { SessionPage } from "./pages/proctor/session-page.tsx";
import { SdkProvider } from "./sdk-provider.tsx";

/** Pages on the realtime SDK, in one lazily loaded chunk: the socket opens when one is first shown. */
export function ExamRoom({ target }: { target: StartTarget }) {
  return (
    <SdkProvider>
      <ExamRoomPage target={target} />
    </SdkProvider>
  );
}

export function ProctorSession({ sessionId }: { sessionId: string }) {
  return (
    <SdkProvider>
      <SessionPage sessionId={sessionId} />
    </SdkProvider>
  );
}
