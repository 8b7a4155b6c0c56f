// The one error table lives in i18n/errors.ts; this module keeps the old import path working.
export { describeError } from "../i18n/errors.ts";
