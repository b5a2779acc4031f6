-- shipshape for Neovim: starts `shipshape lsp` for Dockerfiles and Compose files.
-- Works on Neovim 0.7 (vim.lsp.start_client) and on current releases (vim.lsp.start).
local M = {}

M.filetypes = { "dockerfile", "yaml.docker-compose" }
M.root_markers = { ".git", "compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml", ".shipshape.toml" }

M.defaults = {
  cmd = { "shipshape", "lsp" },
  -- Same keys as .shipshape.toml / SPEC §4: select, ignore, preset, severity.
  settings = {},
}

-- Nearest ancestor folder holding one of the markers (vim.fs.find is 0.8+).
local function find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while dir and dir ~= "" do
    for _, m in ipairs(markers) do
      if (vim.uv or vim.loop).fs_stat(dir .. "/" .. m) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      break
    end
    dir = parent
  end
  return vim.fn.fnamemodify(path, ":p:h")
end

M.find_root = find_root

local clients = {} -- root -> client id (Neovim 0.7, which has no vim.lsp.start)

local function start(bufnr, opts)
  local name = vim.api.nvim_buf_get_name(bufnr)
  -- Neovim 0.7 takes `Dockerfile.dockerignore` for a Dockerfile before plugin/shipshape.lua
  -- corrects it (in a later autocommand of the same event).
  if name == "" or require("shipshape.filetype").is_dockerignore(name) then
    return
  end
  local root = find_root(name, M.root_markers)
  local config = {
    name = "shipshape",
    cmd = opts.cmd,
    root_dir = root,
    init_options = opts.settings,
    -- Answered to workspace/configuration (section "shipshape").
    settings = { shipshape = opts.settings },
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(opts)
  opts = vim.tbl_deep_extend("force", M.defaults, opts or {})
  -- Compose files and Dockerfiles by name. plugin/shipshape.lua has done this already unless
  -- the plugin's plugin/ folder was not loaded (then this registers it and fixes open buffers).
  require("shipshape.filetype").setup()
  local group = vim.api.nvim_create_augroup("shipshape", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.filetypes,
    callback = function(args)
      start(args.buf, opts)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.filetypes, vim.bo[buf].filetype) then
      start(buf, opts)
    end
  end
end

-- An nvim-lspconfig style entry: require("lspconfig.configs").shipshape = require("shipshape").lspconfig
M.lspconfig = {
  default_config = {
    cmd = M.defaults.cmd,
    filetypes = M.filetypes,
    root_dir = function(fname)
      return find_root(fname, M.root_markers)
    end,
    init_options = {},
    settings = { shipshape = {} },
  },
  docs = {
    description = "shipshape: diagnostics, hover docs and fixes for Dockerfiles and Docker Compose files.",
  },
}

return M
