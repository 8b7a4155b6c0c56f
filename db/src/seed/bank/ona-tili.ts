import type { QuestionDraft } from "../question.ts";

/** Ona tili va adabiyot: well-known authorship and grammar facts from the school programme. */
export const ONA_TILI: readonly QuestionDraft[] = [
  {
    stem: `"Xamsa" asarining muallifi kim?`,
    correct: "Alisher Navoiy",
    wrong: ["Zahiriddin Muhammad Bobur", "Lutfiy", "Abdulla Qodiriy"],
  },
  {
    stem: `Alisher Navoiyning "Xamsa" asari nechta dostondan iborat?`,
    correct: "5 ta",
    wrong: ["4 ta", "6 ta", "7 ta"],
  },
  {
    stem: `Qaysi doston Alisher Navoiyning "Xamsa" asari tarkibiga kirmaydi?`,
    correct: `"Lison ut-tayr"`,
    wrong: [`"Farhod va Shirin"`, `"Layli va Majnun"`, `"Sab'ai sayyor"`],
  },
  {
    stem: "Alisher Navoiy qaysi shaharda tug'ilgan?",
    correct: "Hirot",
    wrong: ["Samarqand", "Buxoro", "Andijon"],
  },
  {
    stem: `"Boburnoma" asarining muallifi kim?`,
    correct: "Zahiriddin Muhammad Bobur",
    wrong: ["Alisher Navoiy", "Mirzo Ulug'bek", "Abdulla Qodiriy"],
  },
  {
    stem: `"O'tkan kunlar" romanining muallifi kim?`,
    correct: "Abdulla Qodiriy",
    wrong: ["Cho'lpon", "Oybek", "G'afur G'ulom"],
  },
  {
    stem: `"Kecha va kunduz" romanining muallifi kim?`,
    correct: "Cho'lpon",
    wrong: ["Abdulla Qodiriy", "Oybek", "Abdulla Qahhor"],
  },
  {
    stem: `"Shum bola" qissasining muallifi kim?`,
    correct: "G'afur G'ulom",
    wrong: ["Abdulla Qahhor", "Oybek", "Xudoyberdi To'xtaboyev"],
  },
  {
    stem: `"Sariq devni minib" asarining muallifi kim?`,
    correct: "Xudoyberdi To'xtaboyev",
    wrong: ["G'afur G'ulom", "Abdulla Qodiriy", "Cho'lpon"],
  },
  {
    stem: "Ot so'z turkumi qaysi so'roqlarga javob beradi?",
    correct: "kim? nima?",
    wrong: ["qanday? qanaqa?", "nima qildi? nima qilyapti?", "qancha? nechta?"],
  },
  {
    stem: "Qaysi juftlik sinonimlardan iborat?",
    correct: "chiroyli – go'zal",
    wrong: ["katta – kichik", "issiq – sovuq", "kitob – daftar"],
  },
  {
    stem: "Qaysi juftlik antonimlardan iborat?",
    correct: "baland – past",
    wrong: ["ulkan – katta", "tez – chaqqon", "yo'l – ko'cha"],
  },
  {
    stem: "O'zbek tilida otlarning ko'plik shakli qaysi qo'shimcha bilan hosil qilinadi?",
    correct: "-lar",
    wrong: ["-ning", "-dan", "-ga"],
  },
  {
    stem: "Qaratqich kelishigining qo'shimchasini ko'rsating.",
    correct: "-ning",
    wrong: ["-ni", "-ga", "-da"],
  },
];
