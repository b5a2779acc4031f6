-- Loaded at startup from the runtime path. It only teaches Neovim which files are Compose
-- files (`yaml.docker-compose`) and Dockerfiles, on every version from 0.7, so that both
-- require("shipshape").setup() and, on 0.11+, `vim.lsp.enable("shipshape")` (lsp/shipshape.lua)
-- see them. No server starts until one of those two is called (users choose cmd and settings).
if vim.g.loaded_shipshape then
  return
end
vim.g.loaded_shipshape = true
require("shipshape.filetype").setup()
