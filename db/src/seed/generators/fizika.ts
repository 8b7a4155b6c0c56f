import { pickWrong, SeedQuestionError, type QuestionDraft } from "../question.ts";
import { mulberry32, pick, randInt, type Rng } from "../prng.ts";

/**
 * Physics questions from one formula each, with numbers chosen so every answer is a whole number.
 * Units are SI symbols (N, J, W, Pa, C, A, V), "Om" for ohm and km/soat, as in Uzbek textbooks.
 */
export const PHYSICS_TEMPLATES = 10;

const withUnit = (unit: string) => (values: number[]) =>
  values.filter((v) => v > 0 && Number.isInteger(v)).map((v) => `${v} ${unit}`);

function template(index: number, rng: Rng): QuestionDraft {
  switch (index) {
    case 0: {
      const v = 10 * randInt(rng, 4, 9);
      const t = randInt(rng, 2, 5);
      const u = withUnit("km/soat");
      return {
        stem: `Avtomobil ${t} soatda ${v * t} km yoʻl bosdi. Uning oʻrtacha tezligini toping.`,
        correct: `${v} km/soat`,
        wrong: pickWrong(`${v} km/soat`, u([v + 10, v - 10, v * 2, v + 20])),
      };
    }
    case 1: {
      const m = randInt(rng, 2, 50);
      const a = randInt(rng, 2, 9);
      const f = m * a;
      return {
        stem: `Massasi ${m} kg boʻlgan jismga ${a} m/s² tezlanish berish uchun qanday kuch kerak?`,
        correct: `${f} N`,
        wrong: pickWrong(`${f} N`, withUnit("N")([m + a, f * 2, f + 10, f - 10])),
      };
    }
    case 2: {
      const f = 5 * randInt(rng, 2, 40);
      const s = randInt(rng, 2, 20);
      const work = f * s;
      return {
        stem: `Jism ${f} N kuch taʼsirida kuch yoʻnalishi boʻyicha ${s} m ga koʻchdi. Bajarilgan ishni toping.`,
        correct: `${work} J`,
        wrong: pickWrong(`${work} J`, withUnit("J")([f + s, work * 2, work / 2, work + f])),
      };
    }
    case 3: {
      const rho = pick(rng, [800, 900, 1000, 2700, 7800, 8900, 11300]);
      const volume = randInt(rng, 2, 5);
      const u = withUnit("kg/m³");
      return {
        stem: `Hajmi ${volume} m³ boʻlgan jismning massasi ${rho * volume} kg. Jism moddasining zichligini toping.`,
        correct: `${rho} kg/m³`,
        wrong: pickWrong(`${rho} kg/m³`, u([rho / 10, rho * 10, rho + 100, rho * 2])),
      };
    }
    case 4: {
      const current = randInt(rng, 1, 10);
      const r = randInt(rng, 2, 60);
      return {
        stem: `Qarshiligi ${r} Om boʻlgan oʻtkazgich uchlaridagi kuchlanish ${current * r} V. Oʻtkazgichdagi tok kuchini toping.`,
        correct: `${current} A`,
        wrong: pickWrong(`${current} A`, withUnit("A")([current + 1, current * 2, current + 2, current + 3])),
      };
    }
    case 5: {
      const m = 2 * randInt(rng, 1, 10);
      const v = randInt(rng, 2, 20);
      const e = (m * v * v) / 2;
      return {
        stem: `Massasi ${m} kg boʻlgan jism ${v} m/s tezlik bilan harakatlanmoqda. Uning kinetik energiyasini toping.`,
        correct: `${e} J`,
        // m·v² (forgot the half) and m·v (forgot the square) are the usual slips.
        wrong: pickWrong(`${e} J`, withUnit("J")([m * v * v, m * v, (m * v) / 2, e + 10])),
      };
    }
    case 6: {
      const p = 50 * randInt(rng, 1, 40);
      const t = randInt(rng, 2, 60);
      return {
        stem: `Dvigatel ${t} s da ${p * t} J ish bajardi. Uning quvvatini toping.`,
        correct: `${p} W`,
        wrong: pickWrong(`${p} W`, withUnit("W")([p * 2, p / 2, p + 50, p + 100])),
      };
    }
    case 7: {
      const p = 100 * randInt(rng, 1, 50);
      const area = pick(rng, [2, 4, 5]);
      const f = p * area;
      return {
        stem: `${f} N kuch ${area} m² yuzaga tik taʼsir etmoqda. Sirtga beriladigan bosimni toping.`,
        correct: `${p} Pa`,
        wrong: pickWrong(`${p} Pa`, withUnit("Pa")([f * area, p * 2, p + 100, p / 2])),
      };
    }
    case 8: {
      const m = randInt(rng, 1, 50);
      const h = randInt(rng, 2, 30);
      const e = m * 10 * h;
      return {
        stem: `Massasi ${m} kg boʻlgan jism ${h} m balandlikka koʻtarildi. Uning potensial energiyasi qanchaga ortdi? (g = 10 m/s²)`,
        correct: `${e} J`,
        wrong: pickWrong(`${e} J`, withUnit("J")([m * h, e * 2, e / 2, e + 10 * m])),
      };
    }
    default: {
      const current = randInt(rng, 1, 10);
      const t = randInt(rng, 2, 60);
      const q = current * t;
      return {
        stem: `Oʻtkazgichdan ${current} A tok ${t} s davomida oʻtdi. Oʻtkazgich koʻndalang kesimidan oʻtgan zaryad miqdorini toping.`,
        correct: `${q} C`,
        wrong: pickWrong(`${q} C`, withUnit("C")([t / current, q + current, q * 2, q + 10])),
      };
    }
  }
}

/** `count` distinct questions; question i uses template i mod 10. Pure: same seed, same output. */
export function generatePhysicsQuestions(count: number, seed = 20261126): QuestionDraft[] {
  const rng = mulberry32(seed);
  const out: QuestionDraft[] = [];
  const stems = new Set<string>();
  // A template has only so many distinct stems (the triangle one has 15): give up rather than spin.
  for (let tries = 0; out.length < count; tries++) {
    if (tries > count * 50) throw new SeedQuestionError(`cannot make ${count} distinct questions`);
    const draft = template(out.length % PHYSICS_TEMPLATES, rng);
    if (stems.has(draft.stem)) continue;
    stems.add(draft.stem);
    out.push(draft);
  }
  return out;
}
