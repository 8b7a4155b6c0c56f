import type { QuestionDraft } from "../question.ts";

/** Biologiya: cell biology, human anatomy and physiology, genetics basics, history of the science. */
export const BIOLOGIYA: readonly QuestionDraft[] = [
  {
    stem: "Fotosintez o'simlik hujayrasining qaysi organoidida boradi?",
    correct: "Xloroplast",
    wrong: ["Mitoxondriya", "Ribosoma", "Lizosoma"],
  },
  {
    stem: `Hujayraning "energetik stansiyasi" deb qaysi organoid ataladi?`,
    correct: "Mitoxondriya",
    wrong: ["Golji apparati", "Ribosoma", "Vakuola"],
  },
  {
    stem: "Hujayrada oqsil sintezi qaysi organoidda boradi?",
    correct: "Ribosoma",
    wrong: ["Lizosoma", "Xloroplast", "Vakuola"],
  },
  {
    stem: "Odamning somatik hujayralarida nechta xromosoma bor?",
    correct: "46 ta",
    wrong: ["23 ta", "44 ta", "48 ta"],
  },
  {
    stem: "Odamning somatik hujayralarida xromosomalar necha juft bo'ladi?",
    correct: "23 juft",
    wrong: ["22 juft", "24 juft", "46 juft"],
  },
  {
    stem: "Odam yuragi necha kamerali?",
    correct: "4 kamerali",
    wrong: ["2 kamerali", "3 kamerali", "5 kamerali"],
  },
  {
    stem: "Baliqlarning yuragi necha kamerali?",
    correct: "2 kamerali",
    wrong: ["3 kamerali", "4 kamerali", "5 kamerali"],
  },
  {
    stem: "Qonda kislorodni tashiydigan oqsil qaysi?",
    correct: "Gemoglobin",
    wrong: ["Insulin", "Fibrinogen", "Keratin"],
  },
  {
    stem: "Insulin gormonini qaysi bez ishlab chiqaradi?",
    correct: "Me'da osti bezi",
    wrong: ["Qalqonsimon bez", "Buyrak usti bezi", "So'lak bezi"],
  },
  {
    stem: "Irsiy axborot qaysi molekulada saqlanadi?",
    correct: "DNK",
    wrong: ["ATF", "Glyukoza", "Kraxmal"],
  },
  {
    stem: "Qaysi azotli asos DNK tarkibiga kirmaydi?",
    correct: "Urasil",
    wrong: ["Adenin", "Guanin", "Sitozin"],
  },
  {
    stem: "Eritrotsitlarning asosiy vazifasi nima?",
    correct: "Kislorod tashish",
    wrong: ["Qon ivishida qatnashish", "Mikroblarni fagotsitoz qilish", "Gormon ishlab chiqarish"],
  },
  {
    stem: "Qon ivishida qaysi qon hujayralari (plastinkalari) qatnashadi?",
    correct: "Trombotsitlar",
    wrong: ["Eritrotsitlar", "Limfotsitlar", "Monotsitlar"],
  },
  {
    stem: "Fotosintez jarayonida atmosferaga qaysi gaz ajraladi?",
    correct: "Kislorod",
    wrong: ["Karbonat angidrid", "Azot", "Vodorod"],
  },
  {
    stem: "Odam skeletidagi eng uzun suyak qaysi?",
    correct: "Son suyagi",
    wrong: ["Yelka suyagi", "Bilak suyagi", "To'sh suyagi"],
  },
  {
    stem: "O'pkada gazlar almashinuvi qayerda sodir bo'ladi?",
    correct: "Alveolalarda",
    wrong: ["Traxeyada", "Hiqildoqda", "Bronxlarda"],
  },
  {
    stem: "Me'dada oqsillarni parchalaydigan ferment qaysi?",
    correct: "Pepsin",
    wrong: ["Amilaza", "Lipaza", "Maltaza"],
  },
  {
    stem: "Hujayra nazariyasining asoschilari kimlar?",
    correct: "M. Shleyden va T. Shvann",
    wrong: ["Ch. Darvin va A. Uolles", "G. Mendel va T. Morgan", "L. Paster va R. Kox"],
  },
  {
    stem: "Irsiyat qonunlarini kashf etgan olim kim?",
    correct: "Gregor Mendel",
    wrong: ["Charlz Darvin", "Lui Paster", "Robert Guk"],
  },
  {
    stem: `"Hujayra" atamasini fanga kiritgan olim kim?`,
    correct: "Robert Guk",
    wrong: ["Teodor Shvann", "Gregor Mendel", "Charlz Darvin"],
  },
  {
    stem: "Tabiiy tanlanish nazariyasining muallifi kim?",
    correct: "Charlz Darvin",
    wrong: ["Gregor Mendel", "Lui Paster", "Ivan Pavlov"],
  },
  {
    stem: "Penitsillinni kashf etgan olim kim?",
    correct: "Aleksandr Fleming",
    wrong: ["Lui Paster", "Robert Kox", "Edvard Jenner"],
  },
  {
    stem: "Quyidagi hayvonlardan qaysi biri sut emizuvchilar sinfiga mansub?",
    correct: "Delfin",
    wrong: ["Akula", "Pingvin", "Timsoh"],
  },
  {
    stem: "Quyidagilardan qaysi biri prokariot (hujayrasida shakllangan yadro yo'q) organizm?",
    correct: "Bakteriya",
    wrong: ["Zamburug'", "Amyoba", "Bug'doy"],
  },
  {
    stem: "Hujayraviy tuzilishga ega bo'lmagan hayot shakli qaysi?",
    correct: "Viruslar",
    wrong: ["Bakteriyalar", "Zamburug'lar", "Suvo'tlar"],
  },
  {
    stem: "AB0 tizimi bo'yicha odamda nechta qon guruhi ajratiladi?",
    correct: "4 ta",
    wrong: ["2 ta", "3 ta", "6 ta"],
  },
  {
    stem: "Odam organizmidagi eng katta bez qaysi?",
    correct: "Jigar",
    wrong: ["Me'da osti bezi", "Qalqonsimon bez", "So'lak bezi"],
  },
  {
    stem: "Raxit kasalligi qaysi vitamin yetishmasligidan kelib chiqadi?",
    correct: "D vitamini",
    wrong: ["A vitamini", "C vitamini", "B₁ vitamini"],
  },
  {
    stem: "Singa (lavsha) kasalligi qaysi vitamin yetishmasligidan kelib chiqadi?",
    correct: "C vitamini",
    wrong: ["D vitamini", "A vitamini", "K vitamini"],
  },
  {
    stem: "Aorta yurakning qaysi bo'limidan boshlanadi?",
    correct: "Chap qorinchadan",
    wrong: ["O'ng qorinchadan", "Chap bo'lmachadan", "O'ng bo'lmachadan"],
  },
  {
    stem: "Meyoz natijasida bitta hujayradan nechta hujayra hosil bo'ladi?",
    correct: "4 ta",
    wrong: ["2 ta", "1 ta", "8 ta"],
  },
  {
    stem: "Nerv sistemasining tuzilish va funksional birligi nima?",
    correct: "Neyron",
    wrong: ["Nefron", "Alveola", "Sarkomer"],
  },
  {
    stem: "Buyrakning tuzilish va funksional birligi nima?",
    correct: "Nefron",
    wrong: ["Neyron", "Alveola", "Bronxiola"],
  },
  {
    stem: "Ko'zdagi yorug'likni sezuvchi retseptorlar (tayoqcha va kolbachalar) qaysi pardada joylashgan?",
    correct: "To'r pardada",
    wrong: ["Shox pardada", "Rangdor pardada", "Oq pardada"],
  },
];
