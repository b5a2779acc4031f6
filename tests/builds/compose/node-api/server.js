const fs = require("fs");
const path = require("path");
const isNumber = require("is-number");
const page = fs.readFileSync(path.join(__dirname, "public", "index.html"), "utf8").trim();
const env = fs.readFileSync(path.join(__dirname, ".env"), "utf8").trim();
console.log("api:", page, "|", env, "| port is number:", isNumber(3000));
