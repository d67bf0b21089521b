"""Common given-name variants, so that intake finds "Lupe" when the county knows
"Guadalupe". Each line is one family of names; spelling variants the phonetic keys
already join (Jazmin/Jasmine) need not be listed."""

FAMILIES = """
alejandro alex alejo jando
alexander alex xander sasha
alexandra alex alexa sandra sasha lexi
alberto beto al
roberto beto rob robert bobby
guadalupe lupe lupita
jose pepe chepe
francisco pancho paco frank cisco
enrique kike henry
ignacio nacho
jesus chuy chucho
maria mari mary marisol
mariana mari
margarita margie rita
elizabeth liz beth betty eliza lisa
katherine kate katie kathy cathy catherine kat
jennifer jen jenny
jessica jess jessie
samantha sam sammy
alexis lexi alex
victoria vicky tori
stephanie steph stephy
christina chris tina cristina
daniela dani
gabriela gabi gaby
isabella isa bella izzy
valentina vale
william will billy bill liam
michael mike mikey miguel
christopher chris topher
anthony tony antonio
jonathan jon johnny
nicholas nick nico nicolas
joseph joe joey
dominique dom nikki
antonia toni
teresa tere terry
patricia patty trish
rebecca becky becca
""".strip()


def _build() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for line in FAMILIES.splitlines():
        names = set(line.split())
        for name in names:
            index.setdefault(name, set()).update(names)
    return {name: frozenset(family) for name, family in index.items()}


VARIANTS = _build()


def variants(name: str) -> frozenset[str]:
    """The name and the names it is often given as, in lower case."""
    key = name.strip().lower()
    return VARIANTS.get(key, frozenset()) | {key}
