"""One module per reflection tool. Each defines `TOOL`, a `registry.Tool`; the registry
finds them by walking this package, so adding a tool is adding a module (plus its content
file in `../content/` and its template in `templates/reflections/tools/`)."""
