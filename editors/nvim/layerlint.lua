-- layerlint for Neovim: findings, quick fixes and rule docs on hover from `layerlint lsp`, the
-- language server built into the layerlint binary (LSP over stdio).
--
-- Copy this file to ~/.config/nvim/plugin/layerlint.lua (run at start-up), or put it on the
-- runtimepath as lua/layerlint.lua and `require('layerlint')` from init.lua. Neovim 0.11 and later
-- use vim.lsp.config and vim.lsp.enable; 0.8 to 0.10 start the server from a FileType autocommand.
--
-- Dockerfiles have the filetype `dockerfile`. Compose files are `yaml` (or `yaml.docker-compose`
-- where a plugin sets it): the server is started only for a YAML buffer with a Compose file name,
-- never for other YAML.

local cmd = { 'layerlint', 'lsp' }        -- or { '/path/to/layerlint', 'lsp', '--ignore', 'LL2001' }
local root_markers = { '.layerlint.yaml', '.git' }
-- Options for every file, over each file's nearest .layerlint.yaml: config (a path), select and
-- ignore (rule ids, slugs or id prefixes), e.g. { select = { 'LL1' }, ignore = { 'LL2001' } }.
local init_options = {}

local filetypes = { 'dockerfile', 'yaml', 'yaml.docker-compose' }

-- The names layerlint lints as Compose files: compose.y(a)ml, compose.*.y(a)ml, compose-*.y(a)ml,
-- docker-compose.y(a)ml, docker-compose.*.y(a)ml, docker-compose-*.y(a)ml (any case).
local function is_compose_name(name)
  name = name:lower()
  if not (name:match('%.ya?ml$')) then
    return false
  end
  return name:match('^compose[.%-]') ~= nil or name:match('^docker%-compose[.%-]') ~= nil
end

-- Whether the server lints this buffer: a Dockerfile, or YAML named like a Compose file.
local function wanted(bufnr)
  if vim.bo[bufnr].filetype == 'dockerfile' then
    return true
  end
  local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':t')
  return is_compose_name(name)
end

-- The folder of the nearest .layerlint.yaml or .git above the buffer's file, else the file's folder.
local function root_of(bufnr)
  local file = vim.api.nvim_buf_get_name(bufnr)
  local folder = file ~= '' and vim.fs.dirname(file) or (vim.uv or vim.loop).cwd()
  local found = vim.fs.find(root_markers, { upward = true, path = folder })[1]
  return found and vim.fs.dirname(found) or folder
end

if vim.fn.has('nvim-0.11') == 1 then
  vim.lsp.config('layerlint', {
    cmd = cmd,
    filetypes = filetypes,
    init_options = init_options,
    -- Called for every buffer of those filetypes; the server starts only where on_dir is called.
    root_dir = function(bufnr, on_dir)
      if wanted(bufnr) then
        on_dir(root_of(bufnr))
      end
    end,
  })
  vim.lsp.enable('layerlint')
elseif vim.fn.has('nvim-0.8') == 1 then
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('layerlint', { clear = true }),
    pattern = filetypes,
    callback = function(args)
      if not wanted(args.buf) then
        return
      end
      -- vim.lsp.start reuses the running client with the same name and root_dir.
      vim.lsp.start({
        name = 'layerlint',
        cmd = cmd,
        root_dir = root_of(args.buf),
        init_options = init_options,
      }, { bufnr = args.buf })
    end,
  })
else
  vim.notify('layerlint: this configuration needs Neovim 0.8 or later', vim.log.levels.WARN)
end
