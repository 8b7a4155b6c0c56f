import type { Entry } from "./messages-errors.ts";

/** The exam room for three hours (start page, navigator, submit dialog), results and the proctor's views. */
export const roomMessages = {
  "catalogue.resume": { uz: "Davom ettirish", ru: "Продолжить", en: "Resume" },
  "catalogue.resumeAria": {
    uz: "“{title}” imtihonini davom ettirish",
    ru: "Продолжить «{title}»",
    en: "Resume “{title}”",
  },
  "catalogue.inProgress": {
    uz: "Boshlangan, yakunlanmagan",
    ru: "Начат, не завершён",
    en: "Started, not submitted",
  },
  "catalogue.opens": { uz: "Ochiladi: {at}", ru: "Откроется: {at}", en: "Opens {at}" },
  "catalogue.closes": { uz: "Yopiladi: {at}", ru: "Закроется: {at}", en: "Closes {at}" },
  "start.title": { uz: "Imtihon oldidan", ru: "Перед экзаменом", en: "Before you start" },
  "start.duration": { uz: "Davomiyligi", ru: "Длительность", en: "Duration" },
  "start.minutes": {
    uz: "{count} daqiqa",
    ru: { one: "{count} минута", few: "{count} минуты", many: "{count} минут", other: "{count} минуты" },
    en: { one: "{count} minute", other: "{count} minutes" },
  },
  "start.questions": {
    uz: "{count} ta savol",
    ru: { one: "{count} вопрос", few: "{count} вопроса", many: "{count} вопросов", other: "{count} вопроса" },
    en: { one: "{count} question", other: "{count} questions" },
  },
  "start.sections": { uz: "Boʻlimlar", ru: "Разделы", en: "Sections" },
  "start.sectionLine": {
    uz: "{title}: {questions}, har biri {points}",
    ru: "{title}: {questions}, за каждый {points}",
    en: "{title}: {questions}, {points} each",
  },
  "start.rulesTitle": { uz: "Qoidalar", ru: "Правила", en: "Rules" },
  "start.rule1": {
    uz: "Vaqt “Boshlash” bosilgan zahoti ketadi va toʻxtamaydi: sahifani yopsangiz ham hisoblanadi.",
    ru: "Время пойдёт сразу после «Начать» и не останавливается, даже если закрыть страницу.",
    en: "The clock starts the moment you press Start and does not stop, even if you close the page.",
  },
  "start.rule2": {
    uz: "Har bir javob darhol saqlanadi. Internet uzilsa, javoblar qurilmada kutib turadi.",
    ru: "Каждый ответ сохраняется сразу. Без интернета ответы ждут на устройстве.",
    en: "Every answer is saved at once. Offline, answers wait on this device.",
  },
  "start.rule3": {
    uz: "Boshqa oynaga oʻtish, nusxa olish va joylash qayd etiladi.",
    ru: "Переход в другие окна, копирование и вставка записываются.",
    en: "Leaving the window, copying and pasting are recorded.",
  },
  "start.rule4": {
    uz: "Vaqt tugaganda javoblaringiz avtomatik topshiriladi.",
    ru: "Когда время выйдет, ответы будут сданы автоматически.",
    en: "When time is up your answers are handed in automatically.",
  },
  "start.previous": {
    uz: "Siz bu imtihonni topshirgansiz. Yana boshlasangiz, yangi urinish boʻladi.",
    ru: "Вы уже сдали этот экзамен. Если начать снова, это будет новая попытка.",
    en: "You have submitted this exam before. Starting again begins a new attempt.",
  },
  "start.seeResult": { uz: "Oldingi natija", ru: "Прошлый результат", en: "Previous result" },
  "start.confirm": {
    uz: "Qoidalarni oʻqidim, boshlashga tayyorman",
    ru: "Я прочитал правила и готов начать",
    en: "I have read the rules and I am ready",
  },
  "start.go": { uz: "Boshlash", ru: "Начать", en: "Start" },
  "start.again": { uz: "Yangi urinishni boshlash", ru: "Начать новую попытку", en: "Start a new attempt" },
  "start.needConfirm": {
    uz: "Avval qoidalarni oʻqiganingizni belgilang",
    ru: "Сначала отметьте, что прочитали правила",
    en: "First tick that you have read the rules",
  },
  "room.pointsN": {
    uz: "{points} ball",
    ru: { one: "{points} балл", few: "{points} балла", many: "{points} баллов", other: "{points} балла" },
    en: { one: "{points} point", other: "{points} points" },
  },
  "room.blockSummary": {
    uz: "{answered}/{total} javob · {flagged} belgi",
    ru: "{answered}/{total} отв. · {flagged} отм.",
    en: "{answered}/{total} answered · {flagged} flagged",
  },
  "room.confirmTitle": {
    uz: "Imtihonni yakunlaysizmi?",
    ru: "Завершить экзамен?",
    en: "Submit the exam?",
  },
  "room.confirmCounts": {
    uz: "Javobsiz savollar: {unanswered}. Belgilanganlar: {flagged}.",
    ru: "Без ответа: {unanswered}. Отмечено: {flagged}.",
    en: "Unanswered: {unanswered}. Flagged: {flagged}.",
  },
  "room.confirmBlock": {
    uz: "{block}: javobsiz {unanswered}, belgilangan {flagged}",
    ru: "{block}: без ответа {unanswered}, отмечено {flagged}",
    en: "{block}: {unanswered} unanswered, {flagged} flagged",
  },
  "room.confirmList": { uz: "Savollar: {list}", ru: "Вопросы: {list}", en: "Questions: {list}" },
  "room.pausedByProctor": {
    uz: "Pauza: proktor imtihonni vaqtincha toʻxtatdi. Vaqt hisoblanmayapti, kuting.",
    ru: "Пауза: проктор временно остановил экзамен. Время стоит, подождите.",
    en: "Paused: the proctor has stopped the exam for a moment. The clock stands still; please wait.",
  },
  "room.terminatedByProctor": {
    uz: "Proktor sizni imtihondan chetlatdi. Bu urinish yakunlangan, javoblar oʻzgartirilmaydi.",
    ru: "Проктор снял вас с экзамена. Попытка завершена, ответы больше не меняются.",
    en: "The proctor removed you from the exam. This attempt is over; answers can no longer change.",
  },
  "result.reviewLater": {
    uz: "Javoblar tahlili {at} da ochiladi (bu savollar bor imtihonlar yopilgach).",
    ru: "Разбор ответов откроется {at} (когда закроются экзамены с этими вопросами).",
    en: "The answer review opens on {at} (once the exams with these questions close).",
  },
  "result.reviewLive": {
    uz: "Javoblar tahlili bu savollar bor jonli sessiya tugagach ochiladi.",
    ru: "Разбор ответов откроется, когда закончится живая сессия с этими вопросами.",
    en: "The answer review opens once the live session with these questions has ended.",
  },
  "result.reviewNever": {
    uz: "Bu savollar bor imtihon hamma uchun ochiq qoladi, shuning uchun toʻgʻri javoblar koʻrsatilmaydi (boshqalar hali yechayotgan boʻlishi mumkin).",
    ru: "Экзамен с этими вопросами остаётся открытым, поэтому верные ответы не показываются (его ещё могут решать другие).",
    en: "An exam with these questions stays open, so the right answers are not shown (others may still be taking it).",
  },
  "status.pausedRow": { uz: "Pauzada", ru: "Пауза", en: "Paused" },
  "proctor.messages": { uz: "Yuborilgan xabarlar", ru: "Отправленные сообщения", en: "Messages sent" },
  "proctor.noMessages": { uz: "Hali xabar yoʻq", ru: "Сообщений пока нет", en: "No messages yet" },
  "proctor.toAll": { uz: "Hammaga", ru: "Всем", en: "Everyone" },
  "sessions.liveOnly": {
    uz: "Roʻyxatda faqat jonli imtihonlar. Mustaqil imtihonlarni talabalar katalogdan oʻzi boshlaydi.",
    ru: "В списке только живые экзамены. Самостоятельные студенты начинают сами из каталога.",
    en: "Only live exams are listed. Students start self-paced exams themselves from the catalogue.",
  },
} as const satisfies Record<string, Entry>;
