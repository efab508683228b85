from pypinyin import Style, lazy_pinyin


def name_search_keys(name: str) -> tuple[str, str]:
    """Full pinyin ("zhangsan") and initials ("zs") of a name, lower case, letters only."""
    syllables = [syllable for syllable in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if syllable.isalpha()]
    return "".join(syllables).lower()[:200], "".join(syllable[0] for syllable in syllables).lower()[:50]
