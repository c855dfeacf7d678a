-- Neovim's built-in LSP client against `layerlint lsp` (run by nvim.sh; Neovim 0.7 and later).
-- Opens a leaking Dockerfile, waits for the LL1001 diagnostic, applies its quick fix, edits the
-- buffer and waits for the diagnostics to follow, then stops the client and checks the exit code.
-- Every wait is bounded. Quits with 0 when all holds, else prints FAIL and quits with 1.
local binary = os.getenv('LAYERLINT')
local file = os.getenv('DOCKERFILE')
local k_wait = 10000

local function check(ok, message)
  if not ok then error(message, 0) end
end

local function lines_of(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

local function diagnostics_of(bufnr, code)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code == code) then
      table.insert(found, d)
    end
  end
  return found
end

local function run()
  check(binary and binary ~= '', 'LAYERLINT is not set')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'dockerfile'

  local exit_code
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  -- Byte columns, as Neovim counts them: clangd's offsetEncoding, which Neovim 0.7 leaves to the
  -- configuration, answered by the server in kind.
  capabilities.offsetEncoding = { 'utf-8', 'utf-16' }
  local config = {
    name = 'layerlint',
    cmd = { binary, 'lsp' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    capabilities = capabilities,
    on_init = function(client, result)
      if result.offsetEncoding then client.offset_encoding = result.offsetEncoding end
    end,
    on_exit = function(code) exit_code = code end,
  }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config)  -- 0.8 and later: starts, and attaches the current buffer
  else
    client_id = vim.lsp.start_client(config)
    check(client_id, 'the client did not start')
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  check(client_id, 'the client did not start')

  check(vim.wait(k_wait, function() return #diagnostics_of(bufnr, 'LL1001') > 0 end, 20),
        'no LL1001 diagnostic within 10 s; diagnostics: ' .. vim.inspect(vim.diagnostic.get(bufnr)))
  local client = vim.lsp.get_client_by_id(client_id)
  check(client.offset_encoding == 'utf-8', 'the encoding is ' .. tostring(client.offset_encoding))
  local leak = diagnostics_of(bufnr, 'LL1001')[1]
  check(leak.lnum == 1 and leak.col == 4 and leak.end_col == 13,
        'LL1001 is not at ARG NPM_TOKEN: ' .. vim.inspect(leak))
  check(leak.source == 'layerlint', 'the source is ' .. tostring(leak.source))
  check(leak.message:find('NPM_TOKEN', 1, true), 'the message does not name NPM_TOKEN: ' .. leak.message)

  -- The code actions at the diagnostic: its quick fix (the preferred one when there is one), applied.
  local lsp_diagnostic = {
    range = { start = { line = leak.lnum, character = leak.col },
              ['end'] = { line = leak.end_lnum, character = leak.end_col } },
    code = 'LL1001', source = 'layerlint', message = leak.message, severity = 2,
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic } },
  }, k_wait)
  check(responses and responses[client_id] and responses[client_id].result, 'no code actions: ' .. vim.inspect(responses))
  local actions = responses[client_id].result
  local chosen
  for _, action in ipairs(actions) do
    if action.isPreferred then chosen = action end
  end
  for _, action in ipairs(actions) do
    if not chosen and action.kind == 'quickfix' and not action.title:find('^Suppress') then chosen = action end
  end
  check(chosen, 'no quick fix among ' .. vim.inspect(actions))
  check(chosen.diagnostics and chosen.diagnostics[1].code == 'LL1001', 'the fix is not for LL1001')
  check(chosen.title:find('build secret', 1, true), 'unexpected fix: ' .. chosen.title)
  local suppress
  for _, action in ipairs(actions) do
    if action.title == 'Suppress LL1001 with a reason' then suppress = action end
  end
  check(suppress, 'no suppression action among ' .. vim.inspect(actions))
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  local text = lines_of(bufnr)
  check(not text:find('ARG NPM_TOKEN', 1, true), 'the ARG is still there:\n' .. text)
  check(text:find('RUN --mount=type=secret,id=npm_token', 1, true), 'no secret mount:\n' .. text)

  -- The fix was an edit of the buffer: the client sends didChange, and the LL1001 diagnostic goes.
  check(vim.wait(k_wait, function() return #diagnostics_of(bufnr, 'LL1001') == 0 end, 20),
        'LL1001 is still reported after the fix: ' .. vim.inspect(vim.diagnostic.get(bufnr)))
  -- A new leak typed in: reported on its line.
  vim.api.nvim_buf_set_lines(bufnr, 1, 1, false, { 'ARG GITHUB_TOKEN', 'RUN gh release download' })
  check(vim.wait(k_wait, function()
    local found = diagnostics_of(bufnr, 'LL1001')
    return #found == 1 and found[1].lnum == 1 and found[1].message:find('GITHUB_TOKEN', 1, true) ~= nil
  end, 20), 'no LL1001 for the new ARG: ' .. vim.inspect(vim.diagnostic.get(bufnr)))

  -- Stopping the client sends shutdown, then exit: the server ends with 0.
  vim.lsp.stop_client(client_id)
  check(vim.wait(k_wait, function() return exit_code ~= nil end, 20), 'the server did not exit')
  check(exit_code == 0, 'the server exited with ' .. tostring(exit_code))
end

local ok, err = pcall(run)
if ok then
  io.stdout:write('ok: diagnostics, quick fix, didChange and exit code through Neovim ' ..
                  tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '\n')
  vim.cmd('qall!')
else
  io.stderr:write('FAIL: ' .. tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
