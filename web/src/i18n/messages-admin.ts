import type { Entry } from "./messages-errors.ts";

/** The authoring pages: exam settings and what each review policy means for students. */
export const adminMessages = {
  "builder.opensAt": {
    uz: "Ochilish vaqti (ixtiyoriy)",
    ru: "Открытие (необязательно)",
    en: "Opens at (optional)",
  },
  "builder.closesAt": { uz: "Yopilish vaqti", ru: "Закрытие", en: "Closes at" },
  "builder.maxAttempts": {
    uz: "Urinishlar soni (boʻsh — cheklanmagan)",
    ru: "Число попыток (пусто — без ограничений)",
    en: "Attempts allowed (empty: unlimited)",
  },
  "builder.timesHint": {
    uz: "Vaqtlar {zone} vaqti boʻyicha.",
    ru: "Время указано по часовому поясу {zone}.",
    en: "Times are in the {zone} time zone.",
  },
  "builder.reviewHelpNone": {
    uz: "Talaba faqat “topshirildi” degan yozuvni koʻradi.",
    ru: "Студент видит только, что работа сдана.",
    en: "Students only see that they handed in.",
  },
  "builder.reviewHelpScore": {
    uz: "Talaba umumiy va boʻlimlar boʻyicha ballini koʻradi, toʻgʻri javoblarni emas.",
    ru: "Студент видит баллы (всего и по разделам), но не верные ответы.",
    en: "Students see their score, in total and per section, but not the right answers.",
  },
  "builder.reviewHelpFull": {
    uz: "Toʻgʻri javoblar faqat imtihon yopilgach (yopilish vaqti oʻtgach) yoki talabaning urinishlari tugagach koʻrsatiladi. Mustaqil imtihonga yopilish vaqti yoki urinishlar sonini qoʻying, aks holda tahlil hech qachon ochilmaydi.",
    ru: "Верные ответы показываются только после закрытия экзамена или когда у студента кончились попытки. Для самостоятельного экзамена задайте время закрытия или число попыток, иначе разбор не откроется никогда.",
    en: "Right answers are shown only after the exam closes, or once the student has used all attempts. Give a self-paced exam a closing time or an attempt limit, or the review never opens.",
  },
  "builder.fullNeedsLimit": {
    uz: "“Toʻliq” tahlil uchun yopilish vaqti yoki urinishlar sonini kiriting",
    ru: "Для полного разбора задайте время закрытия или число попыток",
    en: "For a full review, set a closing time or an attempt limit",
  },
  "builder.pointsHint": {
    uz: "Kasr vergul yoki nuqta bilan: 1,1 yoki 1.1",
    ru: "Дробь через запятую или точку: 1,1 или 1.1",
    en: "Decimals with a comma or a point: 1,1 or 1.1",
  },
  "builder.fixErrors": {
    uz: "Quyidagi xatolarni tuzating:",
    ru: "Исправьте ошибки:",
    en: "Please fix the following:",
  },
} as const satisfies Record<string, Entry>;
