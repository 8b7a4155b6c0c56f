import { randomBytes } from "node:crypto";
import type { apiClient } from "./http.ts";

type Api = ReturnType<typeof apiClient>;

/**
 * One question of every kind in a fresh subject, tagged with a small topic tree
 * (Algebra → Kvadrat tenglamalar, Geometriya), made through the authoring API itself.
 */
export async function newItemBank(api: Api, adminToken: string) {
  const code = `i${randomBytes(4).toString("hex")}`;
  const s = await api.post("/admin/subjects", { code, name: `Fan ${code}` }, adminToken);
  if (s.status !== 201) throw new Error(`subject: ${s.status} ${s.text}`);
  const subjectId = s.body.subject.id as string;
  const topic = async (name: string, parentId?: string) => {
    const r = await api.post(
      "/admin/topics",
      { subjectId, name, ...(parentId ? { parentId } : {}) },
      adminToken,
    );
    if (r.status !== 201) throw new Error(`topic: ${r.status} ${r.text}`);
    return r.body.topic.id as string;
  };
  const algebra = await topic("Algebra");
  const quadratic = await topic("Kvadrat tenglamalar", algebra);
  const geometry = await topic("Geometriya");
  const items = [
    {
      subjectId,
      kind: "single",
      stem: "2 + 2 = ?",
      options: [
        { id: "a", text: "3" },
        { id: "b", text: "4" },
      ],
      correct: ["b"],
      topicIds: [algebra],
      difficulty: "easy",
    },
    {
      subjectId,
      kind: "multiple",
      stem: "Tub sonlarni belgilang",
      options: [
        { id: "a", text: "2" },
        { id: "b", text: "9" },
        { id: "c", text: "11" },
        { id: "d", text: "15" },
        { id: "e", text: "17" },
      ],
      correct: ["a", "c", "e"],
      topicIds: [algebra],
      difficulty: "easy",
    },
    {
      subjectId,
      kind: "numeric",
      stem: "x² − 5x + 6 = 0: ildizlar ko'paytmasi / 12",
      answer: { value: 0.5 },
      topicIds: [quadratic],
      difficulty: "medium",
      explanation: "Viyet: 6 / 12 = 1/2",
    },
    {
      subjectId,
      kind: "short_text",
      stem: "To'g'ri burchak qarshisidagi tomon?",
      accepted: ["gipotenuza"],
      topicIds: [geometry],
      difficulty: "easy",
    },
    {
      subjectId,
      kind: "matching",
      stem: "Funksiya va hosila",
      left: [
        { id: "l1", text: "x^2" },
        { id: "l2", text: "sin x" },
        { id: "l3", text: "e^x" },
      ],
      right: [
        { id: "r1", text: "2x" },
        { id: "r2", text: "cos x" },
        { id: "r3", text: "e^x" },
        { id: "r4", text: "-sin x" },
      ],
      pairs: [
        ["l1", "r1"],
        ["l2", "r2"],
        ["l3", "r3"],
      ],
      topicIds: [quadratic, geometry],
      difficulty: "hard",
    },
  ];
  const q = await api.post("/admin/questions", { items }, adminToken);
  if (q.status !== 201) throw new Error(`questions: ${q.status} ${q.text}`);
  const [single, multiple, numeric, shortText, matching] = q.body.ids as string[];
  return {
    subjectId,
    topics: { algebra, quadratic, geometry },
    ids: {
      single: single!,
      multiple: multiple!,
      numeric: numeric!,
      shortText: shortText!,
      matching: matching!,
    },
    all: q.body.ids as string[],
  };
}

/** A published self-paced exam over the bank: one section, 2 points a question. */
export async function newItemExam(
  api: Api,
  adminToken: string,
  bank: Awaited<ReturnType<typeof newItemBank>>,
  options: {
    scoring?: "all_or_nothing" | "partial";
    review?: "none" | "score" | "full";
    closesAt?: string;
  } = {},
) {
  const e = await api.post(
    "/admin/exams",
    {
      title: `Savol turlari ${randomBytes(3).toString("hex")}`,
      mode: "self_paced",
      durationSeconds: 900,
      review: options.review ?? "score",
      ...(options.closesAt ? { closesAt: options.closesAt } : {}),
      sections: [
        {
          title: "Turlar",
          subjectId: bank.subjectId,
          questionIds: bank.all,
          pointsPerQuestion: 2,
          scoring: options.scoring ?? "partial",
        },
      ],
    },
    adminToken,
  );
  if (e.status !== 201) throw new Error(`exam: ${e.status} ${e.text}`);
  const examId = e.body.exam.id as string;
  const p = await api.post(`/admin/exams/${examId}/publish`, undefined, adminToken);
  if (p.status !== 200) throw new Error(`publish: ${p.status} ${p.text}`);
  return examId;
}
