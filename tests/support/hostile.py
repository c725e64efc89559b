"""Values a hostile client puts in any parameter, as they appear in a URL."""

HOSTILE_VALUES = {
    "nul": "%00",
    "nul-inside": "mali%00x",
    "invalid-utf8": "%FF%FE",
    "lone-surrogate": "%ED%A0%80",
    "huge": "a" * 10_000,
    "negative": "-1",
    "float": "1e9",
    "huge-number": "9" * 400,
    "markup": "%3Cscript%3E",
}
