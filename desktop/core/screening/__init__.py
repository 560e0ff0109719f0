"""Which papers to read first: a ranking learned from the user's marks ("For you") and
screening a review by active learning (every decision retrains), over scikit-learn's linear
models on the stored sentence embeddings and TF-IDF of title and abstract."""
