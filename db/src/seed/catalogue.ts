import type { Difficulty, ExamMode, ReviewPolicy, SectionScoring } from "@imtihon/client-sdk/protocol";
import { BIOLOGIYA } from "./bank/biologiya.ts";
import { FIZIKA } from "./bank/fizika.ts";
import { KIMYO_FACTS, KIMYO_REACTIONS } from "./bank/kimyo.ts";
import { MATEMATIKA } from "./bank/matematika.ts";
import { ONA_TILI } from "./bank/ona-tili.ts";
import { TARIX } from "./bank/tarix.ts";
import { MATH_TEMPLATE_LABELS, TURLAR, type RichSeedQuestion } from "./bank/turlar.ts";
import { generateChemistryQuestions } from "./generators/kimyo.ts";
import { generatePhysicsQuestions } from "./generators/fizika.ts";
import { generateMathQuestions, MATH_TEMPLATES } from "./generators/matematika.ts";
import { buildQuestion, type QuestionDraft, type SeedQuestion, type SubjectCode } from "./question.ts";

/**
 * The demo catalogue as plain data: subjects, directions, questions and exams, each with a stable
 * key. index.ts writes it; nothing here touches the database.
 */
export const SUBJECTS: readonly { code: SubjectCode; name: string }[] = [
  { code: "ona_tili", name: "Ona tili va adabiyot" },
  { code: "matematika", name: "Matematika" },
  { code: "tarix", name: "Oʻzbekiston tarixi" },
  { code: "fizika", name: "Fizika" },
  { code: "biologiya", name: "Biologiya" },
  { code: "kimyo", name: "Kimyo" },
  { code: "ingliz_tili", name: "Ingliz tili" },
];

export const DIRECTIONS: readonly {
  code: string;
  name: string;
  specialties: readonly [SubjectCode, SubjectCode];
}[] = [
  { code: "dasturiy-injiniring", name: "Dasturiy injiniring", specialties: ["matematika", "fizika"] },
  { code: "davolash-ishi", name: "Davolash ishi", specialties: ["biologiya", "kimyo"] },
];

export interface SeedSection {
  title: string;
  subject: SubjectCode;
  /** Hundredths of a point per question. */
  points: number;
  questionKeys: string[];
  /** Default all_or_nothing. */
  scoring?: SectionScoring;
}

export interface SeedExam {
  key: string;
  title: string;
  direction: string | null;
  mode: ExamMode;
  durationSeconds: number;
  review: ReviewPolicy;
  sections: SeedSection[];
  /** Whole so'm; absent: free. */
  priceUzs?: number;
}

/** Keys are "demo/<subject>/<group>-<nn>": appending to a group never renumbers existing questions. */
function keyed(subject: SubjectCode, group: string, drafts: readonly QuestionDraft[]): SeedQuestion[] {
  return drafts.map((d, i) =>
    buildQuestion(`demo/${subject}/${group}-${String(i + 1).padStart(3, "0")}`, subject, d),
  );
}

const math = keyed("matematika", "gen", generateMathQuestions(40));
const mathBank = keyed("matematika", "bank", MATEMATIKA);
const physics = keyed("fizika", "gen", generatePhysicsQuestions(30));
const physicsBank = keyed("fizika", "bank", FIZIKA);
const chemistryGenerated = keyed("kimyo", "gen", generateChemistryQuestions());
const chemistryFacts = keyed("kimyo", "fakt", KIMYO_FACTS);
const chemistryReactions = keyed("kimyo", "reaksiya", KIMYO_REACTIONS);
const onaTili = keyed("ona_tili", "bank", ONA_TILI);
const tarix = keyed("tarix", "bank", TARIX);
const biologiya = keyed("biologiya", "bank", BIOLOGIYA);

export const QUESTIONS: readonly SeedQuestion[] = [
  ...onaTili,
  ...math,
  ...mathBank,
  ...tarix,
  ...physics,
  ...physicsBank,
  ...biologiya,
  ...chemistryGenerated,
  ...chemistryFacts,
  ...chemistryReactions,
];

/** Questions of the kinds beyond single choice (numeric, short_text, matching, multiple). */
export const RICH_QUESTIONS: readonly RichSeedQuestion[] = TURLAR;

/** Topics and difficulty of the hand-written mathematics items (bank/matematika.ts), in order. */
const MATH_BANK_LABELS: readonly { topic: string[]; difficulty: Difficulty }[] = [
  { topic: ["Geometriya", "Pifagor teoremasi"], difficulty: "medium" },
  { topic: ["Algebra", "Ildizlar"], difficulty: "easy" },
  { topic: ["Algebra", "Kvadrat tenglamalar"], difficulty: "medium" },
  { topic: ["Algebra", "Logarifmlar"], difficulty: "medium" },
  { topic: ["Algebra", "Chiziqli funksiya"], difficulty: "medium" },
];

/** Topic path and difficulty of seeded questions, by key (the rich ones carry their own). */
export const LABELS: ReadonlyMap<string, { subject: SubjectCode; topic: string[]; difficulty: Difficulty }> =
  new Map([
    ...math.map((q, i) => {
      const label = MATH_TEMPLATE_LABELS[i % MATH_TEMPLATES]!;
      return [q.key, { subject: "matematika" as const, ...label }] as const;
    }),
    ...mathBank.map((q, i) => [q.key, { subject: "matematika" as const, ...MATH_BANK_LABELS[i]! }] as const),
    ...RICH_QUESTIONS.map(
      (q) => [q.key, { subject: q.subject, topic: q.topic, difficulty: q.difficulty }] as const,
    ),
  ]);

const keys = (qs: readonly SeedQuestion[], from: number, to: number) => {
  const slice = qs.slice(from, to);
  if (slice.length !== to - from) throw new Error(`seed catalogue: need questions ${from}..${to - 1}`);
  return slice.map((q) => q.key);
};

/** The specialty block of each subject in a DTM exam: 30 questions. */
const SPECIALTY: Record<string, string[]> = {
  // Mathematics 0..9 are the mandatory block; the specialty block never repeats them. The written
  // items (a figure, a table, display formulas) come first, so the demo shows them early.
  matematika: [...keys(mathBank, 0, 5), ...keys(math, 10, 35)],
  fizika: [...keys(physicsBank, 0, 5), ...keys(physics, 0, 25)],
  biologiya: keys(biologiya, 0, 30),
  // 4 reactions (mhchem) + 18 computed (molar masses, oxidation states) + 8 facts.
  kimyo: [
    ...keys(chemistryReactions, 0, 4),
    ...keys(chemistryGenerated, 0, 12),
    ...keys(chemistryGenerated, 16, 22),
    ...keys(chemistryFacts, 0, 8),
  ],
};

const subjectName = (code: SubjectCode) => SUBJECTS.find((s) => s.code === code)?.name ?? code;

function dtmExam(direction: (typeof DIRECTIONS)[number]): SeedExam {
  const [first, second] = direction.specialties;
  return {
    key: `demo/dtm/${direction.code}`,
    title: `DTM namunaviy testi: ${direction.name}`,
    direction: direction.code,
    mode: "self_paced",
    durationSeconds: 3 * 60 * 60,
    review: "score",
    sections: [
      { title: "Ona tili (majburiy)", subject: "ona_tili", points: 110, questionKeys: keys(onaTili, 0, 10) },
      { title: "Matematika (majburiy)", subject: "matematika", points: 110, questionKeys: keys(math, 0, 10) },
      {
        title: "Oʻzbekiston tarixi (majburiy)",
        subject: "tarix",
        points: 110,
        questionKeys: keys(tarix, 0, 10),
      },
      {
        title: `${subjectName(first)} (1-mutaxassislik fani)`,
        subject: first,
        points: 310,
        questionKeys: SPECIALTY[first] ?? [],
      },
      {
        title: `${subjectName(second)} (2-mutaxassislik fani)`,
        subject: second,
        points: 210,
        questionKeys: SPECIALTY[second] ?? [],
      },
    ],
  };
}

export const EXAMS: readonly SeedExam[] = [
  ...DIRECTIONS.map(dtmExam),
  {
    // One question of every kind, scored with partial credit; the result breaks down by topic.
    key: "demo/types",
    title: "Savol turlari: sonli, matnli, moslashtirish (demo)",
    direction: "dasturiy-injiniring",
    mode: "self_paced",
    durationSeconds: 900,
    review: "full",
    sections: [
      {
        title: "Matematika: yangi savol turlari",
        subject: "matematika",
        points: 200,
        scoring: "partial",
        questionKeys: RICH_QUESTIONS.map((q) => q.key),
      },
      { title: "Matematika", subject: "matematika", points: 100, questionKeys: keys(math, 20, 23) },
    ],
  },
  {
    // The DTM layout in miniature: same sections and weights, two questions each.
    key: "demo/mini",
    title: "Demo imtihon (10 daqiqa)",
    direction: "dasturiy-injiniring",
    mode: "self_paced",
    durationSeconds: 600,
    review: "full",
    sections: [
      { title: "Ona tili (majburiy)", subject: "ona_tili", points: 110, questionKeys: keys(onaTili, 10, 12) },
      {
        title: "Matematika (majburiy)",
        subject: "matematika",
        points: 110,
        questionKeys: [...keys(mathBank, 0, 1), ...keys(math, 0, 1)],
      },
      {
        title: "Oʻzbekiston tarixi (majburiy)",
        subject: "tarix",
        points: 110,
        questionKeys: keys(tarix, 10, 12),
      },
      {
        title: "Matematika (1-mutaxassislik fani)",
        subject: "matematika",
        points: 310,
        questionKeys: keys(math, 10, 12),
      },
      {
        title: "Fizika (2-mutaxassislik fani)",
        subject: "fizika",
        points: 210,
        // A graph to read and a formula to use: the demo shows a figure and display math.
        questionKeys: [...keys(physicsBank, 0, 1), ...keys(physicsBank, 3, 4)],
      },
    ],
  },
  {
    // The paid demo: bought through Payme or Click (or `npm run payments:sandbox`) before it starts.
    key: "demo/paid",
    title: "Pullik mashq imtihoni (10 daqiqa)",
    direction: "dasturiy-injiniring",
    mode: "self_paced",
    durationSeconds: 600,
    review: "full",
    priceUzs: 15_000,
    sections: [
      { title: "Ona tili", subject: "ona_tili", points: 110, questionKeys: keys(onaTili, 10, 12) },
      { title: "Matematika", subject: "matematika", points: 310, questionKeys: keys(math, 10, 12) },
      { title: "Fizika", subject: "fizika", points: 210, questionKeys: keys(physics, 0, 2) },
    ],
  },
  {
    // A proctor creates live sessions from this one; it belongs to no direction.
    key: "demo/live",
    title: "Jonli demo imtihon",
    direction: null,
    mode: "live",
    durationSeconds: 900,
    review: "full",
    sections: [
      { title: "Ona tili", subject: "ona_tili", points: 100, questionKeys: keys(onaTili, 12, 14) },
      { title: "Matematika", subject: "matematika", points: 100, questionKeys: keys(math, 2, 4) },
      { title: "Oʻzbekiston tarixi", subject: "tarix", points: 100, questionKeys: keys(tarix, 12, 14) },
      { title: "Biologiya", subject: "biologiya", points: 100, questionKeys: keys(biologiya, 30, 32) },
      { title: "Kimyo", subject: "kimyo", points: 100, questionKeys: keys(chemistryFacts, 10, 12) },
    ],
  },
];
