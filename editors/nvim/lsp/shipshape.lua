-- Neovim 0.11+: with editors/nvim on the runtime path, `vim.lsp.enable("shipshape")` uses this
-- config (override fields with `vim.lsp.config("shipshape", { ... })`, e.g. `cmd` or
-- `settings = { shipshape = { select = { ... } } }`). Compose files get the
-- `yaml.docker-compose` filetype from plugin/shipshape.lua (Neovim calls them `yaml`).
-- Older versions: use require("shipshape").setup().
return {
  cmd = { "shipshape", "lsp" },
  filetypes = { "dockerfile", "yaml.docker-compose" },
  root_markers = { ".git", "compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml", ".shipshape.toml" },
  -- Same keys as .shipshape.toml / SPEC §4: select, ignore, preset, severity. Answered to
  -- workspace/configuration (section "shipshape").
  settings = { shipshape = {} },
  -- The settings go out as initializationOptions too (unless init_options is set), so the
  -- first analysis already uses them, as with require("shipshape").setup().
  before_init = function(params, config)
    local s = config.settings and config.settings.shipshape
    if params.initializationOptions == nil and type(s) == "table" then
      params.initializationOptions = s
    end
  end,
}
