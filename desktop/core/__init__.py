"""Qt-free core of Abstracta: parsing, library, search, embedding, LLM and answering."""
