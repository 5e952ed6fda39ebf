-- chatlint in Neovim (0.7 or newer): findings while you type, from `chatlint server`.
-- Save this file as ~/.config/nvim/plugin/chatlint.lua, or paste it into init.lua.
-- Diagnostics then show in every file chatlint reads; vim.lsp.buf.hover() on a finding
-- shows its rule's documentation and vim.lsp.buf.code_action() offers its fixes.
local patterns = {
  "*.txt", "*.text", "*.md", "*.markdown", "*.mdx", "*.html", "*.htm",
  "*.json", "*.yml", "*.yaml", "*.jsonl", "*.ndjson",
}
local config = { name = "chatlint", cmd = { "chatlint", "server" } }
local client_id = nil

vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
  group = vim.api.nvim_create_augroup("chatlint", { clear = true }),
  pattern = patterns,
  callback = function(args)
    if vim.bo[args.buf].buftype ~= "" then
      return
    end
    config.root_dir = vim.fn.getcwd()
    if vim.lsp.start then
      -- Neovim 0.8 and newer: starts the server once and attaches each buffer to it.
      vim.lsp.start(config)
      return
    end
    local client = client_id and vim.lsp.get_client_by_id(client_id)
    if not client or client.is_stopped() then
      client_id = vim.lsp.start_client(config)
    end
    if client_id then
      vim.lsp.buf_attach_client(args.buf, client_id)
    end
  end,
})
