"""The search index: embeddings, chunks, the versioned Chroma store, ingest and hybrid retrieval."""
