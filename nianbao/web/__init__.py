"""``nianbao serve``: lookup and alerts over HTTP — JSON for programs, pages in Chinese for people."""
