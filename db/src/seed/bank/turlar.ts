import type { Difficulty, UpdateQuestionInput } from "@imtihon/client-sdk/protocol";
import type { SubjectCode } from "../question.ts";

/**
 * The demo bank's questions of the kinds beyond single choice (issue 12): one or more of each, with
 * their topic path and difficulty. Written as the authoring API takes them.
 */
export type RichSeedQuestion = {
  key: string;
  subject: SubjectCode;
  topic: string[];
} & Exclude<UpdateQuestionInput, { kind: "single" }> & { difficulty: Difficulty };

export const TURLAR: readonly RichSeedQuestion[] = [
  {
    key: "demo/matematika/tur-001",
    subject: "matematika",
    topic: ["Algebra", "Kvadrat tenglamalar"],
    difficulty: "medium",
    kind: "numeric",
    stem: "$x^2 - 5x + 6 = 0$ tenglama ildizlarining ko'paytmasini toping.",
    explanation: "Viyet teoremasi: $x_1 x_2 = c/a = 6$.",
    answer: { value: 6 },
  },
  {
    key: "demo/matematika/tur-002",
    subject: "matematika",
    topic: ["Arifmetika", "Kasrlar"],
    difficulty: "easy",
    kind: "numeric",
    stem: "Hisoblang: $\\frac{3}{4} - \\frac{1}{4}$. Javobni kasr (1/2) yoki o'nli kasr (0,5) ko'rinishida yozing.",
    answer: { value: 0.5 },
  },
  {
    key: "demo/matematika/tur-003",
    subject: "matematika",
    topic: ["Algebra", "Ildizlar"],
    difficulty: "medium",
    kind: "numeric",
    stem: "$\\sqrt{2}$ ning qiymatini 0,01 aniqlikda toping.",
    answer: { value: 1.41, tolerance: 0.01 },
  },
  {
    key: "demo/matematika/tur-004",
    subject: "matematika",
    topic: ["Geometriya", "Uchburchaklar"],
    difficulty: "easy",
    kind: "short_text",
    stem: "To'g'ri burchakli uchburchakda to'g'ri burchak qarshisidagi tomon qanday ataladi?",
    accepted: ["gipotenuza"],
  },
  {
    key: "demo/matematika/tur-005",
    subject: "matematika",
    topic: ["Geometriya", "To'g'ri chiziqlar"],
    difficulty: "easy",
    kind: "short_text",
    stem: "Bir tekislikda yotib, kesishmaydigan ikki to'g'ri chiziq qanday to'g'ri chiziqlar deyiladi?",
    accepted: ["parallel", "parallel to'g'ri chiziqlar"],
  },
  {
    key: "demo/matematika/tur-006",
    subject: "matematika",
    topic: ["Algebra", "Hosila"],
    difficulty: "hard",
    kind: "matching",
    stem: "Har bir funksiyaga uning hosilasini mos qo'ying.",
    left: [
      { id: "l1", text: "$x^2$" },
      { id: "l2", text: "$\\sin x$" },
      { id: "l3", text: "$e^x$" },
    ],
    right: [
      { id: "r1", text: "$2x$" },
      { id: "r2", text: "$\\cos x$" },
      { id: "r3", text: "$e^x$" },
      { id: "r4", text: "$-\\sin x$" },
    ],
    pairs: [
      ["l1", "r1"],
      ["l2", "r2"],
      ["l3", "r3"],
    ],
  },
  {
    key: "demo/matematika/tur-007",
    subject: "matematika",
    topic: ["Arifmetika", "Tub sonlar"],
    difficulty: "easy",
    kind: "multiple",
    stem: "Quyidagilardan qaysilari tub sonlar? Barchasini belgilang.",
    options: [
      { id: "a", text: "2" },
      { id: "b", text: "9" },
      { id: "c", text: "11" },
      { id: "d", text: "15" },
      { id: "e", text: "17" },
    ],
    correct: ["a", "c", "e"],
  },
];

/** Topics and difficulty of the generated mathematics questions, by template (question i uses i % 12). */
export const MATH_TEMPLATE_LABELS: readonly { topic: string[]; difficulty: Difficulty }[] = [
  { topic: ["Arifmetika", "Amallar tartibi"], difficulty: "easy" },
  { topic: ["Arifmetika", "Foizlar"], difficulty: "easy" },
  { topic: ["Algebra", "Chiziqli tenglamalar"], difficulty: "easy" },
  { topic: ["Algebra", "Darajalar"], difficulty: "medium" },
  { topic: ["Geometriya", "Yuza va perimetr"], difficulty: "easy" },
  { topic: ["Geometriya", "Pifagor teoremasi"], difficulty: "medium" },
  { topic: ["Algebra", "Progressiyalar"], difficulty: "medium" },
  { topic: ["Algebra", "Qisqa ko'paytirish formulalari"], difficulty: "medium" },
  { topic: ["Geometriya", "Uchburchaklar"], difficulty: "easy" },
  { topic: ["Arifmetika", "O'rta arifmetik"], difficulty: "easy" },
  { topic: ["Arifmetika", "Kasrlar"], difficulty: "medium" },
  { topic: ["Algebra", "Ildizlar"], difficulty: "easy" },
];
