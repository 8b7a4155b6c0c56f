import type { Entry } from "./messages-errors.ts";

/** "My progress" and the standing block of a result, uz / ru / en. */
export const progressMessages = {
  "nav.progress": { uz: "Mening natijalarim", ru: "Мой прогресс", en: "My progress" },

  "progress.title": { uz: "Mening natijalarim", ru: "Мой прогресс", en: "My progress" },
  "progress.empty": {
    uz: "Hali yakunlangan imtihon yoʻq. Birinchi imtihonni topshiring — natijalaringiz shu yerda chiqadi.",
    ru: "Пока нет завершённых экзаменов. Сдайте первый — здесь появится ваш прогресс.",
    en: "No finished exams yet. Take your first one and your progress shows up here.",
  },
  "progress.toCatalogue": { uz: "Imtihonlarga oʻtish", ru: "К экзаменам", en: "Go to the exams" },
  "progress.overTime": { uz: "Natija vaqt boʻyicha", ru: "Результат со временем", en: "Score over time" },
  "progress.show": { uz: "Koʻrsatish", ru: "Показать", en: "Show" },
  "progress.allExams": { uz: "Butun imtihon", ru: "Весь экзамен", en: "Whole exam" },
  "progress.chartLabel": {
    uz: "{what}: {count} ta natija, oxirgisi {last}",
    ru: "{what}: результатов {count}, последний {last}",
    en: "{what}: {count} results, the latest {last}",
  },
  "progress.asTable": { uz: "Jadval koʻrinishida", ru: "Показать таблицей", en: "Show as a table" },
  "progress.date": { uz: "Sana", ru: "Дата", en: "Date" },
  "progress.exam": { uz: "Imtihon", ru: "Экзамен", en: "Exam" },
  "progress.result": { uz: "Natija", ru: "Результат", en: "Result" },
  "progress.bySubject": {
    uz: "Fanlar boʻyicha aniqlik",
    ru: "Точность по предметам",
    en: "Accuracy by subject",
  },
  "progress.byTopic": { uz: "Mavzular boʻyicha aniqlik", ru: "Точность по темам", en: "Accuracy by topic" },
  "progress.subject": { uz: "Fan", ru: "Предмет", en: "Subject" },
  "progress.topic": { uz: "Mavzu", ru: "Тема", en: "Topic" },
  "progress.correct": { uz: "Toʻgʻri", ru: "Верно", en: "Correct" },
  "progress.accuracy": { uz: "Aniqlik", ru: "Точность", en: "Accuracy" },
  "progress.weakest": {
    uz: "Eng koʻp eʼtibor talab qiladigan mavzular",
    ru: "Что подтянуть в первую очередь",
    en: "What to study next",
  },
  "progress.weakestNone": {
    uz: "Xato javoblar yoʻq — ajoyib!",
    ru: "Ошибок нет — отлично!",
    en: "No wrong answers so far — well done!",
  },
  "progress.practice": { uz: "Mashq qilish:", ru: "Потренироваться:", en: "Practise with:" },
  "progress.noPractice": {
    uz: "Hozircha mos mashq imtihoni yoʻq",
    ru: "Подходящего тренировочного экзамена пока нет",
    en: "No practice exam for this yet",
  },
  "progress.weakLine": {
    uz: "{correct} / {total} toʻgʻri ({accuracy})",
    ru: "верно {correct} из {total} ({accuracy})",
    en: "{correct} of {total} right ({accuracy})",
  },
  "insights.percent": { uz: "{value} %", ru: "{value} %", en: "{value}%" },
  "insights.points": { uz: "{value} ball", ru: "{value} б.", en: "{value} pts" },

  "standing.title": { uz: "Reytingdagi oʻrningiz", ru: "Ваше место", en: "Where you stand" },
  "standing.rank": {
    uz: "{of} kishidan {rank}-oʻrin",
    ru: "{rank}-е место из {of}",
    en: "Rank {rank} of {of}",
  },
  "standing.percentile": {
    uz: "Ishtirokchilarning {value} qismidan yuqori natija",
    ru: "Лучше, чем у {value} участников",
    en: "Better than {value} of the students",
  },
  "standing.best": {
    uz: "Eng yaxshi natijangiz: {value}",
    ru: "Ваш лучший результат: {value}",
    en: "Your best: {value}",
  },
  "standing.distribution": {
    uz: "Natijalar taqsimoti",
    ru: "Распределение результатов",
    en: "How everyone scored",
  },
  "standing.youAreHere": {
    uz: "Siz shu yerdasiz: {from}–{to} ball ({count} kishi)",
    ru: {
      one: "Вы здесь: {from}–{to} баллов ({count} участник)",
      few: "Вы здесь: {from}–{to} баллов ({count} участника)",
      many: "Вы здесь: {from}–{to} баллов ({count} участников)",
      other: "Вы здесь: {from}–{to} баллов ({count} участника)",
    },
    en: {
      one: "You are here: {from}–{to} points ({count} student)",
      other: "You are here: {from}–{to} points ({count} students)",
    },
  },
  "standing.students": { uz: "Ishtirokchilar", ru: "Участники", en: "Students" },
  "standing.you": { uz: "Siz", ru: "Вы", en: "You" },
  "standing.others": { uz: "Boshqalar", ru: "Остальные", en: "Others" },
  "standing.refresh": { uz: "Yangilash", ru: "Обновить", en: "Refresh" },
  "standing.live": {
    uz: "Boshqalar hali topshirayotgan boʻlsa, oʻrningiz oʻzgarishi mumkin.",
    ru: "Пока другие ещё сдают, место может меняться.",
    en: "While others are still taking it, your place may change.",
  },
  "standing.progressLink": { uz: "Barcha natijalarim", ru: "Весь мой прогресс", en: "All my progress" },
} satisfies Record<string, Entry>;
