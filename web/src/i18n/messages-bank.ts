import type { Entry } from "./messages-errors.ts";

/** The question bank's import (Moodle XML, QTI) and export: formats, results and every reason. */
export const bankMessages = {
  "bank.format": { uz: "Fayl turi", ru: "Тип файла", en: "File type" },
  "bank.formatCsv": { uz: "CSV", ru: "CSV", en: "CSV" },
  "bank.formatJson": { uz: "JSON", ru: "JSON", en: "JSON" },
  "bank.formatMoodle": { uz: "Moodle XML", ru: "Moodle XML", en: "Moodle XML" },
  "bank.formatQti": { uz: "QTI paketi (.zip)", ru: "Пакет QTI (.zip)", en: "QTI package (.zip)" },
  "transfer.subject": { uz: "Qaysi fanga", ru: "В какой предмет", en: "Into subject" },
  "bank.chooseSubject": { uz: "Fanni tanlang", ru: "Выберите предмет", en: "Choose a subject" },
  "bank.fileMoodle": { uz: "Moodle XML fayl", ru: "Файл Moodle XML", en: "Moodle XML file" },
  "bank.fileQti": { uz: "QTI paketi (.zip)", ru: "Пакет QTI (.zip)", en: "QTI package (.zip)" },
  "bank.helpMoodle": {
    uz: "Moodle savollar bankidan “Moodle XML” formatida eksport qiling. multichoice, truefalse, numerical, shortanswer va matching savollari olinadi; rasmlar va TeX formulalar saqlanadi, kategoriyalar mavzuga aylanadi.",
    ru: "Экспортируйте банк вопросов Moodle в формате «Moodle XML». Берутся вопросы multichoice, truefalse, numerical, shortanswer и matching; картинки и формулы TeX сохраняются, категории становятся темами.",
    en: "Export the Moodle question bank as “Moodle XML”. Multichoice, true/false, numerical, short-answer and matching questions are taken; images and TeX formulas are kept, categories become topics.",
  },
  "bank.helpQti": {
    uz: "imsmanifest.xml va savol fayllari boʻlgan QTI 2.1 yoki 3.0 zip paketi: choice, textEntry, match va associate savollari.",
    ru: "Zip-пакет QTI 2.1 или 3.0 с imsmanifest.xml и файлами вопросов: вопросы choice, textEntry, match и associate.",
    en: "A QTI 2.1 or 3.0 zip package with imsmanifest.xml and the item files: choice, text entry, match and associate items.",
  },
  "bank.import": { uz: "Import qilish", ru: "Импортировать", en: "Import" },
  "bank.importing": { uz: "Yuklanmoqda…", ru: "Загрузка…", en: "Importing…" },
  "bank.result": {
    uz: "{imported} ta savol saqlandi, {rejected} tasi rad etildi.",
    ru: "Сохранено вопросов: {imported}, отклонено: {rejected}.",
    en: "{imported} questions saved, {rejected} rejected.",
  },
  "bank.rejectedTitle": { uz: "Rad etilgan savollar", ru: "Отклонённые вопросы", en: "Rejected questions" },
  "bank.number": { uz: "№", ru: "№", en: "No." },
  "bank.name": { uz: "Nomi", ru: "Название", en: "Name" },
  "bank.reason": { uz: "Sababi", ru: "Причина", en: "Reason" },
  "bank.exportTitle": {
    uz: "Savollar bankini eksport qilish",
    ru: "Экспорт банка вопросов",
    en: "Export a question bank",
  },
  "bank.exportFormat": { uz: "Eksport formati", ru: "Формат экспорта", en: "Export format" },
  "bank.exportSubject": { uz: "{name}: yuklab olish", ru: "{name}: скачать", en: "Download {name}" },
  "bank.download": { uz: "Yuklab olish", ru: "Скачать", en: "Download" },

  "bank.reason.unsupported_type": {
    uz: "“{type}” turidagi savollar qoʻllab-quvvatlanmaydi",
    ru: "Вопросы типа «{type}» не поддерживаются",
    en: "“{type}” questions are not supported",
  },
  "bank.reason.no_correct": {
    uz: "Toʻgʻri javob koʻrsatilmagan (100 % li javob yoʻq)",
    ru: "Не указан верный ответ (нет ответа на 100 %)",
    en: "No correct answer (no answer worth 100 %)",
  },
  "bank.reason.several_correct": {
    uz: "{count} ta javob 100 % li, bitta javobli savolda esa bittasi boʻladi",
    ru: "{count} ответа на 100 %, а в вопросе с одним ответом он один",
    en: "{count} answers are worth 100 %; a single-choice question has one",
  },
  "bank.reason.not_a_number": {
    uz: "“{value}” son emas",
    ru: "«{value}» — не число",
    en: "“{value}” is not a number",
  },
  "bank.reason.wildcard": {
    uz: "* belgili javoblar qoʻllab-quvvatlanmaydi: har bir toʻgʻri javobni yozing",
    ru: "Ответы с подстановочным знаком * не поддерживаются: перечислите каждый верный ответ",
    en: "Answers with the wildcard * are not supported: list each accepted answer",
  },
  "bank.reason.no_pairs": {
    uz: "Moslashtirish uchun juftlar yoʻq",
    ru: "Нет пар для сопоставления",
    en: "No pairs to match",
  },
  "bank.reason.image_missing": {
    uz: "“{image}” rasmi faylda yoʻq",
    ru: "Картинки «{image}» нет в файле",
    en: "Image “{image}” is not in the file",
  },
  "bank.reason.image_invalid": {
    uz: "“{image}” rasmi yaroqsiz",
    ru: "Картинка «{image}» повреждена или не подходит",
    en: "Image “{image}” is damaged or not accepted",
  },
  "bank.reason.not_yet_supported.images": {
    uz: "Bu serverda rasmlar hali qoʻllab-quvvatlanmaydi",
    ru: "Картинки на этом сервере пока не поддерживаются",
    en: "Images are not yet supported on this server",
  },
  "bank.reason.not_yet_supported.topics": {
    uz: "Bu serverda mavzular (“{topic}”) hali qoʻllab-quvvatlanmaydi",
    ru: "Темы («{topic}») на этом сервере пока не поддерживаются",
    en: "Topics (“{topic}”) are not yet supported on this server",
  },
  "bank.reason.mathml": {
    uz: "MathML formulalari qoʻllab-quvvatlanmaydi: formulalarni TeX da yozing",
    ru: "Формулы MathML не поддерживаются: запишите их в TeX",
    en: "MathML formulas are not supported: write them as TeX",
  },
  "bank.reason.several_interactions": {
    uz: "Bir nechta javob maydonli savollar qoʻllab-quvvatlanmaydi",
    ru: "Вопросы с несколькими полями ответа не поддерживаются",
    en: "Items with more than one interaction are not supported",
  },
  "bank.reason.no_interaction": {
    uz: "Savolda javob maydoni yoʻq",
    ru: "В вопросе нет поля ответа",
    en: "The item has no interaction",
  },
  "bank.reason.item_file": {
    uz: "Savol fayli “{file}” yoʻq yoki oʻqib boʻlmaydi",
    ru: "Файл вопроса «{file}» отсутствует или не читается",
    en: "The item file “{file}” is missing or unreadable",
  },
  "bank.reason.not_object": { uz: "Obyekt emas", ru: "Не объект", en: "Not an object" },

  "bank.file.not_utf8": {
    uz: "Fayl UTF-8 matn emas",
    ru: "Файл — не текст в UTF-8",
    en: "The file is not UTF-8 text",
  },
  "bank.file.not_xml": {
    uz: "Fayl toʻgʻri XML emas (buzilgan yoki chala)",
    ru: "Файл — не корректный XML (повреждён или обрезан)",
    en: "The file is not well-formed XML (damaged or cut short)",
  },
  "bank.file.doctype": {
    uz: "DOCTYPE li XML fayllar qabul qilinmaydi",
    ru: "XML-файлы с DOCTYPE не принимаются",
    en: "XML files with a DOCTYPE are not accepted",
  },
  "bank.file.wrong_root": {
    uz: "Bu Moodle XML fayli emas",
    ru: "Это не файл Moodle XML",
    en: "This is not a Moodle XML file",
  },
  "bank.file.not_zip": {
    uz: "Fayl zip arxiv emas",
    ru: "Файл — не zip-архив",
    en: "The file is not a zip archive",
  },
  "bank.file.zip_too_large": {
    uz: "Arxiv ochilganda juda katta",
    ru: "Архив слишком велик в распакованном виде",
    en: "The archive is too large once unpacked",
  },
  "bank.file.zip_compression": {
    uz: "Arxiv notanish usulda siqilgan",
    ru: "Архив сжат неподдерживаемым методом",
    en: "The archive uses an unsupported compression",
  },
  "bank.file.no_manifest": {
    uz: "Bu QTI paketi emas: imsmanifest.xml yoʻq",
    ru: "Это не пакет QTI: нет imsmanifest.xml",
    en: "Not a QTI package: imsmanifest.xml is missing",
  },
  "bank.file.no_items": {
    uz: "Paketda QTI 2.1 yoki 3.0 savollari yoʻq",
    ru: "В пакете нет вопросов QTI 2.1 или 3.0",
    en: "The package has no QTI 2.1 or 3.0 items",
  },
  "bank.file.too_many_items": {
    uz: "Faylda {max} tadan ortiq savol bor",
    ru: "В файле больше {max} вопросов",
    en: "The file has more than {max} questions",
  },
  "bank.file.csv_empty": { uz: "CSV fayl boʻsh", ru: "CSV-файл пуст", en: "The CSV file is empty" },
  "bank.file.csv_no_stem": {
    uz: "CSV sarlavhasida “stem” ustuni yoʻq",
    ru: "В заголовке CSV нет столбца stem",
    en: "The CSV header has no “stem” column",
  },
  "bank.file.csv_quote": {
    uz: "CSV fayl yopilmagan qoʻshtirnoq bilan tugaydi",
    ru: "CSV-файл обрывается внутри кавычек",
    en: "The CSV file ends inside a quoted field",
  },
  "bank.file.not_json": { uz: "Fayl JSON emas", ru: "Файл — не JSON", en: "The file is not JSON" },
  "bank.file.json_shape": {
    uz: "JSON massiv yoki { items: [...] } boʻlishi kerak",
    ru: "JSON должен быть массивом или { items: [...] }",
    en: "JSON must be an array or { items: [...] }",
  },
} as const satisfies Record<string, Entry>;
