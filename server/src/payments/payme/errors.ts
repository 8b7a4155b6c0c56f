/**
 * Payme Merchant API error codes and their ru/uz/en messages. -31050…-31099 are "account" errors
 * (about `order_id`); Payme shows the message to the payer, so each is in three languages.
 */
export type Localized = { ru: string; uz: string; en: string };

export const PAYME_ERRORS = {
  internal: { code: -32400, message: { ru: "Внутренняя ошибка", uz: "Ichki xatolik", en: "Internal error" } },
  unauthorized: {
    code: -32504,
    message: {
      ru: "Недостаточно привилегий для выполнения метода",
      uz: "Usulni bajarish uchun huquq yetarli emas",
      en: "Insufficient privileges to perform this method",
    },
  },
  notPost: {
    code: -32300,
    message: { ru: "Метод запроса не POST", uz: "Soʻrov usuli POST emas", en: "Request method is not POST" },
  },
  parse: {
    code: -32700,
    message: { ru: "Ошибка парсинга JSON", uz: "JSON tahlilida xatolik", en: "JSON parse error" },
  },
  invalidRequest: {
    code: -32600,
    message: {
      ru: "Отсутствуют обязательные поля или тип полей не соответствует спецификации",
      uz: "Majburiy maydonlar yoʻq yoki ularning turi notoʻgʻri",
      en: "Required fields are missing or have the wrong type",
    },
  },
  methodNotFound: {
    code: -32601,
    message: { ru: "Метод не найден", uz: "Usul topilmadi", en: "Method not found" },
  },
  wrongAmount: {
    code: -31001,
    message: { ru: "Неверная сумма", uz: "Notoʻgʻri summa", en: "Wrong amount" },
  },
  transactionNotFound: {
    code: -31003,
    message: { ru: "Транзакция не найдена", uz: "Tranzaksiya topilmadi", en: "Transaction not found" },
  },
  cannotCancel: {
    code: -31007,
    message: {
      ru: "Невозможно отменить транзакцию: услуга уже оказана",
      uz: "Tranzaksiyani bekor qilib boʻlmaydi: xizmat allaqachon koʻrsatilgan",
      en: "The transaction cannot be cancelled: the service was already used",
    },
  },
  cannotPerform: {
    code: -31008,
    message: {
      ru: "Невозможно выполнить данную операцию",
      uz: "Ushbu amalni bajarib boʻlmaydi",
      en: "This operation cannot be performed",
    },
  },
  orderNotFound: {
    code: -31050,
    message: { ru: "Заказ не найден", uz: "Buyurtma topilmadi", en: "Order not found" },
  },
  orderNotPayable: {
    code: -31051,
    message: {
      ru: "Заказ уже оплачен или отменён",
      uz: "Buyurtma allaqachon toʻlangan yoki bekor qilingan",
      en: "The order is already paid or cancelled",
    },
  },
  orderBusy: {
    code: -31052,
    message: {
      ru: "Заказ ожидает оплаты по другой транзакции",
      uz: "Buyurtma boshqa tranzaksiya boʻyicha toʻlovni kutmoqda",
      en: "The order is awaiting payment in another transaction",
    },
  },
} as const satisfies Record<string, { code: number; message: Localized }>;

export type PaymeErrorKey = keyof typeof PAYME_ERRORS;

export interface PaymeErrorBody {
  code: number;
  message: Localized;
  data?: string;
}

export function paymeError(key: PaymeErrorKey, data?: string): PaymeErrorBody {
  const e = PAYME_ERRORS[key];
  return data === undefined
    ? { code: e.code, message: e.message }
    : { code: e.code, message: e.message, data };
}
