import type { Entry } from "./messages-errors.ts";

/** Rich content: the question editor, its preview and figure uploads. */
export const contentMessages = {
  "nav.newQuestion": { uz: "Yangi savol", ru: "Новый вопрос", en: "New question" },
  "editor.title": { uz: "Yangi savol", ru: "Новый вопрос", en: "New question" },
  "editor.help": {
    uz: "Formulalar: $x^2$ qator ichida, $$\\frac{a}{b}$$ alohida qatorda, kimyo: $\\ce{H2O}$. Qalin: **matn**, kursiv: *matn*.",
    ru: "Формулы: $x^2$ в строке, $$\\frac{a}{b}$$ отдельной строкой, химия: $\\ce{H2O}$. Жирный: **текст**, курсив: *текст*.",
    en: "Formulas: $x^2$ inline, $$\\frac{a}{b}$$ on a line of its own, chemistry: $\\ce{H2O}$. Bold: **text**, italic: *text*.",
  },
  "editor.subject": { uz: "Fan", ru: "Предмет", en: "Subject" },
  "editor.kind": { uz: "Turi", ru: "Тип", en: "Type" },
  "editor.single": { uz: "Bitta toʻgʻri javob", ru: "Один верный ответ", en: "One right answer" },
  "editor.multiple": {
    uz: "Bir nechta toʻgʻri javob",
    ru: "Несколько верных ответов",
    en: "Several right answers",
  },
  "markupEditor.stem": { uz: "Savol matni", ru: "Текст вопроса", en: "Question text" },
  "editor.option": { uz: "{letter} javob", ru: "Ответ {letter}", en: "Answer {letter}" },
  "editor.correct": { uz: "Toʻgʻri", ru: "Верный", en: "Right" },
  "editor.figureFor": {
    uz: "Rasm qoʻshiladigan joy",
    ru: "Куда вставить рисунок",
    en: "Insert the figure into",
  },
  "markupEditor.save": { uz: "Savolni saqlash", ru: "Сохранить вопрос", en: "Save the question" },
  "markupEditor.saved": { uz: "Savol saqlandi.", ru: "Вопрос сохранён.", en: "The question is saved." },
  "markupEditor.preview": {
    uz: "Talaba koʻradigan koʻrinish",
    ru: "Как увидит студент",
    en: "As the student sees it",
  },
  "preview.desktop": { uz: "Kompyuter", ru: "Компьютер", en: "Desktop" },
  "preview.phone": { uz: "Telefon (360 px)", ru: "Телефон (360 px)", en: "Phone (360 px)" },
  "preview.explanation": { uz: "Izoh", ru: "Пояснение", en: "Explanation" },
  "figure.file": {
    uz: "Rasm (PNG, JPEG yoki WebP, 5 MB gacha)",
    ru: "Рисунок (PNG, JPEG или WebP, до 5 МБ)",
    en: "Figure (PNG, JPEG or WebP, up to 5 MB)",
  },
  "figure.alt": {
    uz: "Rasm tavsifi (koʻra olmaydigan talabalar uchun)",
    ru: "Описание рисунка (для тех, кто его не видит)",
    en: "Alt text (for students who cannot see the figure)",
  },
  "figure.upload": { uz: "Rasmni yuklash", ru: "Загрузить рисунок", en: "Upload the figure" },
  "figure.uploading": { uz: "Yuklanmoqda…", ru: "Загрузка…", en: "Uploading…" },
  "figure.fileRequired": {
    uz: "Rasm faylini tanlang.",
    ru: "Выберите файл рисунка.",
    en: "Choose an image file.",
  },
  "figure.altRequired": {
    uz: "Rasm tavsifini yozing: usiz rasm yuklanmaydi.",
    ru: "Напишите описание рисунка: без него рисунок не загружается.",
    en: "Write the alt text: a figure is not uploaded without it.",
  },
  "figure.altTooLong": {
    uz: "Tavsif 500 belgidan oshmasin.",
    ru: "Описание не длиннее 500 символов.",
    en: "Keep the alt text within 500 characters.",
  },
  "figure.empty": { uz: "Fayl boʻsh.", ru: "Файл пуст.", en: "The file is empty." },
  "figure.tooLarge": {
    uz: "Fayl 5 MB dan katta.",
    ru: "Файл больше 5 МБ.",
    en: "The file is larger than 5 MB.",
  },
  "figure.notImage": {
    uz: "Bu rasm emas: PNG, JPEG yoki WebP yuklang.",
    ru: "Это не изображение: загрузите PNG, JPEG или WebP.",
    en: "Not an image: upload a PNG, JPEG or WebP file.",
  },
  "figure.svg": {
    uz: "SVG qabul qilinmaydi: rasmni PNG sifatida saqlang.",
    ru: "SVG не принимается: сохраните рисунок как PNG.",
    en: "SVG is not accepted: save the figure as PNG.",
  },
  "figure.damaged": {
    uz: "Fayl buzilgan yoki oxirigacha yuklanmagan.",
    ru: "Файл повреждён или загружен не полностью.",
    en: "The file is damaged or incomplete.",
  },
  "figure.tooManyPixels": {
    uz: "Rasm juda katta: har tomoni 12 000 px gacha va jami 40 megapikselgacha boʻlsin.",
    ru: "Изображение слишком большое: до 12 000 px по стороне и до 40 мегапикселей.",
    en: "The image is too big: at most 12,000 px a side and 40 megapixels.",
  },
} as const satisfies Record<string, Entry>;
