-- Nothing starts until require("shipshape").setup() is called (so users choose cmd and settings).
if vim.g.loaded_shipshape then
  return
end
vim.g.loaded_shipshape = true
