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
    correct: "6,02·10²³ mol⁻¹",
    wrong: ["3,01·10²³ mol⁻¹", "6,02·10²² mol⁻¹", "1,66·10⁻²⁴ mol⁻¹"],
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
    correct: "NaCl",
    wrong: ["KCl", "NaOH", "Na₂CO₃"],
  },
];
