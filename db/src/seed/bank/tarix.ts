import type { QuestionDraft } from "../question.ts";

/** O'zbekiston tarixi: dates and names checked against standard references; no contested facts. */
export const TARIX: readonly QuestionDraft[] = [
  {
    stem: "Amir Temur qaysi yilda tug'ilgan?",
    correct: "1336-yil",
    wrong: ["1370-yil", "1405-yil", "1320-yil"],
  },
  {
    stem: "Amir Temur qayerda tug'ilgan?",
    correct: "Kesh (Shahrisabz) yaqinida",
    wrong: ["Buxoro yaqinida", "Xiva yaqinida", "Termiz yaqinida"],
  },
  {
    stem: "Amir Temur davlatining poytaxti qaysi shahar bo'lgan?",
    correct: "Samarqand",
    wrong: ["Buxoro", "Xiva", "Termiz"],
  },
  {
    stem: "Amir Temur 1402-yilda Anqara jangida kimni mag'lub etgan?",
    correct: "Usmonli sultoni Boyazid I",
    wrong: ["Chingizxon", "Mahmud G'aznaviy", "Shayboniyxon"],
  },
  {
    stem: "Mirzo Ulug'bek rasadxonasi qaysi shaharda qurilgan?",
    correct: "Samarqand",
    wrong: ["Buxoro", "Xiva", "Qo'qon"],
  },
  {
    stem: "Zahiriddin Muhammad Bobur qaysi shaharda tug'ilgan?",
    correct: "Andijon",
    wrong: ["Samarqand", "Qo'qon", "Namangan"],
  },
  {
    stem: "Zahiriddin Muhammad Bobur 1526-yilda qaysi mamlakatda yangi davlatga asos solgan?",
    correct: "Hindistonda",
    wrong: ["Eronda", "Turkiyada", "Misrda"],
  },
  {
    stem: "O'zbekiston Respublikasi Oliy Kengashi qaysi sanada davlat mustaqilligini e'lon qildi?",
    correct: "1991-yil 31-avgust",
    wrong: ["1990-yil 20-iyun", "1992-yil 8-dekabr", "1992-yil 2-mart"],
  },
  {
    stem: "O'zbekistonda Mustaqillik kuni qaysi sanada nishonlanadi?",
    correct: "1-sentabr",
    wrong: ["8-dekabr", "21-mart", "9-may"],
  },
  {
    stem: "O'zbekiston Respublikasining birinchi Konstitutsiyasi qaysi sanada qabul qilingan?",
    correct: "1992-yil 8-dekabr",
    wrong: ["1991-yil 31-avgust", "1993-yil 8-dekabr", "1992-yil 2-iyul"],
  },
  {
    stem: "O'zbekiston Respublikasining Davlat bayrog'i to'g'risidagi qonun qachon qabul qilingan?",
    correct: "1991-yil 18-noyabr",
    wrong: ["1992-yil 2-iyul", "1992-yil 10-dekabr", "1991-yil 31-avgust"],
  },
  {
    stem: "O'zbekiston Birlashgan Millatlar Tashkilotiga qachon a'zo bo'lgan?",
    correct: "1992-yil 2-mart",
    wrong: ["1991-yil 1-sentabr", "1993-yil 2-mart", "1992-yil 8-dekabr"],
  },
  {
    stem: `"Al-qonun fit-tib" ("Tib qonunlari") asarining muallifi kim?`,
    correct: "Abu Ali ibn Sino",
    wrong: ["Muhammad al-Xorazmiy", "Abu Rayhon Beruniy", "Ahmad al-Farg'oniy"],
  },
  {
    stem: "Algebra faniga asos solgan olim sifatida tanilgan alloma kim?",
    correct: "Muhammad ibn Muso al-Xorazmiy",
    wrong: ["Abu Rayhon Beruniy", "Ahmad al-Farg'oniy", "Mirzo Ulug'bek"],
  },
];
