// `npm pack` / `npm publish` in client-sdk/ would ship TypeScript sources: use the pack script.
console.error(
  "[client-sdk] use `npm run pack -w client-sdk`: it builds dist/ and packs a manifest pointing at it",
);
process.exit(1);
