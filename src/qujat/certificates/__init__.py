"""Award certificates: award definitions, page layout, drawing, fonts."""
