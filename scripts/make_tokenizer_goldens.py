#!/usr/bin/env python3
"""Golden token ids for the Swift CLIP tokenizer, from CLIP's real tokenizer.

The reference is open_clip's `SimpleTokenizer` (a copy of OpenAI CLIP's), taken from the
open-clip-torch wheel that scripts/fetch_vocab.sh pins, with the vocabulary from the same wheel.
It needs `pip install ftfy==6.3.1 regex` (not torch: the module's `import torch` gets a stub).

open_clip spells the special tokens `<start_of_text>`/`<end_of_text>`; OpenAI CLIP, CLIP4Clip
and TempMe spell them `<|startoftext|>`/`<|endoftext|>` (same ids, 49406/49407) and collapse
whitespace with `regex.sub(r'\\s+', ' ')` instead of `str.split()`. The tokenizer is switched
to the OpenAI spelling below, and every case checks that both whitespace rules agree.

Usage:
  scripts/make_tokenizer_goldens.py                 # writes Tests/TempMeModelTests/Golden/tokenizer.json
  scripts/make_tokenizer_goldens.py --entity-table  # writes the HTML5 entity data for the Swift tokenizer
"""
import argparse
import hashlib
import html.entities
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import types
import unicodedata
import zipfile

import ftfy
import regex

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "Tests", "TempMeModelTests", "Golden", "tokenizer.json")
ENTITY_TABLE = os.path.join(ROOT, "Sources", "TempMeModel", "Tokenizer", "HTMLEntityTable+Data.swift")
OPEN_CLIP_VERSION = "3.3.0"
VOCAB_GZ_SHA256 = "924691ac288e54409236115652ad4aa250f48203de50a9e4722a6ecd48d6804a"


def load_open_clip_tokenizer(workdir):
    """Imports open_clip/tokenizer.py from the pinned wheel, with a stub torch module."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         f"open-clip-torch=={OPEN_CLIP_VERSION}", "-d", workdir],
        check=True,
    )
    wheel = next(f for f in os.listdir(workdir) if f.endswith(".whl"))
    with zipfile.ZipFile(os.path.join(workdir, wheel)) as archive:
        archive.extract("open_clip/tokenizer.py", workdir)
        archive.extract("open_clip/bpe_simple_vocab_16e6.txt.gz", workdir)
    vocab = os.path.join(workdir, "open_clip", "bpe_simple_vocab_16e6.txt.gz")
    with open(vocab, "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == VOCAB_GZ_SHA256, "vocabulary checksum changed"

    torch_stub = types.ModuleType("torch")
    torch_stub.Tensor = torch_stub.LongTensor = object
    sys.modules.setdefault("torch", torch_stub)
    spec = importlib.util.spec_from_file_location("open_clip_tokenizer", os.path.join(workdir, "open_clip", "tokenizer.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    tokenizer = module.SimpleTokenizer(bpe_path=vocab)
    for old, new in (("<start_of_text>", "<|startoftext|>"), ("<end_of_text>", "<|endoftext|>")):
        tokenizer.encoder[new] = tokenizer.encoder.pop(old)
    tokenizer.cache = {"<|startoftext|>": "<|startoftext|>", "<|endoftext|>": "<|endoftext|>"}
    tokenizer.pat = regex.compile(
        r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""",
        regex.IGNORECASE,
    )
    assert tokenizer.encoder["<|startoftext|>"] == 49406 and tokenizer.encoder["<|endoftext|>"] == 49407
    return module, tokenizer


def tempme_clean(module, text):
    """CLIP4Clip/TempMe's cleaning: `regex.sub(r'\\s+', ' ')` where open_clip uses `str.split()`."""
    return regex.sub(r"\s+", " ", module.basic_clean(text)).strip().lower()


def encoded(ids, max_words):
    """CLIP4Clip/TempMe's sequence: SOT + first (max_words - 2) ids + EOT, zero-padded."""
    sequence = [49406] + ids[: max_words - 2] + [49407]
    return sequence + [0] * (max_words - len(sequence))


def cases():
    long_caption = " ".join(
        f"a {color} {animal} number {i} runs across the field while people watch"
        for i, (color, animal) in enumerate(
            (c, a) for c in ("red", "green", "blue", "yellow") for a in ("dog", "cat", "horse", "bird") for _ in range(6)
        )
    )
    rng = random.Random(20260101)
    assigned = [c for c in range(0x20, 0x110000)
                if not 0xD800 <= c <= 0xDFFF and unicodedata.category(chr(c)) not in ("Cn", "Cs")]
    random_texts = ["".join(chr(rng.choice(assigned)) for _ in range(rng.randint(1, 40))) for _ in range(12)]
    fragment_texts = [fragment_text(rng, assigned) for _ in range(80)]
    return [
        ("plain caption", "a man is playing a guitar on stage"),
        ("capitalised caption", "A Woman Is Slicing Tomatoes In The KITCHEN."),
        ("punctuation", "wow!!! what?! (really) -- yes... \"quoted\" [brackets] {braces} a/b c\\d #tag @user"),
        ("numbers", "1,234.56 dollars, 3rd place, 42nd street, 2024-05-17 at 10:30pm, 100% sure, 7x7"),
        ("contractions", "it's what they've done: i'm sure we'll see, she'd go, don't you're"),
        ("contractions upper", "IT'S THEY'VE I'M WE'LL SHE'D DON'T YOU'RE"),
        ("curly apostrophe", "it\u2019s the dog\u2019s bowl, \u201cquoted\u201d and \u2018single\u2019"),
        ("accents nfc", "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, \u00fcber stra\u00dfe, ni\u00f1o a\u00f1o"),
        ("accents nfd", unicodedata.normalize("NFD", "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, \u00fcber ni\u00f1o")),
        ("combining without precomposed form", "q\u0301 x\u0323\u0302 \u1e9b\u0323"),
        ("greek final sigma", "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3 \u03a3\u039f\u03a6\u039f\u03a3. \u03a3"),
        ("turkish dotted i", "\u0130STANBUL \u0130i \u0131I"),
        ("german sharp s", "STRASSE stra\u00dfe \u1e9e"),
        ("cyrillic", "\u041a\u043e\u0448\u043a\u0430 \u0438\u0433\u0440\u0430\u0435\u0442 \u0441 \u043c\u044f\u0447\u043e\u043c"),
        ("arabic", "\u0642\u0637\u0629 \u062a\u0644\u0639\u0628 \u0628\u0627\u0644\u0643\u0631\u0629"),
        ("hindi", "\u092c\u093f\u0932\u094d\u0932\u0940 \u0917\u0947\u0902\u0926 \u0938\u0947 \u0916\u0947\u0932\u0924\u0940 \u0939\u0948"),
        ("cjk", "\u732b\u304c\u30dc\u30fc\u30eb\u3067\u904a\u3093\u3067\u3044\u308b \u4e00\u53ea\u732b\u5728\u73a9\u7403 \uace0\uc591\uc774\uac00 \uacf5\uc744"),
        ("hangul jamo nfd", unicodedata.normalize("NFD", "\ud55c\uad6d\uc5b4 \ud14d\uc2a4\ud2b8")),
        ("fullwidth", "\uff21\uff22\uff23\u3000\uff11\uff12\uff13\uff01 \uff8a\uff9d\uff76\uff78"),
        ("ligatures", "\ufb01ne \ufb02uffy \ufb03 \ufb06 \u0133 \u01c6 \u0149"),
        ("emoji", "a dog \U0001F436 and a cat \U0001F431!!! \U0001F602\U0001F602\U0001F602"),
        ("emoji zwj", "family \U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466 \U0001F3F3\ufe0f\u200d\U0001F308 \U0001F44D\U0001F3FD"),
        ("flags", "\U0001F1FA\U0001F1F8 \U0001F1EF\U0001F1F5 \U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"),
        ("html entities", "tom &amp; jerry &lt;3 &gt; &quot;hi&quot; it&#39;s &#x27;x&#x27; caf&eacute; a&nbsp;b &hellip; &mdash; &copy;"),
        ("html double escaped", "fish &amp;amp; chips &amp;lt;b&amp;gt; &amp;#39;"),
        ("html triple escaped", "salt &amp;amp;amp; pepper"),
        ("html triple escaped with tag", "salt &amp;amp;amp; pepper <b>bold</b>"),
        ("html without semicolon", "&amp &ampfoo &copy2024 &notit; &notin; &lt&gt &eacutex"),
        ("html uppercase ftfy", "P&EACUTE;REZ BUNDESSTRA&SZLIG;E &NTILDE; &nTILDE;"),
        ("html numeric edge", "&#0; &#128; &#x80; &#150; &#x9d; &#xD800; &#1114112; &#99999999999999999999; &#65 &#x41 &#; &#x; &#11; &#x10FFFF; &#xFFFE;"),
        ("html numeric in ftfy", "&#x2019;s &#8220;q&#8221; &#59; &#65abc;"),
        ("html many names", "&alpha;&beta;&Gamma; &rarr; &euro;&pound;&yen; &frac12; &times; &divide; &trade; &Jscr; &NotNestedGreaterGreater;"),
        ("tabs newlines spaces", "  a\tdog\n\nruns   fast \r\n on\u00a0the\u2003beach \u3000 now  "),
        ("control characters", "a\x00b\x07c\x0bd\x1ce\x1ff\x7fg\u200bh\ufeffi\u200ej \x1b[31mred\x1b[0m"),
        ("c1 controls", "price \x80100 \x93quoted\x94 \x85 \x81"),
        ("line separators", "one\u2028two\u2029three\x85four"),
        ("mixed case", "ThE QuIcK bRoWn FoX jUmPs OvEr ThE lAzY dOg"),
        ("empty", ""),
        ("whitespace only", " \t\n \u3000 "),
        ("lone punctuation", "?"),
        ("lone apostrophe s", "'s"),
        ("apostrophes", "''s '' 's's rock'n'roll o'clock"),
        ("special tokens in text", "<|startoftext|>a photo of a dog<|endoftext|> <|StartOfText|> <|endoftext|><|endoftext|>"),
        ("special token lookalike", "<|\u017ftartoftext|> \u2019\u017f '\u017f x<|endoftext|>"),
        ("ypogegrammeni", "\u1fb3 \u0345 a\u0345b"),
        ("numerals", "\u00bd \u2153 \u00b2 \u2163 \u0663\u0664 \u0e53 \u2460"),
        ("long word", "pneumonoultramicroscopicsilicovolcanoconiosis" * 3),
        ("url", "https://www.example.com/path/to/video?id=123&t=45s"),
        ("long caption", long_caption),
        ("html across lines with a tag", "a &amp;amp; b\nc &amp;amp; <i>d</i>\ne &amp;amp; f\r\ng &amp;lt;"),
        ("long mixed", " ".join(f"w{i}&amp;amp;x \u03a3\u0391\u03a3 caf\u0065\u0301 it\u2019s\t&#x41;\n" for i in range(120))),
        ("long line without tag then tag", "x &amp;amp; y " * 200 + "<b>"),
        ("astral letter with combining mark", "\U000270a8\U000103b1\u0301 \U0002004c\u0301 \U00010047\u0301"),
        ("hangul syllable with trailing jamo", "\uac00\u11a8 \u1100\u1161\u11a8 \u1113\u1161"),
    ] + [(f"random {i}", text) for i, text in enumerate(random_texts)] \
      + [(f"fragments {i}", text) for i, text in enumerate(fragment_texts)]


FRAGMENTS = [
    "&", "&amp;", "&amp;amp;", "&#", "&#x", "&#39;", "&#x2019;", "&EACUTE;", "&eacute", "&notin", ";", "<",
    "<|startoftext|>", "<|endoftext|>", "'", "'s", "'LL", "\u2019", "\x1b[", "\x1b[1;31m", "\r\n", "\r",
    "\u0301", "\u0345", "\u03a3", "\u0130", "\ufb03", "\uff21", "\u3000", "\x85", "\x92", " ", "  ", "\t",
    "\n", "\x0b", "\x1c", "\u200b", "\ufeff", "\u2028", "1", "\u00bd", "\u0663", "\U0001F525",
    "\U0001F468\u200d\U0001F469", "caf\u00e9", "e\u0301", "\u1100\u1161\u11a8", "\u017f",
]


def fragment_text(rng, assigned):
    """Random text mixing the pieces CLIP's cleaning treats specially with random characters."""
    parts = []
    for _ in range(rng.randint(0, 60)):
        roll = rng.random()
        if roll < 0.35:
            parts.append(rng.choice(FRAGMENTS))
        elif roll < 0.6:
            parts.append(chr(rng.randint(0x20, 0x7E)))
        elif roll < 0.8:
            parts.append(chr(rng.choice(assigned[:2000])))
        else:
            parts.append(chr(rng.choice(assigned)))
    return "".join(parts)


def write_goldens(module, tokenizer):
    entries = []
    for name, text in cases():
        assert module._clean_lower(text) == tempme_clean(module, text), f"whitespace rules disagree on {name!r}"
        if ftfy.fix_text(text) != ftfy.fix_text(text, fix_encoding=False):
            assert name.startswith("fragments"), f"{name!r} is mojibake to ftfy; the Swift tokenizer does not repair that"
            continue
        ids = tokenizer.encode(text)
        entries.append({"name": name, "text": text, "bpe": ids, "ids32": encoded(ids, 32), "ids64": encoded(ids, 64)})
    assert any(len(e["bpe"]) > 1000 for e in entries), "need one text longer than 1000 tokens"
    document = {
        "reference": f"open_clip {OPEN_CLIP_VERSION} SimpleTokenizer with OpenAI CLIP's special-token spelling; "
                     f"ftfy {ftfy.__version__}, regex {regex.__version__}, Python {sys.version.split()[0]}",
        "vocabulary_gz_sha256": VOCAB_GZ_SHA256,
        "cases": entries,
    }
    os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
    with open(GOLDEN, "w") as f:
        json.dump(document, f, ensure_ascii=True, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(entries)} cases to {GOLDEN}")


def write_entity_table():
    entries = [f"{name}={','.join('%X' % ord(c) for c in value)}" for name, value in sorted(html.entities.html5.items())]
    lines = [" ".join(entries[i:i + 8]) for i in range(0, len(entries), 8)]
    with open(ENTITY_TABLE, "w") as f:
        f.write("// Generated by scripts/make_tokenizer_goldens.py --entity-table from Python "
                f"{sys.version.split()[0]}'s html.entities.html5. Do not edit.\n")
        f.write("// Each entry is name=replacement, the replacement as hex scalars separated by commas.\n\n")
        f.write("extension HTMLEntityTable {\n")
        f.write(f"    /// The {len(entries)} HTML5 named references, as `name=hex[,hex]` entries.\n")
        f.write('    static let html5Source = """\n')
        for line in lines:
            f.write(f"        {line}\n")
        f.write('        """\n}\n')
    print(f"wrote {len(entries)} entities to {ENTITY_TABLE}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entity-table", action="store_true", help="write the Swift HTML5 entity data instead")
    args = parser.parse_args()
    if args.entity_table:
        write_entity_table()
        return
    with tempfile.TemporaryDirectory() as workdir:
        module, tokenizer = load_open_clip_tokenizer(workdir)
        write_goldens(module, tokenizer)


if __name__ == "__main__":
    main()
