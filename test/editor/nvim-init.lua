-- Neovim 0.7 test config: start `layerlint lsp --stdio` for Dockerfiles, wait for its diagnostics, ask for a hover,
-- apply the preferred quick fix, wait for the re-lint, and write what the editor saw to $LAYERLINT_OUT as JSON.
vim.cmd('filetype on')
local cmd = { vim.env.LAYERLINT_NODE, vim.env.LAYERLINT_BIN, 'lsp', '--stdio' }
local out = { events = {} }

local function log(e) table.insert(out.events, e) end

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'dockerfile',
  callback = function(args)
    local id = vim.lsp.start_client({ name = 'layerlint', cmd = cmd, root_dir = vim.fn.getcwd() })
    out.client_started = id ~= nil
    vim.lsp.buf_attach_client(args.buf, id)
  end,
})

local function diagnostics()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(list, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, message = d.message, source = d.source, code = d.code or lsp.code })
  end
  table.sort(list, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return list
end

local function has_code(code)
  for _, d in ipairs(diagnostics()) do if d.code == code then return true end end
  return false
end

local function finish()
  out.lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  out.filetype = vim.bo.filetype
  vim.fn.writefile({ vim.fn.json_encode(out) }, vim.env.LAYERLINT_OUT)
  vim.cmd('qa!')
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    vim.schedule(function()
      local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
      log('diagnostics ' .. tostring(ok))
      out.first = diagnostics()
      if not ok then return finish() end

      local uri = vim.uri_from_bufnr(0)
      local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = 2, character = 1 } }, 10000) or {}
      for _, r in pairs(hover) do if r.result then out.hover = r.result.contents.value end end

      local casing
      for _, d in ipairs(out.first) do if d.code == 'consistent-instruction-casing' then casing = d end end
      if not casing then return finish() end
      local range = { start = { line = casing.lnum, character = casing.col }, ['end'] = { line = casing.end_lnum, character = casing.end_col } }
      local actions = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', { textDocument = { uri = uri }, range = range, context = { diagnostics = {} } }, 10000) or {}
      out.actions = {}
      local preferred
      for _, r in pairs(actions) do
        for _, a in ipairs(r.result or {}) do
          table.insert(out.actions, a.title)
          if a.isPreferred and not preferred then preferred = a end
        end
      end
      if preferred then
        vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
        out.fixed = vim.wait(30000, function() return not has_code('consistent-instruction-casing') end, 50)
        out.after = diagnostics()
      end
      finish()
    end)
  end,
})
