-- Which buffers are Compose files and Dockerfiles, by file name, the same way the server
-- decides (rules/src/kind.rs, SPEC §2). Neovim calls every Compose file `yaml`; the language
-- server is started for `yaml.docker-compose`. Registered from plugin/shipshape.lua, so both
-- routes get it: require("shipshape").setup() and `vim.lsp.enable("shipshape")`.
local M = {}

M.compose = "yaml.docker-compose"
M.dockerfile = "dockerfile"
-- What Neovim calls `.dockerignore`; 0.7 and current releases both take `Dockerfile.dockerignore`
-- (the ignore file of that Dockerfile) for a Dockerfile.
M.dockerignore = "gitignore"

-- Extensions that make `Dockerfile.x` something else: other languages, templates a generator
-- fills in, documentation, backups (the server's list).
local not_dockerfile = {}
for ext in ([[go py js mjs cjs ts rs rb java kt c h cc cpp cs php pl sh bash ps1 bat md txt rst adoc
  json yml yaml toml xml html template tmpl tpl j2 jinja jinja2 erb mustache hbs njk gotmpl liquid
  swp bak orig rej patch diff snap lock sum sig asc png svg]]):gmatch("%S+") do
  not_dockerfile[ext] = true
end

local function starts_with(s, prefix)
  return s:sub(1, #prefix) == prefix
end

local function ends_with(s, suffix)
  return suffix == "" or s:sub(-#suffix) == suffix
end

--- Is this the ignore file of a Dockerfile (`.dockerignore`, `Dockerfile.dockerignore`)?
function M.is_dockerignore(name)
  return name ~= nil and ends_with(name:lower(), ".dockerignore")
end

--- The filetype shipshape gives a file from its name (a path or a bare name), or nil:
--- "yaml.docker-compose" for compose.y{a,}ml, compose.*.y{a,}ml, docker-compose*.y{a,}ml;
--- "dockerfile" for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*, Containerfile.*.
function M.match(name)
  if not name or name == "" then
    return nil
  end
  local lower = name:gsub("\\", "/"):match("[^/]*$"):lower()
  if ends_with(lower, ".dockerignore") then
    return nil
  end
  local stem = lower:match("^(.*)%.ya?ml$")
  if stem and (stem == "compose" or starts_with(stem, "compose.") or starts_with(stem, "docker-compose")) then
    return M.compose
  end
  local ext = lower:match("%.([^.]*)$")
  local other_kind = ext ~= nil and not_dockerfile[ext]
  if
    lower == "dockerfile"
    or lower == "containerfile"
    or (
      (ends_with(lower, ".dockerfile") or starts_with(lower, "dockerfile.") or starts_with(lower, "containerfile."))
      and not other_kind
    )
  then
    return M.dockerfile
  end
  return nil
end

-- Sets the buffer's filetype when shipshape knows better than what Neovim found: a Compose
-- file that Neovim called `yaml` (or nothing), a Dockerfile that Neovim did not recognise.
-- A filetype the user or another plugin chose on purpose is left alone.
local function fix_buffer(buf)
  if not vim.api.nvim_buf_is_valid(buf) then
    return
  end
  local name = vim.api.nvim_buf_get_name(buf)
  local want = M.match(name)
  local have = vim.bo[buf].filetype
  if M.is_dockerignore(name) and have == M.dockerfile then
    vim.bo[buf].filetype = M.dockerignore
    return
  end
  if want == nil or have == want then
    return
  end
  if have == "" or (want == M.compose and have == "yaml") then
    vim.bo[buf].filetype = want
  end
end

M.fix_buffer = fix_buffer

-- Is Neovim's Lua filetype detection (vim.filetype.add) the one in use? It is the only one
-- from 0.9; 0.8 has it unless g:do_legacy_filetype; 0.7 only after g:do_filetype_lua (and its
-- vim.filetype.add is not used here at all: the autocommand below covers 0.7).
local function lua_detection()
  if not (vim.filetype and vim.filetype.add) or vim.fn.has("nvim-0.8") == 0 then
    return false
  end
  return vim.fn.has("nvim-0.9") == 1 or vim.g.do_legacy_filetype ~= 1
end

local registered = false

--- Registers the detection (once; later calls only re-check the loaded buffers).
function M.setup()
  if not registered then
    registered = true
    if lua_detection() then
      -- Decided before Neovim's own `*.yaml` → yaml, so a Compose buffer gets one FileType
      -- event with the right filetype. A nil answer lets Neovim's detection go on.
      vim.filetype.add({
        pattern = {
          [".*%.[yY][aA]?[mM][lL]"] = function(path)
            return M.match(path)
          end,
          [".*%.[dD][oO][cC][kK][eE][rR][iI][gG][nN][oO][rR][eE]"] = M.dockerignore,
        },
      })
    end
    -- Every version, and the only way on 0.7 (whose filetype.vim has no Compose rule and no
    -- `*.dockerfile`): after Neovim's detection, correct what it got wrong. A no-op when the
    -- Lua detection above already set the filetype.
    vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
      group = vim.api.nvim_create_augroup("shipshape_filetype", { clear = true }),
      pattern = "*",
      callback = function(args)
        fix_buffer(args.buf)
      end,
    })
  end
  -- Buffers loaded before the plugin was (a plugin manager that loads it on FileType).
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) then
      fix_buffer(buf)
    end
  end
end

return M
