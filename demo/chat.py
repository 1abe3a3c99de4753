"""A small Claude client, as found in many projects (demo for Claude API Health)."""
import anthropic

DEFAULT_MODEL = "claude-sonnet-4-5"  # retired on 2026-11-30 (deprecated before): every request fails
FALLBACK_MODEL = "claude-3-opus-20240229"  # retired on 2026-01-05: every request fails

client = anthropic.Anthropic()


def ask(question: str, model: str = DEFAULT_MODEL) -> str:
    message = client.messages.create(
        model=model,
        max_tokens=512,
        messages=[{"role": "user", "content": question}],
    )
    return message.content[0].text


def ask_fast(question: str) -> str:
    message = client.messages.create(
        model="claude-haiku-4-5",  # a floating alias (of claude-haiku-4-5-20251001): the model can change under you
        max_tokens=256,
        messages=[{"role": "user", "content": question}],
    )
    return message.content[0].text


if __name__ == "__main__":
    print(ask("What is the capital of France?"))
