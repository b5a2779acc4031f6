// A tiny "bundler": copies src/ into dist/ with a banner.
const fs = require("fs");
fs.mkdirSync("dist", { recursive: true });
const src = fs.readFileSync("src/server.js", "utf8");
fs.writeFileSync("dist/server.js", "// built\n" + src);
