import type { Entry } from "./messages-errors.ts";

/** The admission view, the passing-scores import and certificate scaling (issue 15), uz / ru / en. */
export const insightMessages = {
  "nav.admission": { uz: "Qayerga kira olaman", ru: "Куда я прохожу", en: "Admission" },
  "nav.passingScores": { uz: "Oʻtish ballari", ru: "Проходные баллы", en: "Passing scores" },

  "admission.title": {
    uz: "Qaysi oliygohlarga kira olaman",
    ru: "В какие вузы я прохожу",
    en: "Which universities I can reach",
  },
  "admission.direction": { uz: "Yoʻnalish", ru: "Направление", en: "Direction" },
  "admission.pickDirection": {
    uz: "Yoʻnalishni tanlang",
    ru: "Выберите направление",
    en: "Pick a direction",
  },
  "admission.year": { uz: "Yil", ru: "Год", en: "Year" },
  "admission.estimate": { uz: "Taxminiy ballingiz", ru: "Ваш ожидаемый балл", en: "Your estimated score" },
  "admission.estimateHow": {
    uz: "Soʻnggi {count} ta yakunlangan urinishingiz oʻrtachasi (189 ballik shkalada)",
    ru: "Среднее ваших последних завершённых попыток: {count} (по шкале 189 баллов)",
    en: "Mean of your last {count} finished attempt(s), on the 189-point DTM scale",
  },
  "admission.range": {
    uz: "Oraliq: {min} – {max}",
    ru: "Разброс: {min} – {max}",
    en: "Range: {min} – {max}",
  },
  "admission.stdDev": {
    uz: "Standart ogʻish: {sd}",
    ru: "Стандартное отклонение: {sd}",
    en: "Standard deviation: {sd}",
  },
  "admission.noEstimate": {
    uz: "Bu yoʻnalishda hali yakunlangan urinishingiz yoʻq. Imtihon topshiring — natijangiz shu yerda solishtiriladi.",
    ru: "По этому направлению у вас ещё нет завершённых попыток. Сдайте экзамен — результат сравним здесь.",
    en: "You have no finished attempt in this direction yet. Take an exam and your result is compared here.",
  },
  "admission.noScores": {
    uz: "Bu yoʻnalish uchun oʻtish ballari hali yuklanmagan.",
    ru: "Проходные баллы по этому направлению ещё не загружены.",
    en: "No passing scores have been loaded for this direction yet.",
  },
  "admission.demoBanner": {
    uz: "Diqqat: bu namunaviy (demo) raqamlar, rasmiy oʻtish ballari emas.",
    ru: "Внимание: это демонстрационные цифры, а не официальные проходные баллы.",
    en: "Note: these are demo figures, not official passing scores.",
  },
  "admission.demo": { uz: "demo", ru: "демо", en: "demo" },
  "admission.grantLine": { uz: "Grant: {score}", ru: "Грант: {score}", en: "Grant: {score}" },
  "admission.contractLine": { uz: "Kontrakt: {score}", ru: "Контракт: {score}", en: "Contract: {score}" },
  "admission.noPlaces": { uz: "oʻrin yoʻq", ru: "мест нет", en: "no places" },
  "admission.status.grant": { uz: "Grantga yetadi", ru: "Проходит на грант", en: "Clears the grant line" },
  "admission.status.contract": {
    uz: "Kontraktga yetadi",
    ru: "Проходит на контракт",
    en: "Clears the contract line",
  },
  "admission.status.close": { uz: "Yaqin", ru: "Близко", en: "Close" },
  "admission.status.far": { uz: "Hali uzoq", ru: "Пока далеко", en: "Not yet" },
  "admission.status.unknown": { uz: "Ball yoʻq", ru: "Нет баллов", en: "No score yet" },
  "admission.gapGrant": {
    uz: "Grantga yana {gap} ball kerak",
    ru: "До гранта не хватает {gap} б.",
    en: "{gap} more points for the grant line",
  },
  "admission.gapContract": {
    uz: "Kontraktga yana {gap} ball kerak",
    ru: "До контракта не хватает {gap} б.",
    en: "{gap} more points for the contract line",
  },
  "admission.margin": {
    uz: "“Yaqin” — chiziqdan {margin} balldan kam pastda.",
    ru: "«Близко» — ниже линии менее чем на {margin} баллов.",
    en: "“Close” means less than {margin} points below a line.",
  },
  "admission.form.kunduzgi": { uz: "kunduzgi", ru: "очная", en: "full-time" },
  "admission.form.sirtqi": { uz: "sirtqi", ru: "заочная", en: "extramural" },
  "admission.form.kechki": { uz: "kechki", ru: "вечерняя", en: "evening" },

  "passing.title": { uz: "Oʻtish ballari", ru: "Проходные баллы", en: "Passing scores" },
  "passing.importHelp": {
    uz: "CSV ustunlari: year, university, direction (yoʻnalish kodi), form (kunduzgi/sirtqi/kechki), language (uz, ru, kaa…), grant, contract. Boʻsh ball — oʻrin yoʻq.",
    ru: "Столбцы CSV: year, university, direction (код направления), form (kunduzgi/sirtqi/kechki), language (uz, ru, kaa…), grant, contract. Пустой балл — мест нет.",
    en: "CSV columns: year, university, direction (direction code), form (kunduzgi/sirtqi/kechki), language (uz, ru, kaa…), grant, contract. An empty score means no places.",
  },
  "passing.file": { uz: "CSV fayl", ru: "Файл CSV", en: "CSV file" },
  "passing.import": { uz: "Yuklash", ru: "Загрузить", en: "Import" },
  "passing.summary": {
    uz: "{rows} qator: {inserted} yangi, {updated} yangilandi, {unchanged} oʻzgarmadi, {errors} xato",
    ru: "Строк: {rows}; новых {inserted}, обновлено {updated}, без изменений {unchanged}, ошибок {errors}",
    en: "{rows} rows: {inserted} new, {updated} updated, {unchanged} unchanged, {errors} errors",
  },
  "passing.line": { uz: "Qator", ru: "Строка", en: "Line" },
  "passing.problem": { uz: "Muammo", ru: "Проблема", en: "Problem" },
  "passing.err.header": {
    uz: "Sarlavhada “{column}” ustuni yoʻq",
    ru: "В заголовке нет столбца «{column}»",
    en: "The header has no “{column}” column",
  },
  "passing.err.columns": {
    uz: "Ortiqcha ustunlar ({value})",
    ru: "Лишние столбцы ({value})",
    en: "Too many columns ({value})",
  },
  "passing.err.year": {
    uz: "Yil notoʻgʻri: “{value}”",
    ru: "Неверный год: «{value}»",
    en: "Invalid year: “{value}”",
  },
  "passing.err.university": {
    uz: "Oliygoh nomi yoʻq yoki juda uzun",
    ru: "Нет названия вуза или оно слишком длинное",
    en: "University name missing or too long",
  },
  "passing.err.direction": {
    uz: "Nomaʼlum yoʻnalish: “{value}”",
    ru: "Неизвестное направление: «{value}»",
    en: "Unknown direction: “{value}”",
  },
  "passing.err.form": {
    uz: "Taʼlim shakli notoʻgʻri: “{value}” (kunduzgi, sirtqi, kechki)",
    ru: "Неверная форма обучения: «{value}» (kunduzgi, sirtqi, kechki)",
    en: "Invalid study form: “{value}” (kunduzgi, sirtqi, kechki)",
  },
  "passing.err.language": {
    uz: "Taʼlim tili notoʻgʻri: “{value}”",
    ru: "Неверный язык обучения: «{value}»",
    en: "Invalid language: “{value}”",
  },
  "passing.err.score": {
    uz: "{column}: “{value}” 0 dan 189 gacha ball emas",
    ru: "{column}: «{value}» — не балл от 0 до 189",
    en: "{column}: “{value}” is not a score from 0 to 189",
  },
  "passing.err.no_score": {
    uz: "Grant ham, kontrakt ham berilmagan",
    ru: "Не указан ни грант, ни контракт",
    en: "Neither a grant nor a contract score",
  },
  "passing.err.grant_below_contract": {
    uz: "Grant bali kontraktdan past boʻlmaydi",
    ru: "Балл гранта не может быть ниже контракта",
    en: "The grant score cannot be below the contract score",
  },
  "passing.err.duplicate": {
    uz: "{line}-qatorni takrorlaydi",
    ru: "Повторяет строку {line}",
    en: "Repeats line {line}",
  },
  "passing.stored": { uz: "Saqlangan ballar", ru: "Сохранённые баллы", en: "Stored scores" },
  "passing.empty": { uz: "Hali hech narsa yoʻq", ru: "Пока ничего нет", en: "Nothing yet" },
  "passing.delete": { uz: "Oʻchirish", ru: "Удалить", en: "Delete" },
  "passing.university": { uz: "Oliygoh", ru: "Вуз", en: "University" },
  "passing.form": { uz: "Shakl", ru: "Форма", en: "Form" },
  "passing.language": { uz: "Til", ru: "Язык", en: "Language" },
  "passing.grant": { uz: "Grant", ru: "Грант", en: "Grant" },
  "passing.contract": { uz: "Kontrakt", ru: "Контракт", en: "Contract" },

  "insights.builderCertificate": {
    uz: "Milliy sertifikat uslubida (Rasch shkalasi)",
    ru: "В формате национального сертификата (шкала Раша)",
    en: "Certificate-style (Rasch scaling)",
  },
  "insights.notCertificate": {
    uz: "Bu imtihon sertifikat uslubida emas",
    ru: "Этот экзамен не в формате сертификата",
    en: "This exam is not certificate-style",
  },
  "insights.tooFewResponses": {
    uz: "Baholash uchun javoblar yetarli emas",
    ru: "Недостаточно ответов для оценки",
    en: "Not enough responses to estimate",
  },
  "insights.certificateTitle": {
    uz: "Sertifikat shkalasidagi ball",
    ru: "Балл по шкале сертификата",
    en: "Certificate scale score",
  },
  "insights.noGrade": { uz: "daraja yoʻq", ru: "без уровня", en: "no grade" },
  "insights.certificateHow": {
    uz: "Rasch modeli boʻyicha: A+ ≥ 70, A 65–69,9, B+ 60–64,9, B 55–59,9, C+ 50–54,9, C 46–49,9.",
    ru: "По модели Раша: A+ ≥ 70, A 65–69,9, B+ 60–64,9, B 55–59,9, C+ 50–54,9, C 46–49,9.",
    en: "Rasch-scaled: A+ ≥ 70, A 65–69.9, B+ 60–64.9, B 55–59.9, C+ 50–54.9, C 46–49.9.",
  },
  "insights.estimate": {
    uz: "Rasch bahosini hisoblash",
    ru: "Рассчитать модель Раша",
    en: "Run the Rasch estimate",
  },
  "insights.difficulty": { uz: "Qiyinlik (logit)", ru: "Трудность (логит)", en: "Difficulty (logits)" },
  "insights.infit": { uz: "Infit", ru: "Infit", en: "Infit" },
  "insights.outfit": { uz: "Outfit", ru: "Outfit", en: "Outfit" },
} as const satisfies Record<string, Entry>;
