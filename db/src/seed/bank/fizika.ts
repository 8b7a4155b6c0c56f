import { FIGURES, figureMarkup } from "../figures.ts";
import type { QuestionDraft } from "../question.ts";

/** Fizika written by hand: formulas in TeX and two figures (a graph, a circuit). */
export const FIZIKA: readonly QuestionDraft[] = [
  {
    stem: `Grafikda jism tezligining vaqtga bog'liqligi berilgan. Birinchi 4 sekunddagi tezlanishni toping.\n\n${figureMarkup(FIGURES.velocityGraph)}`,
    correct: "$2\\ \\text{m/s}^2$",
    wrong: ["$2{,}5\\ \\text{m/s}^2$", "$0{,}5\\ \\text{m/s}^2$", "$8\\ \\text{m/s}^2$"],
  },
  {
    stem: `Zanjirdagi tok kuchini toping.\n\n${figureMarkup(FIGURES.circuit)}`,
    correct: "2 A",
    wrong: ["5 A", "0,5 A", "10 A"],
  },
  {
    stem: "Jismning kinetik energiyasi qaysi formula bilan hisoblanadi?",
    correct: "$E_k = \\dfrac{mv^2}{2}$",
    wrong: ["$E_k = mgh$", "$E_k = \\dfrac{mv}{2}$", "$E_k = mv^2$"],
  },
  {
    stem: "Jism $h = 20$ m balandlikdan boshlang'ich tezliksiz erkin tushmoqda ($g = 10\\ \\text{m/s}^2$). Uning tushish vaqtini toping.\n\n$$h = \\frac{gt^2}{2}$$",
    correct: "2 s",
    wrong: ["4 s", "1 s", "$\\sqrt{2}$ s"],
  },
  {
    stem: "Bikrligi $k = 200\\ \\text{N/m}$ bo'lgan prujina $x = 5$ sm ga cho'zildi. Elastiklik kuchini toping ($F = kx$).",
    correct: "10 N",
    wrong: ["1000 N", "40 N", "100 N"],
  },
];
