const isNumber = require("is-number");
console.log("bench ctx-node: is-number(7)", isNumber(7));
