-- Neovim 0.11+: with editors/nvim on the runtime path, `vim.lsp.enable("shipshape")` uses this
-- config (override fields with `vim.lsp.config("shipshape", { ... })`). Older versions: use
-- require("shipshape").setup().
return {
  cmd = { "shipshape", "lsp" },
  filetypes = { "dockerfile", "yaml.docker-compose" },
  root_markers = { ".git", "compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml", ".shipshape.toml" },
  settings = { shipshape = {} },
}
