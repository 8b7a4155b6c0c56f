import type { QuestionDraft } from "../question.ts";

/** Kimyo facts that are not computed by the generator: symbols, constants, periodic-table basics. */
export const KIMYO_FACTS: readonly QuestionDraft[] = [
  {
    stem: "Natriy elementining kimyoviy belgisi qaysi?",
    correct: "Na",
    wrong: ["N", "S", "K"],
  },
  {
    stem: "Temir elementining kimyoviy belgisi qaysi?",
    correct: "Fe",
    wrong: ["F", "Te", "Ti"],
  },
  {
    stem: "Oltin elementining kimyoviy belgisi qaysi?",
    correct: "Au",
    wrong: ["Ag", "Al", "Ar"],
  },
  {
    stem: "Kumush elementining kimyoviy belgisi qaysi?",
    correct: "Ag",
    wrong: ["Au", "Si", "Sn"],
  },
  {
    stem: "Avogadro doimiysining taqribiy qiymati qancha?",
    correct: "$6{,}02 \\cdot 10^{23}\\ \\text{mol}^{-1}$",
    wrong: [
      "$3{,}01 \\cdot 10^{23}\\ \\text{mol}^{-1}$",
      "$6{,}02 \\cdot 10^{22}\\ \\text{mol}^{-1}$",
      "$1{,}66 \\cdot 10^{-24}\\ \\text{mol}^{-1}$",
    ],
  },
  {
    stem: "25 °C da neytral suvli eritmaning pH qiymati nechaga teng?",
    correct: "7",
    wrong: ["0", "1", "14"],
  },
  {
    stem: "Eng elektromanfiy kimyoviy element qaysi?",
    correct: "Ftor",
    wrong: ["Kislorod", "Xlor", "Azot"],
  },
  {
    stem: "Tabiiy gazning asosiy tarkibiy qismi qaysi modda?",
    correct: "Metan",
    wrong: ["Etan", "Propan", "Butan"],
  },
  {
    stem: "Uglerod elementining tartib raqami nechaga teng?",
    correct: "6",
    wrong: ["12", "8", "14"],
  },
  {
    stem: "Kislorod atomi yadrosida nechta proton bor?",
    correct: "8",
    wrong: ["16", "6", "10"],
  },
  {
    stem: "Quyidagi elementlardan qaysi biri nodir (inert) gazlarga kiradi?",
    correct: "Argon",
    wrong: ["Azot", "Xlor", "Vodorod"],
  },
  {
    stem: "Osh tuzining kimyoviy formulasi qaysi?",
    correct: "$\\ce{NaCl}$",
    wrong: ["$\\ce{KCl}$", "$\\ce{NaOH}$", "$\\ce{Na2CO3}$"],
  },
];

/** Reactions written with mhchem (`$\\ce{…}$`, docs/authoring.md "Formulas"). */
export const KIMYO_REACTIONS: readonly QuestionDraft[] = [
  {
    stem: "Reaksiya tenglamasini tenglang: $\\ce{H2 + O2 -> H2O}$. Suv formulasi oldidagi koeffitsiyent nechaga teng?",
    correct: "2",
    wrong: ["1", "3", "4"],
  },
  {
    stem: "Ohaktosh qizdirilganda $\\ce{CaCO3 ->[t] CaO + X}$ reaksiyasi boradi. $\\ce{X}$ qanday modda?",
    correct: "$\\ce{CO2}$",
    wrong: ["$\\ce{CO}$", "$\\ce{O2}$", "$\\ce{H2O}$"],
  },
  {
    stem: "Quyidagi reaksiyalardan qaysi biri neytrallanish reaksiyasi?",
    correct: "$\\ce{NaOH + HCl -> NaCl + H2O}$",
    wrong: [
      "$\\ce{Zn + 2HCl -> ZnCl2 + H2 ^}$",
      "$\\ce{2H2O2 -> 2H2O + O2 ^}$",
      "$\\ce{CaO + H2O -> Ca(OH)2}$",
    ],
  },
  {
    stem: "Sulfat kislota suvda to'liq dissotsilanganda qaysi ionlar hosil bo'ladi?\n\n$$\\ce{H2SO4 -> ?}$$",
    correct: "$\\ce{2H+ + SO4^2-}$",
    wrong: ["$\\ce{H2^2+ + SO4^2-}$", "$\\ce{2H+ + SO3^2-}$", "$\\ce{H+ + SO4^-}$"],
  },
];
