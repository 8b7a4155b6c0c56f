import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", ".data/**", "artifacts/**", "reports/**", "k6/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "off",
      "no-console": "off",
    },
  },
  {
    // Layering (docs/architecture.md): the realtime layer calls the domain and never queries the
    // database itself, so a socket handler cannot grow SQL that no domain test covers.
    files: ["server/src/realtime/**/*.ts"],
    ignores: ["server/src/realtime/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        ...["kysely", "postgres", "@imtihon/db"].map((name) => ({
          name,
          message: "realtime/ calls the domain (exam/, auth/) for data",
        })),
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|transaction)$/]",
          message: "realtime/ calls the domain (exam/, auth/) for data; it runs no query itself",
        },
        {
          selector:
            "TaggedTemplateExpression[tag.property.name='sql'], TaggedTemplateExpression[tag.name='sql']",
          message: "realtime/ calls the domain (exam/, auth/) for data; it runs no query itself",
        },
      ],
    },
  },
);
