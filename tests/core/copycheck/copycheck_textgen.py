"""Invented text for copy-check tests."""
import random


def random_sentences(seed: int, count: int, length: int = 28) -> list[str]:
    """Invented filler: random ideographs, so any shared run of 13 characters is a real copy."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        chars = [chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(length)]
        chars.insert(length // 2, "，")
        out.append("".join(chars) + "。")
    return out


def random_text(seed: int, count: int = 40) -> str:
    sentences = random_sentences(seed, count)
    return "\n".join("".join(sentences[i : i + 4]) for i in range(0, count, 4))
