-- Driven by tests/nvim.rs: headless Neovim (started with --clean, so plugin/shipshape.lua
-- loads from the runtime path as it does for a user) with the plugin from editors/nvim as
-- the LSP client. Environment:
--   SHIPSHAPE_BIN    the server binary
--   WORKDIR          a folder holding the Dockerfile and compose.yaml written by the test
--   SHIPSHAPE_ROUTE  how the server is started: "setup" (require("shipshape").setup(), every
--                    version from 0.7) or "enable" (vim.lsp.enable("shipshape") with
--                    lsp/shipshape.lua, 0.11+)
-- Prints "FAIL: ..." on stderr and exits non-zero on the first failed check.
local bin = os.getenv("SHIPSHAPE_BIN")
local dir = os.getenv("WORKDIR")
local route = os.getenv("SHIPSHAPE_ROUTE") or "setup"

local function note(msg)
  io.stderr:write("ok: " .. msg .. "\n")
end

local function fail(msg)
  io.stderr:write("FAIL: [" .. route .. "] " .. msg .. "\n")
  io.stderr:flush()
  vim.cmd("cq")
end

local function check(cond, msg)
  if not cond then
    fail(msg)
  end
end

-- The rules under test; everything else is off so each buffer's findings are known exactly.
local settings = { select = { "untagged-image", "latest-tag", "stage-name-casing", "obsolete-version-field" } }

local function clients_of(buf)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = buf, name = "shipshape" })
  end
  local out = {}
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
    if c.name == "shipshape" then
      table.insert(out, c)
    end
  end
  return out
end

local function describe(diags)
  local parts = {}
  for _, d in ipairs(diags) do
    local ns = vim.diagnostic.get_namespace(d.namespace)
    table.insert(parts, string.format("%s@%d:%d(%s)", tostring(d.code), d.lnum, d.col, ns and ns.name or d.namespace))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

-- Does the buffer hold each expected finding exactly once, and nothing else? `expected` is
-- a list of { code, lnum, col }. Returns ok, and a description of what is there.
local function exactly(buf, expected)
  local diags = vim.diagnostic.get(buf)
  local counts, distinct = {}, 0
  for _, d in ipairs(diags) do
    local key = string.format("%s@%d:%d", tostring(d.code), d.lnum, d.col)
    if not counts[key] then
      distinct = distinct + 1
    end
    counts[key] = (counts[key] or 0) + 1
  end
  local ok = #diags == distinct and distinct == #expected
  for _, e in ipairs(expected) do
    if counts[string.format("%s@%d:%d", e[1], e[2], e[3])] ~= 1 then
      ok = false
    end
  end
  return ok, describe(diags)
end

-- Waits for the buffer's findings to be exactly `expected`, each once, then watches them for
-- a while: a second copy (one pushed, one pulled) arrives within milliseconds of the first.
local function expect_diagnostics(buf, expected, what)
  local seen = ""
  local ok = vim.wait(30000, function()
    local good
    good, seen = exactly(buf, expected)
    return good
  end, 50)
  check(ok, what .. ": expected each finding once, got " .. seen)
  local broke = vim.wait(2000, function()
    local good
    good, seen = exactly(buf, expected)
    return not good
  end, 50)
  check(not broke, what .. ": findings changed to " .. seen .. " (each must show once)")
  note(what .. ": " .. seen)
end

local function by_code(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    out[d.code] = d
    check(d.source == "shipshape", "source " .. tostring(d.source))
  end
  return out
end

local function expect_hover(buf, line, character, heading)
  local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = character },
  }, 20000)
  local text
  for _, r in pairs(hover or {}) do
    if r.result then
      text = r.result.contents.value
    end
  end
  check(text and text:find(heading, 1, true), "hover shows " .. heading .. ", got " .. tostring(text))
  note("hover " .. heading)
end

-- Asks for the quick fixes of a finding and applies the one titled `title` with Neovim's own
-- workspace-edit code (resolving it first when the server left the edit for later).
local function apply_fix(buf, d, title)
  local client = clients_of(buf)[1]
  local lsp_diag = {
    range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } },
    message = d.message,
    code = d.code,
    source = "shipshape",
  }
  local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag } },
  }, 20000)
  local fix, titles = nil, {}
  for _, r in pairs(actions or {}) do
    for _, a in ipairs(r.result or {}) do
      table.insert(titles, a.title)
      if a.title == title then
        fix = a
      end
    end
  end
  check(fix, "quick fix '" .. title .. "' is offered; got: " .. table.concat(titles, " | "))
  if not fix.edit then
    local resolved = vim.lsp.buf_request_sync(buf, "codeAction/resolve", fix, 20000)
    for _, r in pairs(resolved or {}) do
      if r.result then
        fix = r.result
      end
    end
  end
  check(fix.edit, "quick fix '" .. title .. "' has an edit")
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding or "utf-16")
  note("applied " .. title)
end

local function main()
  note(vim.fn.execute("version"):match("NVIM v[^%s]+") .. ", route " .. route)
  check(vim.g.loaded_shipshape, "plugin/shipshape.lua was not loaded from the runtime path")

  if route == "setup" then
    require("shipshape").setup({ cmd = { bin, "lsp" }, settings = settings })
  elseif route == "enable" then
    check(vim.lsp.config and vim.lsp.enable, "this Neovim has no vim.lsp.enable (0.11+)")
    -- Only what a user overrides: filetypes and root markers come from lsp/shipshape.lua.
    vim.lsp.config("shipshape", { cmd = { bin, "lsp" }, settings = { shipshape = settings } })
    vim.lsp.enable("shipshape")
  else
    fail("unknown SHIPSHAPE_ROUTE " .. route)
  end

  -- The Dockerfile: findings with rule ids and positions, each once.
  vim.cmd("edit " .. dir .. "/Dockerfile")
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == "dockerfile", "filetype is " .. vim.bo[buf].filetype)
  expect_diagnostics(buf, { { "untagged-image", 0, 5 }, { "stage-name-casing", 1, 20 } }, "Dockerfile")
  check(#clients_of(buf) == 1, "one shipshape client on the Dockerfile, got " .. #clients_of(buf))
  local found = by_code(buf)
  local untagged = found["untagged-image"]
  check(untagged.end_lnum == 0 and untagged.end_col == 9, "untagged-image at 0:5-9")

  -- Hover on the finding: the rule's docs.
  expect_hover(buf, 0, 6, "**untagged-image**")

  -- A quick fix, applied by Neovim, then saved; the finding it fixed goes away.
  apply_fix(buf, found["stage-name-casing"], "Rename the stage to `build`")
  vim.cmd("silent write")
  expect_diagnostics(buf, { { "untagged-image", 0, 5 } }, "Dockerfile after the fix")

  -- The Compose file: its filetype (by name, from plugin/shipshape.lua), findings, hover, fix.
  -- From 0.9 (vim.filetype.add) it is never `yaml` on the way.
  local as_yaml = {}
  vim.api.nvim_create_autocmd("FileType", {
    pattern = "yaml",
    callback = function(args)
      as_yaml[vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ":t")] = true
    end,
  })
  vim.cmd("edit " .. dir .. "/compose.yaml")
  local cbuf = vim.api.nvim_get_current_buf()
  check(vim.bo[cbuf].filetype == "yaml.docker-compose", "compose filetype is " .. vim.bo[cbuf].filetype)
  check(vim.fn.has("nvim-0.9") == 0 or not as_yaml["compose.yaml"], "compose.yaml was `yaml` first")
  expect_diagnostics(cbuf, { { "obsolete-version-field", 0, 0 }, { "latest-tag", 3, 17 } }, "compose.yaml")
  check(#clients_of(cbuf) == 1, "one shipshape client on compose.yaml, got " .. #clients_of(cbuf))
  check(clients_of(cbuf)[1].id == clients_of(buf)[1].id, "one server for the folder")
  expect_hover(cbuf, 3, 18, "**latest-tag**")
  apply_fix(cbuf, by_code(cbuf)["obsolete-version-field"], "Remove the obsolete `version` line")
  vim.cmd("silent write")
  expect_diagnostics(cbuf, { { "latest-tag", 2, 17 } }, "compose.yaml after the fix")

  -- Other Compose and Dockerfile names (not written: a new buffer gets its filetype too).
  for name, ft in pairs({
    ["docker-compose.yml"] = "yaml.docker-compose",
    ["compose.override.yml"] = "yaml.docker-compose",
    ["docker-compose.prod.yaml"] = "yaml.docker-compose",
    ["Containerfile"] = "dockerfile",
    ["api.Dockerfile"] = "dockerfile",
    ["app.dockerfile"] = "dockerfile",
    ["Dockerfile.dev"] = "dockerfile",
    ["settings.yaml"] = "yaml",
    ["Dockerfile.dockerignore"] = "gitignore",
  }) do
    vim.cmd("edit " .. dir .. "/sub/" .. name)
    local b = vim.api.nvim_get_current_buf()
    check(vim.bo[b].filetype == ft, name .. " has filetype " .. vim.bo[b].filetype .. ", not " .. ft)
    check(vim.fn.has("nvim-0.9") == 0 or ft ~= "yaml.docker-compose" or not as_yaml[name], name .. " was `yaml` first")
    local want = (ft == "dockerfile" or ft == "yaml.docker-compose") and 1 or 0
    check(#clients_of(b) == want, name .. " has " .. #clients_of(b) .. " shipshape clients, not " .. want)
  end
  note("filetypes by name")

  -- A buffer read before the plugin was (a plugin manager loading it on FileType): setting up
  -- the detection again corrects it.
  vim.cmd("edit " .. dir .. "/sub/compose.dev.yaml")
  vim.bo.filetype = "yaml"
  require("shipshape.filetype").setup()
  check(vim.bo.filetype == "yaml.docker-compose", "compose.dev.yaml read earlier is " .. vim.bo.filetype)
  check(#clients_of(0) == 1, "compose.dev.yaml read earlier has no shipshape client")
  note("buffers read before the plugin")

  note("done")
  vim.cmd("qa!")
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  fail("error: " .. tostring(err))
end
