import type { Lang } from "./messages.ts";

/** A plural entry: Intl.PluralRules picks the form from `vars.count` ("2 балла", "5 баллов"). */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Entry = Record<Lang, string | Plural>;

/**
 * Errors in the user's language: the server's error codes and every zod issue the shared protocol
 * schemas can raise, field by field. One table; `describeIssue` in errors.ts picks from it.
 */
export const errorMessages = {
  "error.unknown": {
    uz: "Kutilmagan xato ({code}). Qayta urinib koʻring.",
    ru: "Непредвиденная ошибка ({code}). Попробуйте ещё раз.",
    en: "Unexpected error ({code}). Please try again.",
  },
  "error.invalidPayload": {
    uz: "Maʼlumotlarda xato bor:",
    ru: "В данных есть ошибки:",
    en: "Some fields need fixing:",
  },
  "error.rateLimitedWait": {
    uz: "Juda koʻp urinish. Qayta urinishdan oldin {wait} kuting.",
    ru: "Слишком много попыток. Повторите через {wait}.",
    en: "Too many attempts. Try again in {wait}.",
  },
  "error.tooManyRequestsWait": {
    uz: "Soʻrovlar juda koʻp. {wait} kuting va qayta urining.",
    ru: "Слишком много запросов. Подождите {wait} и повторите.",
    en: "Too many requests. Wait {wait} and try again.",
  },
  "error.examPublished": {
    uz: "Imtihon eʼlon qilingan: uni endi tahrirlab boʻlmaydi. Undan nusxa olib, nusxasini tahrirlang.",
    ru: "Экзамен уже опубликован, изменить его нельзя. Скопируйте его и измените копию.",
    en: "The exam is published and can no longer be edited. Duplicate it and edit the copy.",
  },
  "error.examStarted": {
    uz: "Bu imtihonni talabalar allaqachon boshlagan (yoki unga sessiya ochilgan): uni qoralamaga qaytarib boʻlmaydi, faqat yopish mumkin — natijalar saqlanadi.",
    ru: "Этот экзамен уже начали (или для него открыта сессия): вернуть его в черновики нельзя, можно только закрыть — результаты сохранятся.",
    en: "Students have already started this exam (or it has a session): it cannot go back to a draft, only be closed, which keeps the results.",
  },
  "error.examIsDraft": {
    uz: "Bu imtihon hali qoralama (eʼlon qilinmagan)",
    ru: "Этот экзамен ещё черновик (не опубликован)",
    en: "This exam is still a draft (not published)",
  },
  "error.examClosedAlready": {
    uz: "Bu imtihon allaqachon yopilgan",
    ru: "Этот экзамен уже закрыт",
    en: "This exam is closed already",
  },
  "error.minutes": {
    uz: "{count} daqiqa",
    ru: { one: "{count} минуту", few: "{count} минуты", many: "{count} минут", other: "{count} минуты" },
    en: { one: "{count} minute", other: "{count} minutes" },
  },
  "error.seconds": {
    uz: "{count} soniya",
    ru: { one: "{count} секунду", few: "{count} секунды", many: "{count} секунд", other: "{count} секунды" },
    en: { one: "{count} second", other: "{count} seconds" },
  },
  "error.payloadTooLarge": {
    uz: "Maʼlumot juda katta",
    ru: "Слишком большой объём данных",
    en: "The data is too large",
  },
  "error.sessionNeedsLive": {
    uz: "Bu imtihon mustaqil (jonli emas): unga sessiya ochilmaydi. Talabalar uni katalogdan oʻzi boshlaydi.",
    ru: "Это самостоятельный экзамен, не живой: сессию для него открыть нельзя. Студенты начинают его из каталога.",
    en: "This exam is self-paced, not live: it cannot have a session. Students start it from the catalogue.",
  },
  "error.sessionNotPublished": {
    uz: "Imtihon hali eʼlon qilinmagan",
    ru: "Экзамен ещё не опубликован",
    en: "The exam is not published yet",
  },

  "issue.required": { uz: "toʻldirilishi kerak", ru: "обязательное поле", en: "is required" },
  "issue.minChars": {
    uz: "kamida {count} ta belgi",
    ru: { one: "не короче {count} символа", other: "не короче {count} символов" },
    en: { one: "at least {count} character", other: "at least {count} characters" },
  },
  "issue.maxChars": {
    uz: "koʻpi bilan {count} ta belgi",
    ru: { one: "не длиннее {count} символа", other: "не длиннее {count} символов" },
    en: { one: "at most {count} character", other: "at most {count} characters" },
  },
  "issue.minItems": {
    uz: "kamida {count} tasini tanlang",
    ru: { one: "выберите хотя бы {count}", other: "выберите не меньше {count}" },
    en: { one: "choose at least {count}", other: "choose at least {count}" },
  },
  "issue.minOptions": {
    uz: "kamida {count} ta variant kerak",
    ru: {
      one: "нужен хотя бы {count} вариант",
      few: "нужно не меньше {count} вариантов",
      many: "нужно не меньше {count} вариантов",
      other: "нужно не меньше {count} вариантов",
    },
    en: { one: "needs at least {count} option", other: "needs at least {count} options" },
  },
  "issue.maxItems": {
    uz: "koʻpi bilan {count} ta",
    ru: "не больше {count}",
    en: "at most {count}",
  },
  "issue.minNumber": { uz: "kamida {min}", ru: "не меньше {min}", en: "at least {min}" },
  "issue.maxNumber": { uz: "koʻpi bilan {max}", ru: "не больше {max}", en: "at most {max}" },
  "issue.notNumber": { uz: "son kiriting", ru: "введите число", en: "enter a number" },
  "issue.integer": { uz: "butun son boʻlishi kerak", ru: "нужно целое число", en: "must be a whole number" },
  "issue.email": {
    uz: "elektron pochta manzili emas",
    ru: "это не адрес эл. почты",
    en: "is not an email address",
  },
  "issue.date": { uz: "sana notoʻgʻri", ru: "неверная дата", en: "is not a valid date" },
  "issue.notChosen": { uz: "tanlanmagan", ru: "не выбрано", en: "is not chosen" },
  "issue.code": {
    uz: "faqat lotin harflari, raqamlar va _ . - belgilari",
    ru: "только латинские буквы, цифры и _ . -",
    en: "letters, digits and _ . - only",
  },
  "issue.invalidValue": { uz: "notoʻgʻri qiymat", ru: "недопустимое значение", en: "is not a valid value" },
  "issue.unknownKeys": {
    uz: "nomaʼlum maydon: {keys}",
    ru: "неизвестное поле: {keys}",
    en: "unknown field: {keys}",
  },
  "issue.noOption": {
    uz: "“{id}” degan variant yoʻq",
    ru: "нет варианта «{id}»",
    en: "there is no option “{id}”",
  },
  "issue.optionIdsUnique": {
    uz: "variant harflari takrorlanmasligi kerak",
    ru: "буквы вариантов не должны повторяться",
    en: "option letters must not repeat",
  },
  "issue.duplicateCorrect": {
    uz: "bitta javob ikki marta yozilgan",
    ru: "один ответ указан дважды",
    en: "the same answer is given twice",
  },
  "issue.singleOneCorrect": {
    uz: "bitta javobli savolda aynan bitta toʻgʻri javob boʻladi",
    ru: "у вопроса с одним ответом ровно один верный вариант",
    en: "a single-choice question has exactly one right answer",
  },
  "issue.questionTwice": {
    uz: "bitta savol ikki marta tanlangan",
    ru: "один вопрос выбран дважды",
    en: "a question is chosen twice",
  },
  "issue.closesAfterOpens": {
    uz: "yopilish vaqti ochilish vaqtidan keyin boʻlishi kerak",
    ru: "закрытие должно быть позже открытия",
    en: "must be after the opening time",
  },
  "issue.twoDecimals": {
    uz: "koʻpi bilan ikki xona kasr",
    ru: "не больше двух знаков после запятой",
    en: "at most two decimals",
  },
  "issue.passwordsDiffer": {
    uz: "parollar bir xil emas",
    ru: "пароли не совпадают",
    en: "the passwords differ",
  },

  "field.code": { uz: "Kod", ru: "Код", en: "Code" },
  "field.name": { uz: "Nomi", ru: "Название", en: "Name" },
  "field.role": { uz: "Rol", ru: "Роль", en: "Role" },
  "field.kind": { uz: "Savol turi", ru: "Тип вопроса", en: "Question kind" },
  "field.sections": { uz: "Boʻlimlar", ru: "Разделы", en: "Sections" },
  "field.questions": { uz: "Savollar", ru: "Вопросы", en: "Questions" },
  "field.opensAt": { uz: "Ochilish vaqti", ru: "Открытие", en: "Opens at" },
  "field.closesAt": { uz: "Yopilish vaqti", ru: "Закрытие", en: "Closes at" },
  "field.maxAttempts": { uz: "Urinishlar soni", ru: "Число попыток", en: "Attempts allowed" },
  "field.price": { uz: "Narxi (soʻm)", ru: "Цена (сум)", en: "Price (UZS)" },
  "field.subjectIds": { uz: "Fanlar", ru: "Предметы", en: "Subjects" },
  "field.text": { uz: "Matn", ru: "Текст", en: "Text" },
} as const satisfies Record<string, Entry>;
