const isNumber = require("is-number");
console.log("built server:", isNumber("7") ? "7 is a number" : "7 is not a number");
