import type { StudyForm, StudyLanguage } from "@imtihon/client-sdk/protocol";

/**
 * DEMO passing scores for the two seeded directions, so a newcomer sees an admission view. These
 * are NOT official figures: plausible invented values in the range real DTM lines take. They are
 * stored with `demo = true` and the web client labels them as demo; an admin's import of real
 * figures for the same university, form and language replaces them.
 */
export const DEMO_PASSING_YEAR = 2025;

export interface DemoPassingScore {
  direction: string;
  university: string;
  form: StudyForm;
  language: StudyLanguage;
  /** Points (one decimal); null: no places of that kind. */
  grant: number | null;
  contract: number | null;
}

const row = (
  direction: string,
  university: string,
  form: StudyForm,
  language: StudyLanguage,
  grant: number | null,
  contract: number | null,
): DemoPassingScore => ({ direction, university, form, language, grant, contract });

export const DEMO_PASSING_SCORES: readonly DemoPassingScore[] = [
  row("dasturiy-injiniring", "Toshkent axborot texnologiyalari universiteti", "kunduzgi", "uz", 182.4, 158.7),
  row("dasturiy-injiniring", "Toshkent axborot texnologiyalari universiteti", "kunduzgi", "ru", 176.9, 149.2),
  row("dasturiy-injiniring", "TATU Samarqand filiali", "kunduzgi", "uz", 171.3, 136.5),
  row("dasturiy-injiniring", "TATU Urganch filiali", "kunduzgi", "uz", 160.2, 118.4),
  row("dasturiy-injiniring", "TATU Nukus filiali", "kunduzgi", "kaa", 141.8, 96.3),
  row("dasturiy-injiniring", "Qarshi davlat universiteti", "kechki", "uz", 112.5, 71.2),
  row("dasturiy-injiniring", "Farg'ona davlat universiteti", "sirtqi", "uz", null, 84.6),
  row("davolash-ishi", "Toshkent tibbiyot akademiyasi", "kunduzgi", "uz", 186.2, 168.9),
  row("davolash-ishi", "Toshkent tibbiyot akademiyasi", "kunduzgi", "ru", 181.5, 160.3),
  row("davolash-ishi", "Samarqand davlat tibbiyot universiteti", "kunduzgi", "uz", 178.4, 152.6),
  row("davolash-ishi", "Andijon davlat tibbiyot instituti", "kunduzgi", "uz", 169.7, 139.1),
  row("davolash-ishi", "Buxoro davlat tibbiyot instituti", "kunduzgi", "uz", 164.0, 128.8),
  row("davolash-ishi", "Termiz davlat universiteti", "kunduzgi", "uz", 150.3, 104.7),
];
