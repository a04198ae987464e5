"""`claimcheck lsp`: a language server publishing findings as diagnostics.

Nothing here is imported by `claimcheck check`; pygls loads only when the server starts.
"""
