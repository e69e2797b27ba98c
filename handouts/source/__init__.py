"""Reading input: strict YAML, declared schemas, clinics, articles, Markdown, fonts, folders."""
