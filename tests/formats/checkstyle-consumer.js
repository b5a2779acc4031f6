// Reads a Checkstyle XML report with danger-plugin-lint-report, the npm package that
// Danger JS projects use to turn checkstyle reports into pull-request comments, and prints
// the violations it extracted as JSON (file, line, column, severity, message).
// Usage: node checkstyle-consumer.js NPM_PREFIX REPORT.xml   (run from the project root:
// the plugin resolves each <file name> against the working directory).
"use strict";
const fs = require("fs");
const path = require("path");
const plugin = require(path.join(process.argv[2], "node_modules", "danger-plugin-lint-report"));
const violations = [];
// No Danger `git` object: every file counts as changed; requireLineModification=false.
plugin
  .scanXmlReport(undefined, fs.readFileSync(process.argv[3]), process.cwd(), false, (v) => violations.push(v))
  .then(() => process.stdout.write(JSON.stringify(violations)))
  .catch((e) => {
    process.stderr.write(String((e && e.stack) || e) + "\n");
    process.exit(1);
  });
