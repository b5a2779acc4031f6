-- Driven by tests/nvim.rs: headless Neovim with the plugin from editors/nvim as the LSP client.
local bin = os.getenv("SHIPSHAPE_BIN")
local dir = os.getenv("WORKDIR")

local function fail(msg)
  io.stderr:write("FAIL: " .. msg .. "\n")
  vim.cmd("cq")
end

local function check(cond, msg)
  if not cond then
    fail(msg)
  end
end

require("shipshape").setup({
  cmd = { bin, "lsp" },
  settings = { select = { "untagged-image", "latest-tag", "stage-name-casing" } },
})

-- The Dockerfile: findings with rule ids and positions.
vim.cmd("edit " .. dir .. "/Dockerfile")
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == "dockerfile", "filetype is " .. vim.bo[buf].filetype)
check(vim.wait(15000, function()
  return #vim.diagnostic.get(buf) >= 2
end, 50), "no diagnostics for the Dockerfile")
local by_code = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  by_code[d.code] = d
  check(d.source == "shipshape", "source " .. tostring(d.source))
end
local untagged = by_code["untagged-image"]
check(untagged and untagged.lnum == 0 and untagged.col == 5 and untagged.end_col == 9, "untagged-image at 0:5-9")
local casing = by_code["stage-name-casing"]
check(casing and casing.lnum == 1 and casing.col == 20, "stage-name-casing at 1:20")

-- Hover on the finding: the rule's docs.
local uri = vim.uri_from_bufnr(buf)
local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
  textDocument = { uri = uri },
  position = { line = 0, character = 6 },
}, 10000)
local hover_text
for _, r in pairs(hover or {}) do
  if r.result then
    hover_text = r.result.contents.value
  end
end
check(hover_text and hover_text:find("# untagged%-image"), "hover shows the rule docs")

-- A quick fix, applied with Neovim's own workspace-edit code, then saved.
local lsp_diag = {
  range = { start = { line = casing.lnum, character = casing.col }, ["end"] = { line = casing.end_lnum, character = casing.end_col } },
  message = casing.message,
  code = casing.code,
  source = "shipshape",
}
local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
  textDocument = { uri = uri },
  range = lsp_diag.range,
  context = { diagnostics = { lsp_diag } },
}, 10000)
local fix
for _, r in pairs(actions or {}) do
  for _, a in ipairs(r.result or {}) do
    if a.title == "Rename the stage to `build`" then
      fix = a
    end
  end
end
check(fix and fix.edit, "the rename quick fix is offered")
vim.lsp.util.apply_workspace_edit(fix.edit, "utf-16")
vim.cmd("write")

-- The Compose file gets its own filetype and findings.
vim.cmd("edit " .. dir .. "/compose.yaml")
local cbuf = vim.api.nvim_get_current_buf()
check(vim.bo[cbuf].filetype == "yaml.docker-compose", "compose filetype is " .. vim.bo[cbuf].filetype)
check(vim.wait(15000, function()
  for _, d in ipairs(vim.diagnostic.get(cbuf)) do
    if d.code == "latest-tag" and d.lnum == 2 and d.col == 17 then
      return true
    end
  end
  return false
end, 50), "latest-tag on the Compose image")

vim.cmd("qa!")
