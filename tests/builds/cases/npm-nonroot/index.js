const isNumber = require("is-number");
console.log("user", require("os").userInfo().username, "is-number:", isNumber(1));
