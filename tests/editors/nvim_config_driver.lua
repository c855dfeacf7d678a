-- Runs editors/nvim/layerlint.lua against a stand-in `vim` that records what it asks Neovim to do,
-- then opens buffers and writes, for each, the root the server would start in ("-" for none).
-- Runs under any Lua 5.1 to 5.4 or LuaJIT, including Neovim's own (`nvim -u NONE -c 'luafile …'`).
--
-- Environment: LAYERLINT_LUA (the file under test), NVIM_VERSION ("0.11", "0.8" or "0.7": the
-- version the stand-in claims), BUFFERS (a file: one "filetype path" a line), OUT (the result file:
-- one "path root" a line, then "notify LEVEL" lines for each notification).

local function fail(why)
  local out = assert(io.open(os.getenv('OUT'), 'w'))
  out:write('error ', why, '\n')
  out:close()
  error(why)
end

local version = os.getenv('NVIM_VERSION')
local buffers = {}   -- bufnr -> { filetype, name }
local recorded = { notify = {}, configs = {}, enabled = {}, autocmds = {}, started = {} }

local function exists(path)
  local f = io.open(path, 'r')
  if f then
    f:close()
    return true
  end
  return false
end

local function dirname(path)
  local d = path:match('^(.*)/[^/]*$')
  if d == nil then
    return '.'
  end
  return d == '' and '/' or d
end

local fake = {
  log = { levels = { DEBUG = 1, INFO = 2, WARN = 3, ERROR = 4 } },
  notify = function(msg, level)
    table.insert(recorded.notify, { msg = msg, level = level })
  end,
  fn = {
    has = function(feature)
      local wanted = { ['0.11'] = { 'nvim-0.8', 'nvim-0.11' }, ['0.8'] = { 'nvim-0.8' }, ['0.7'] = {} }
      for _, f in ipairs(wanted[version] or fail('unknown NVIM_VERSION ' .. tostring(version))) do
        if f == feature then
          return 1
        end
      end
      return 0
    end,
    fnamemodify = function(path, mods)
      if mods ~= ':t' then
        fail('fnamemodify ' .. mods)
      end
      return path:match('[^/]*$')
    end,
  },
  api = {
    nvim_buf_get_name = function(bufnr)
      return buffers[bufnr].name
    end,
    nvim_create_augroup = function(name, opts)
      return name
    end,
    nvim_create_autocmd = function(event, opts)
      table.insert(recorded.autocmds, { event = event, opts = opts })
    end,
  },
  fs = {
    dirname = dirname,
    -- Upward search, nearest folder first, as vim.fs.find({names}, {upward = true, path = ...}).
    find = function(names, opts)
      if not opts.upward or opts.path == nil then
        fail('vim.fs.find without upward and path')
      end
      local dir = opts.path
      while true do
        for _, n in ipairs(names) do
          if exists(dir .. '/' .. n) then
            return { dir .. '/' .. n }
          end
        end
        if dir == '/' or dir == '.' then
          return {}
        end
        dir = dirname(dir)
      end
    end,
  },
  uv = { cwd = function() return '/cwd' end },
  lsp = {
    config = function(name, config)
      recorded.configs[name] = config
    end,
    enable = function(name)
      table.insert(recorded.enabled, name)
    end,
    start = function(config, opts)
      table.insert(recorded.started, { config = config, bufnr = opts and opts.bufnr })
    end,
  },
}
fake.bo = setmetatable({}, {
  __index = function(_, bufnr)
    return { filetype = buffers[bufnr].filetype }
  end,
})

local function load_with(path, env)
  local f = assert(io.open(path, 'r'))
  local source = f:read('*a')
  f:close()
  if setfenv then -- Lua 5.1, LuaJIT
    local chunk = assert(loadstring(source, '@' .. path))
    setfenv(chunk, env)
    return chunk
  end
  return assert(load(source, '@' .. path, 't', env))
end

local env = setmetatable({ vim = fake }, { __index = _G })
load_with(os.getenv('LAYERLINT_LUA'), env)()

-- Open each buffer the way that Neovim version would: 0.11 calls the enabled config's root_dir for
-- a buffer of one of its filetypes; 0.8 to 0.10 run the FileType autocommands.
local results = {}
local bufnr = 0
for line in io.lines(os.getenv('BUFFERS')) do
  local filetype, name = line:match('^(%S+) (.+)$')
  bufnr = bufnr + 1
  buffers[bufnr] = { filetype = filetype, name = name }
  local root = '-'
  local config = recorded.configs.layerlint
  if config and recorded.enabled[1] == 'layerlint' then
    for _, ft in ipairs(config.filetypes) do
      if ft == filetype then
        config.root_dir(bufnr, function(dir) root = dir end)
      end
    end
  end
  for _, autocmd in ipairs(recorded.autocmds) do
    for _, ft in ipairs(autocmd.opts.pattern) do
      if autocmd.event == 'FileType' and ft == filetype then
        local before = #recorded.started
        autocmd.opts.callback({ buf = bufnr })
        if #recorded.started > before then
          local started = recorded.started[#recorded.started]
          if started.config.name ~= 'layerlint' or started.bufnr ~= bufnr then
            fail('vim.lsp.start: name ' .. tostring(started.config.name))
          end
          root = started.config.root_dir
        end
      end
    end
  end
  table.insert(results, name .. ' ' .. root)
end

-- The command every path starts.
local cmd = recorded.configs.layerlint and recorded.configs.layerlint.cmd
  or (recorded.started[1] and recorded.started[1].config.cmd)
local out = assert(io.open(os.getenv('OUT'), 'w'))
for _, r in ipairs(results) do
  out:write(r, '\n')
end
if cmd then
  out:write('cmd ', table.concat(cmd, ' '), '\n')
end
for _, n in ipairs(recorded.notify) do
  out:write('notify ', tostring(n.level), ' ', n.msg, '\n')
end
out:close()
