"""Languages: language specs, gettext catalogs, CLDR formatting, Kazakh grammar, transliteration,
the Jinja2 environment."""
