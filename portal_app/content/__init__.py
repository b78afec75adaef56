"""Plain-language content: UI strings (English and Spanish) and crisis resources."""
