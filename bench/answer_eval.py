"""The answer-quality evaluation set, written from the seed abstracts (../shared/seeds).

Each on-topic question names the key terms a right answer must contain (a tuple is a set of
alternatives, any one of which counts) and the papers it must cite (id prefixes). Follow-ups
share a conversation and are asked in order. Off-topic questions must be abstained from; several
share words with the library (world, memory, model, learn, chess) to test the abstention rule."""

from __future__ import annotations

from dataclasses import dataclass, field

Terms = tuple[tuple[str, ...], ...]

MUZERO = "c17ad5bd13"
ULTRAMEM = "a2f38cc38a"
GRADCAM = "81ec1ef99b"
LIMA = "036187de94"
DISTILBERT = "ff228e3052"
TABPFN = "feba59606e"
POINTER = "55172cbcf7"
MEMNETS = "bb238cd4ed"
MEMORIZING = "e980aae04f"
FASTSHAP = "1723dddf16"
DATASHAPLEY = "36c614cca9"
PRUNING = "10996b5c"
NEUROEVOLUTION = "b013c5551b"
DIFFUSION = "fe9570cde1"
SUMMARIZE_HF = "d95d58d711"
PROMPT_TUNING = "cced294cff"
IREVNET = "e8e3e94453"
LM_LIMITS = "46b5ddcaea"
ROBOFLOW = "1288464ab2"
FLAUBERT = "df628553e3"
GPTGNN = "df0ad684ac"
RM_ENSEMBLES = "2f87915085"
STOP_REGRESSING = "e50147a7ce"
FISHER = "eab2bd99cd"
MUON = "aa3dfc6e53"
CFCAM = "ccbad2966e"
NOPROP = "d1a36013af"
QSTAR = "d83132dd99"
DINOWM = "e4a18cbbcd"
RETROFORMER = "3b83c42db6"
CORESET = "20dde01bab"
BACKDOOR = "569ecbe61e"
DEMENTIA = "e84101843e"
W2S = "a3d464ead5"
LIGHTZERO = "85b09f2294"
NASH_MTL = "eb87cee88e"
SGLD = "7ed92e900b"


@dataclass(frozen=True)
class Question:
    text: str
    kind: str
    key_terms: Terms
    cite: tuple[str, ...]
    conversation: str = ""


def q(
    text: str, kind: str, cite: str | tuple[str, ...], *terms: str | tuple[str, ...], conversation: str = ""
) -> Question:
    cites = (cite,) if isinstance(cite, str) else cite
    return Question(text, kind, tuple((t,) if isinstance(t, str) else t for t in terms), cites, conversation)


ON_TOPIC: list[Question] = [
    # definitions
    q("What is MuZero?", "definition", MUZERO, ("tree-based search", "search"), ("learned model", "learns a model")),
    q("What is weak-to-strong generalization?", "definition", W2S, ("weak model", "weak supervisor"), ("better than",)),
    q("What is DistilBERT?", "definition", DISTILBERT, ("smaller",), ("BERT",)),
    q("What is TabPFN?", "definition", TABPFN, ("Transformer",), ("tabular",)),
    q("What is a Pointer Network?", "definition", POINTER, ("attention",), ("pointer",), ("input sequence",)),
    q("What are memory networks?", "definition", MEMNETS, ("long-term memory",), ("inference", "reason")),
    q("What is FastSHAP?", "definition", FASTSHAP, ("Shapley",), ("forward pass", "explainer")),
    q("What is data Shapley?", "definition", DATASHAPLEY, ("value",), ("training datum", "data")),
    q("What is i-RevNet?", "definition", IREVNET, ("invert",)),
    q("What is LIMA?", "definition", LIMA, ("65B", "LLaMa"), ("1,000",)),
    q("What is UltraMemV2?", "definition", ULTRAMEM, ("memory-layer",), ("architecture",)),
    q("What is GPT-GNN?", "definition", GPTGNN, ("pre-train", "pre-training"), ("graph",)),
    q("What is FlauBERT?", "definition", FLAUBERT, ("French",)),
    q("What is Q* search?", "definition", QSTAR, ("Q-network",), ("search",)),
    # mechanisms
    q(
        "How does Grad-CAM produce its localization map?",
        "mechanism",
        GRADCAM,
        ("gradient",),
        ("final convolutional layer",),
    ),
    q("How does DistilBERT reduce the size of BERT?", "mechanism", DISTILBERT, ("distillation",), ("pre-training",)),
    q(
        "How does TabPFN make predictions without parameter updates?",
        "mechanism",
        TABPFN,
        ("in-context learning",),
        ("labeled examples", "forward pass"),
    ),
    q(
        "How does Q* search avoid generating the children of a node?",
        "mechanism",
        QSTAR,
        ("forward pass",),
        ("Q-network",),
    ),
    q(
        "How do Memorizing Transformers acquire new knowledge at inference time?",
        "mechanism",
        MEMORIZING,
        ("kNN",),
        ("memor",),
    ),
    q(
        "How does the nonequilibrium thermodynamics approach build a generative model?",
        "mechanism",
        DIFFUSION,
        ("diffusion",),
        ("reverse",),
    ),
    q(
        "How does the Deep GA train deep neural networks?",
        "mechanism",
        NEUROEVOLUTION,
        ("genetic algorithm",),
        ("evolve",),
    ),
    q("How does NoProp train neural networks without back-propagation?", "mechanism", NOPROP, ("denoise",), ("layer",)),
    q("How does Fisher merging combine models?", "mechanism", FISHER, ("Fisher",), ("Gaussian", "Laplace")),
    q(
        "How does Retroformer improve language agents?",
        "mechanism",
        RETROFORMER,
        ("retrospective",),
        ("policy gradient",),
    ),
    q("How does DINO-WM plan without reconstructing images?", "mechanism", DINOWM, ("patch features",)),
    q("How does prompt tuning condition frozen language models?", "mechanism", PROMPT_TUNING, ("soft prompts",)),
    # purposes
    q("What problem does UltraMemV2 address?", "purpose", ULTRAMEM, ("memory access",), ("MoE", "Mixture of Experts")),
    q("What is Grad-CAM used for?", "purpose", GRADCAM, ("explanation",), ("CNN",)),
    q("What problem do Pointer Networks solve?", "purpose", POINTER, ("variable",), ("output",)),
    q("What is the Roboflow 100 benchmark for?", "purpose", ROBOFLOW, ("object detection", "generaliz")),
    q("Why was LightZero built?", "purpose", LIGHTZERO, ("MCTS", "Monte Carlo Tree Search"), ("benchmark",)),
    q("What does the core-set approach do in active learning?", "purpose", CORESET, ("core-set",), ("choos", "select")),
    q("What is data Shapley for?", "purpose", DATASHAPLEY, ("value",), ("quantify", "valuation")),
    q("What problem does CF-CAM address?", "purpose", CFCAM, ("gradient noise", "gradient instability")),
    # results and numbers
    q(
        "How much smaller and faster is DistilBERT than BERT?",
        "result",
        DISTILBERT,
        ("40%",),
        ("60%",),
    ),
    q("How many Atari games was MuZero evaluated on?", "result", MUZERO, ("57",)),
    q("How much does UltraMemV2 improve in-context learning?", "result", ULTRAMEM, ("7.9",)),
    q(
        "What perplexity did the best single language model reach on the One Billion Word Benchmark?",
        "result",
        LM_LIMITS,
        ("30.0",),
    ),
    q("How many classes can universal backdoor attacks control?", "result", BACKDOOR, ("6,000",)),
    q("How much faster is Q* search than A* search?", "result", QSTAR, ("129",)),
    q("How often were LIMA's responses equivalent to or preferred over GPT-4?", "result", LIMA, ("43%",)),
    q("How large is the Roboflow 100 benchmark?", "result", ROBOFLOW, ("100 datasets", "224,714")),
    # comparisons of two papers
    q("How do Grad-CAM and CF-CAM differ?", "comparison", (GRADCAM, CFCAM), ("gradient",), ("noise", "cluster")),
    q("Compare DistilBERT and FlauBERT.", "comparison", (DISTILBERT, FLAUBERT), ("distil",), ("French",)),
    q(
        "How are MuZero and LightZero related?",
        "comparison",
        (MUZERO, LIGHTZERO),
        ("benchmark",),
        ("learned model", "MuZero"),
    ),
    q(
        "What do FastSHAP and data Shapley each estimate?",
        "comparison",
        (FASTSHAP, DATASHAPLEY),
        ("Shapley",),
        ("data",),
    ),
    # Chinese
    q("什么是NASH-MTL?", "definition", NASH_MTL, ("MTL",), ("优化", "议价", "讨价还价")),
    q("SGLD会导致什么隐私问题?", "result", SGLD, ("隐私损失",)),
    # follow-ups, asked in order within their conversation
    q("What is TabPFN?", "follow-up", TABPFN, ("tabular",), conversation="tabpfn"),
    q("How fast is it?", "follow-up", TABPFN, ("second", "230", "5 700"), conversation="tabpfn"),
    q("What is MuZero?", "follow-up", MUZERO, ("learned model", "learns a model"), conversation="muzero"),
    q("What does it predict?", "follow-up", MUZERO, ("reward",), ("policy",), ("value",), conversation="muzero"),
    q("What is Grad-CAM?", "follow-up", GRADCAM, ("Grad-CAM",), conversation="gradcam"),
    q("Which models can it be applied to?", "follow-up", GRADCAM, ("CNN",), conversation="gradcam"),
    q("What is DistilBERT?", "follow-up", DISTILBERT, ("BERT",), conversation="distilbert"),
    q("How much faster is it?", "follow-up", DISTILBERT, ("60%",), conversation="distilbert"),
]

# Held out: written after the evidence rules were tuned on ON_TOPIC, and never tuned on. The
# benchmark reports them separately, as a check that the rules generalise.
HOLDOUT: list[Question] = [
    q("What is the Universal Sentence Encoder?", "definition", "a423fe6103", ("sentence",), ("embedding",)),
    q(
        "How do proto-value networks learn representations?",
        "mechanism",
        "ff87439238",
        ("auxiliary task",),
        ("successor measure",),
    ),
    q(
        "What does adding gradient noise help with?",
        "purpose",
        "f9c5029bb2",
        ("noise",),
        ("overfitting", "training loss"),
    ),
    q(
        "How do Transformers learn in context, according to the gradient descent paper?",
        "mechanism",
        "4daddbf816",
        ("gradient descent",),
    ),
    q("How does memorization grow in language models?", "mechanism", "b5230ec6f0", ("capacity",), ("duplicated",)),
    q(
        "What does a language model's ability to answer fact-based questions depend on?",
        "purpose",
        "f35a75a145",
        ("documents",),
    ),
    q("What is PODNet?", "definition", "5afff9ecee", ("distillation",), ("incremental",)),
    q("What is DIFFTACTILE?", "definition", "dbd134f4ff", ("tactile",), ("simulat",)),
    q("What are Order-Preserving GFlowNets?", "definition", "a3a8d5d6c0", ("order",), ("reward",)),
    q("How does Mistral-SPLADE differ from SPLADE?", "comparison", "62136de61a", ("decoder",), ("Mistral",)),
    q("What score did NV-Retriever-v1 reach on MTEB Retrieval?", "result", "be5f37e54b", ("60.9",)),
    q("How large is the biggest Tele-FLM model?", "result", "ff5bd793bf", ("1T", "1 trillion", "trillion")),
    q("What sizes of CodeGen2 models are released?", "result", "3ffce96d79", ("16B",), ("1B",)),
    q("What do LLMs learn linear representations of?", "definition", "dc9f30900b", ("space",), ("time",)),
    q("What is EMO?", "definition", "2e6b99cca5", ("Earth Mover",)),
    q("What is phi-1.5?", "definition", "549e0175e7", ("1.3 billion",), ("textbook",)),
    q("What is SnakModel?", "follow-up", "222c7f6db9", ("Danish",), conversation="snak"),
    q("How many Danish words was it pre-trained on?", "follow-up", "222c7f6db9", ("13.6B",), conversation="snak"),
]

OFF_TOPIC: list[str] = [
    "What is a good lasagna recipe?",
    "How do I renew my passport?",
    "Who won the 2018 FIFA World Cup?",
    "What is the capital of Australia?",
    "How do I fix a leaking kitchen faucet?",
    "When is the best time to plant tomatoes?",
    "How do I change a flat car tire?",
    "What is the plot of Pride and Prejudice?",
    "How much does a flight from Paris to Tokyo cost?",
    "Who painted the Mona Lisa?",
    "How do I train my dog to sit?",
    "What is the exchange rate of the euro to the yen?",
    "How do I bake sourdough bread?",
    "Who is the prime minister of Canada?",
    "What is the best memory foam mattress?",
    "How do I learn to play the guitar?",
    "Which Toyota model is the most reliable?",
    "What is the world record for the marathon?",
    "What is the best chess opening for beginners?",
    "How do I get rid of ants in my kitchen?",
]


@dataclass(frozen=True)
class TldrCase:
    paper: str
    key_terms: Terms


def tl(paper: str, *terms: str | tuple[str, ...]) -> TldrCase:
    return TldrCase(paper, tuple((t,) if isinstance(t, str) else t for t in terms))


# The key terms of each abstract's main claim, for the TL;DR of 20 papers.
TLDR: list[TldrCase] = [
    tl(MUZERO, "MuZero", ("learned model", "learns a model")),
    tl(DISTILBERT, "DistilBERT", ("distillation", "smaller")),
    tl(GRADCAM, ("Grad-CAM", "visual explanations")),
    tl(LIMA, ("LIMA",), ("1,000", "pretraining")),
    tl(TABPFN, "TabPFN", ("tabular",)),
    tl(POINTER, ("pointer", "Ptr-Net"), ("attention",)),
    tl(FASTSHAP, "FastSHAP", ("Shapley",)),
    tl(PRUNING, ("pruning", "pruned"), ("training", "fine-tuning", "scratch")),
    tl(NEUROEVOLUTION, ("genetic algorithm", "GA"), ("evolve", "neuroevolution")),
    tl(DIFFUSION, ("diffusion",)),
    tl(SUMMARIZE_HF, ("human feedback", "human preferences"), ("summar",)),
    tl(PROMPT_TUNING, ("prompt tuning", "soft prompts")),
    tl(GPTGNN, "GPT-GNN", ("pre-train", "pre-training")),
    tl(RM_ENSEMBLES, ("ensemble",), ("overoptimization",)),
    tl(STOP_REGRESSING, ("cross-entropy", "classification"), ("value function",)),
    tl(FISHER, ("Fisher",), ("merging",)),
    tl(MUON, "Muon", ("Adam",)),
    tl(NOPROP, "NoProp", ("propagation",)),
    tl(QSTAR, ("Q* search",), ("Q-network",)),
    tl(DEMENTIA, ("model-generated", "generated"), ("model dementia", "forget", "defects")),
]

# Papers compared side by side (the compare table's cells are checked one by one).
COMPARE: list[tuple[str, ...]] = [
    (GRADCAM, CFCAM),
    (DISTILBERT, FLAUBERT),
    (MUZERO, LIGHTZERO),
    (FASTSHAP, DATASHAPLEY),
    (TABPFN, MEMORIZING, POINTER),
]


@dataclass
class Conversation:
    name: str
    questions: list[Question] = field(default_factory=list)


def conversations(questions: list[Question] | None = None) -> list[Conversation]:
    """Standalone questions each in a conversation of their own; follow-ups grouped in order."""
    grouped: dict[str, Conversation] = {}
    for index, question in enumerate(ON_TOPIC if questions is None else questions):
        name = question.conversation or f"single-{index}"
        grouped.setdefault(name, Conversation(name)).questions.append(question)
    return list(grouped.values())
