import { FIGURES, figureMarkup } from "../figures.ts";
import type { QuestionDraft } from "../question.ts";

/** Matematika written by hand: roots, logarithms, a quadratic, a table and a figure, in TeX markup. */
export const MATEMATIKA: readonly QuestionDraft[] = [
  {
    stem: `Rasmda to'g'ri burchakli uchburchak berilgan. $x$ ni toping.\n\n${figureMarkup(FIGURES.triangle)}`,
    correct: "10",
    wrong: ["14", "$2\\sqrt{7}$", "12"],
  },
  {
    stem: "Hisoblang: $\\sqrt{50} \\cdot \\sqrt{2}$.",
    correct: "10",
    wrong: ["100", "$5\\sqrt{2}$", "25"],
  },
  {
    stem: "Tenglamaning ildizlari yig'indisini toping:\n\n$$x^2 - 5x + 6 = 0$$",
    correct: "5",
    wrong: ["$-5$", "6", "1"],
  },
  {
    stem: "Hisoblang: $\\log_2 32$.",
    correct: "5",
    wrong: ["16", "6", "4"],
  },
  {
    stem: "Jadvalda $y = kx + b$ chiziqli funksiyaning qiymatlari berilgan. $k$ ni toping.\n\n| $x$ | 1 | 2 | 3 |\n| --- | --- | --- | --- |\n| $y$ | 3 | 5 | 7 |",
    correct: "2",
    wrong: ["1", "3", "$\\frac{1}{2}$"],
  },
];
