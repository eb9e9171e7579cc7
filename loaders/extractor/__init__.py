"""The article extractor's steps, one module each; :mod:`geokg.loaders.articles` runs them."""
