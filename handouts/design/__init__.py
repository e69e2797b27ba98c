"""The look of a document: layouts and paper, output profiles, colours, script fonts, branding."""
