"""Reader pages: meetings, paragraphs, side by side, citations, downloads, feed, sitemap, Akoma Ntoso."""
