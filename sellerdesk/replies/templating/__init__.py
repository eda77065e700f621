"""Reply templates: the sandboxed renderer, the variables, suggestions and the starter library."""
