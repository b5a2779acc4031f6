const express = require("express");
const { greeting } = require("./lib/greeting");
const app = express();
console.log(greeting(), "express", typeof app.listen === "function" ? "ok" : "missing");
