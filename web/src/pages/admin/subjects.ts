import type { DirectionDto, SubjectDto } from "@imtihon/client-sdk/protocol";
import { useApi } from "../../api/use-api.ts";

/** Subjects (GET /admin/subjects, admins) and directions, for the authoring pages. */
export function useSubjects(): {
  subjects: SubjectDto[];
  directions: DirectionDto[];
  error?: Error;
  reload: () => void;
} {
  const subjects = useApi<{ items: SubjectDto[] }>("/admin/subjects");
  const directions = useApi<{ items: DirectionDto[] }>("/directions");
  return {
    subjects: subjects.data?.items ?? [],
    directions: directions.data?.items ?? [],
    error: subjects.error ?? directions.error,
    reload: () => {
      subjects.reload();
      directions.reload();
    },
  };
}
